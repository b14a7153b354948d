package planner

import "fmt"

// Reference is the canonical 128-GPU cluster of SPEC §10, planned class by class in the order
// Terraform plans them. Tests and benchmarks of several packages check their results against
// it, so it lives here rather than in one package's tests.
type Reference struct {
	ServerClasses map[string]ServerClass
	Servers       map[string]ServerPlan
	SwitchClasses map[string]SwitchClass
	Switches      map[string]SwitchPlan
	Order         []string // switch classes, in planning order
}

// PlanReference plans the reference design. scale multiplies the GPU server counts (96 and 32);
// scale 8 is the 1024-GPU-server variant.
func PlanReference(pc PlanContext, scale int) (*Reference, error) {
	r := &Reference{ServerClasses: map[string]ServerClass{}, Servers: map[string]ServerPlan{},
		SwitchClasses: map[string]SwitchClass{}, Switches: map[string]SwitchPlan{}}
	var err error
	addServer := func(sc ServerClass) ServerPlan {
		p := PlanServerClass(pc, sc)
		if p.Diagnostics.HasError() && err == nil {
			err = fmt.Errorf("server class %s: %v", sc.Name, p.Diagnostics)
		}
		r.ServerClasses[sc.Name], r.Servers[sc.Name] = sc, p
		return p
	}
	addSwitch := func(sc SwitchClass) SwitchPlan {
		p := PlanSwitchClass(pc, sc, nil)
		if p.Diagnostics.HasError() && err == nil {
			err = fmt.Errorf("switch class %s: %v", sc.Name, p.Diagnostics)
		}
		r.SwitchClasses[sc.Name], r.Switches[sc.Name] = sc, p
		r.Order = append(r.Order, sc.Name)
		return p
	}
	fe := func(p ServerPlan) Attachment { return p.Attachments["fe"] }

	n, cn := dualHomed(200)
	gpuFeOnly := addServer(referenceServerClass("gpu-fe-only", 96*scale, n, cn))
	n, cn = dualHomed(200)
	n["be"] = NIC{Ports: 8, Speed: 400}
	var railConns []string
	for rail := range 8 {
		name := fmt.Sprintf("be-rail-%d", rail)
		cn[name] = Connection{NIC: "be", FirstPort: rail, Ports: 1, Speed: 400,
			Distribution: DistRailOptimized, Rail: rail, HasRail: true}
		railConns = append(railConns, name)
	}
	gpuBE := addServer(referenceServerClass("gpu-with-backend", 32*scale, n, cn))
	var small = []struct {
		name       string
		qty, speed int
	}{{"storage", 18, 200}, {"admin-node", 1, 25}, {"host-lfm-ctrl", 1, 100}, {"hh-fe-ctrl", 1, 100},
		{"hh-be-ctrl", 1, 100}, {"exo-kube", 3, 100}, {"hhg", 2, 200}}
	for _, s := range small {
		n, cn = dualHomed(s.speed)
		addServer(referenceServerClass(s.name, s.qty, n, cn))
	}
	var bmc []Attachment
	for _, name := range []string{"gpu-fe-only", "gpu-with-backend", "storage", "admin-node", "host-lfm-ctrl",
		"hh-fe-ctrl", "hh-be-ctrl", "exo-kube", "hhg"} {
		bmc = append(bmc, r.Servers[name].Attachments["bmc"])
	}
	oob := addSwitch(SwitchClass{Name: "oob-mgmt-leaf", Fabric: "oob-mgmt", FabricClass: FabricUnmanaged, Role: RoleServerLeaf,
		DeviceType: "es1000-48", CustomPorts: es1000Ports(), Zones: map[string]Zone{
			"oob":     {Kind: ZoneOOB, Ports: "1-48", Breakout: "1x1g", Attach: bmc},
			"uplinks": {Kind: ZoneUplink, Ports: "49-50", Breakout: "1x25g"},
		}})
	ds5000Leaf := func(name, fabric, serverPorts, serverBreakout, uplinkPorts string, atts ...Attachment) SwitchPlan {
		return addSwitch(SwitchClass{Name: name, Fabric: fabric, Role: RoleServerLeaf, DeviceType: "celestica-ds5000",
			Zones: map[string]Zone{
				"servers": {Kind: ZoneServer, Ports: serverPorts, Breakout: serverBreakout, Attach: atts},
				"uplinks": {Kind: ZoneUplink, Ports: uplinkPorts, Breakout: "1x800g"},
			}})
	}
	gpuLeaf := ds5000Leaf("fe-gpu-leaf", "frontend", "1-63:2", "4x200g", "2-64:2", fe(gpuFeOnly), fe(gpuBE))
	storLeaf := ds5000Leaf("fe-storage-leaf", "frontend", "1-63:2", "4x200g", "2-64:2", fe(r.Servers["storage"]))
	var ctrl []Attachment
	for _, name := range []string{"host-lfm-ctrl", "hh-fe-ctrl", "hh-be-ctrl", "exo-kube"} {
		ctrl = append(ctrl, fe(r.Servers[name]))
	}
	border := addSwitch(SwitchClass{Name: "fe-border-leaf", Fabric: "frontend", Role: RoleBorderLeaf, DeviceType: "celestica-ds3000",
		Zones: map[string]Zone{
			"servers-100g": {Kind: ZoneServer, Ports: "1-13", Breakout: "1x100g", Attach: ctrl},
			"servers-25g": {Kind: ZoneServer, Ports: "14-16", Breakout: "4x25g",
				Attach: []Attachment{fe(r.Servers["admin-node"]), oob.Exports["uplinks"]}},
			"uplinks": {Kind: ZoneUplink, Ports: "17-32", Breakout: "1x100g"},
		}})
	addSwitch(SwitchClass{Name: "fe-spine", Fabric: "frontend", Role: RoleSpine, DeviceType: "celestica-ds5000",
		Zones: map[string]Zone{
			"fabric": {Kind: ZoneFabric, Ports: "2-63", Breakout: "1x800g",
				Attach: []Attachment{gpuLeaf.Exports["uplinks"], storLeaf.Exports["uplinks"]}},
			"servers": {Kind: ZoneServer, Ports: "1", Breakout: "4x200g", Attach: []Attachment{fe(r.Servers["hhg"])}},
			"border":  {Kind: ZoneFabric, Ports: "64", Breakout: "8x100g", Attach: []Attachment{border.Exports["uplinks"]}},
		}})
	var rails []Attachment
	for _, name := range railConns {
		rails = append(rails, gpuBE.Attachments[name])
	}
	railPorts := "1-33"
	if scale > 1 {
		// Full rail domains of 66 servers would reach port 33, which the uplink zone uses.
		railPorts = "1-32"
	}
	railLeaf := ds5000Leaf("be-rail-leaf", "backend", railPorts, "2x400g", "33-64", rails...)
	addSwitch(SwitchClass{Name: "be-spine", Fabric: "backend", Role: RoleSpine, DeviceType: "celestica-ds5000",
		Zones: map[string]Zone{"fabric": {Kind: ZoneFabric, Ports: "1-64", Breakout: "1x800g",
			Attach: []Attachment{railLeaf.Exports["uplinks"]}}}})
	return r, err
}

// referenceServerClass adds the 1G BMC NIC every reference server has, cabled same-switch as ipmi.
func referenceServerClass(name string, qty int, nics map[string]NIC, conns map[string]Connection) ServerClass {
	nics["bmc"] = NIC{Ports: 1, Speed: 1}
	conns["bmc"] = Connection{NIC: "bmc", Ports: 1, Speed: 1, Distribution: DistSameSwitch, PortType: PortTypeIPMI}
	return ServerClass{Name: name, Quantity: qty, NICs: nics, Connections: conns}
}

// dualHomed is a two-port frontend NIC, its ports alternating over two leaves.
func dualHomed(speed int) (map[string]NIC, map[string]Connection) {
	return map[string]NIC{"fe": {Ports: 2, Speed: speed}},
		map[string]Connection{"fe": {NIC: "fe", Ports: 2, Speed: speed, Distribution: DistAlternating}}
}

// es1000Ports describes the reference OOB switch: 48x1G RJ45 and 4x25G SFP28, outside the catalogue.
func es1000Ports() []PortGroup {
	return []PortGroup{
		{First: 1, Last: 48, NativeSpeed: 1, Connector: "RJ45", Default: "1x1g", Breakouts: []string{"1x1g"}},
		{First: 49, Last: 52, NativeSpeed: 25, Connector: "SFP28", Default: "1x25g", Breakouts: []string{"1x25g", "1x10g"}},
	}
}
