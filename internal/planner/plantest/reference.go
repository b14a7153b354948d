package plantest

import (
	"fmt"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// PlanReference plans the canonical 128-GPU cluster of SPEC §10. scale multiplies the GPU
// server counts (96 and 32); scale 8 is the 1024-GPU-server variant.
func PlanReference(pc planner.PlanContext, scale int) (*Design, error) {
	return planReference(newBuilder(pc), scale)
}

// PlanReferenceWithMedia plans it with the physical layer of examples/ai-cluster-128gpu
// (ExampleMedia).
func PlanReferenceWithMedia(pc planner.PlanContext, scale int) (*Design, error) {
	b := newBuilder(pc)
	b.media = ExampleMedia()
	return planReference(b, scale)
}

func planReference(b *builder, scale int) (*Design, error) {
	fe := func(p planner.ServerPlan) planner.Attachment { return p.Attachments["fe"] }

	n, cn := DualHomed(200)
	gpuFeOnly := b.server(WithBMC("gpu-fe-only", 96*scale, n, cn))
	n, cn = DualHomed(200)
	n["be"] = planner.NIC{Ports: 8, Speed: 400}
	railConns := addRails(cn, 8)
	gpuBE := b.server(WithBMC("gpu-with-backend", 32*scale, n, cn))
	var small = []struct {
		name       string
		qty, speed int
	}{{"storage", 18, 200}, {"admin-node", 1, 25}, {"host-lfm-ctrl", 1, 100}, {"hh-fe-ctrl", 1, 100},
		{"hh-be-ctrl", 1, 100}, {"exo-kube", 3, 100}, {"hhg", 2, 200}}
	for _, s := range small {
		n, cn = DualHomed(s.speed)
		b.server(WithBMC(s.name, s.qty, n, cn))
	}
	servers := b.d.Servers
	var bmc []planner.Attachment
	for _, name := range []string{"gpu-fe-only", "gpu-with-backend", "storage", "admin-node", "host-lfm-ctrl",
		"hh-fe-ctrl", "hh-be-ctrl", "exo-kube", "hhg"} {
		bmc = append(bmc, servers[name].Attachments["bmc"])
	}
	oob := b.switchClass(planner.SwitchClass{Name: "oob-mgmt-leaf", Fabric: "oob-mgmt", FabricClass: planner.FabricUnmanaged,
		Role: planner.RoleServerLeaf, DeviceType: "es1000-48", CustomPorts: ES1000Ports(), Zones: map[string]planner.Zone{
			"oob":     {Kind: planner.ZoneOOB, Ports: "1-48", Breakout: "1x1g", Attach: bmc},
			"uplinks": {Kind: planner.ZoneUplink, Ports: "49-50", Breakout: "1x25g"},
		}})
	gpuLeaf := b.switchClass(ds5000Leaf("fe-gpu-leaf", "frontend", "1-63:2", "4x200g", "2-64:2", fe(gpuFeOnly), fe(gpuBE)))
	storLeaf := b.switchClass(ds5000Leaf("fe-storage-leaf", "frontend", "1-63:2", "4x200g", "2-64:2", fe(servers["storage"])))
	var ctrl []planner.Attachment
	for _, name := range []string{"host-lfm-ctrl", "hh-fe-ctrl", "hh-be-ctrl", "exo-kube"} {
		ctrl = append(ctrl, fe(servers[name]))
	}
	border := b.switchClass(planner.SwitchClass{Name: "fe-border-leaf", Fabric: "frontend", Role: planner.RoleBorderLeaf,
		DeviceType: "celestica-ds3000", Zones: map[string]planner.Zone{
			"servers-100g": {Kind: planner.ZoneServer, Ports: "1-13", Breakout: "1x100g", Attach: ctrl},
			"servers-25g": {Kind: planner.ZoneServer, Ports: "14-16", Breakout: "4x25g",
				Attach: []planner.Attachment{fe(servers["admin-node"]), oob.Exports["uplinks"]}},
			"uplinks": {Kind: planner.ZoneUplink, Ports: "17-32", Breakout: "1x100g"},
		}})
	b.switchClass(planner.SwitchClass{Name: "fe-spine", Fabric: "frontend", Role: planner.RoleSpine, DeviceType: "celestica-ds5000",
		Zones: map[string]planner.Zone{
			"fabric": {Kind: planner.ZoneFabric, Ports: "2-63", Breakout: "1x800g",
				Attach: []planner.Attachment{gpuLeaf.Exports["uplinks"], storLeaf.Exports["uplinks"]}},
			"servers": {Kind: planner.ZoneServer, Ports: "1", Breakout: "4x200g", Attach: []planner.Attachment{fe(servers["hhg"])}},
			"border": {Kind: planner.ZoneFabric, Ports: "64", Breakout: "8x100g",
				Attach: []planner.Attachment{border.Exports["uplinks"]}},
		}})
	railPorts := "1-33"
	if scale > 1 {
		// Full rail domains of 66 servers would reach port 33, which the uplink zone uses.
		railPorts = "1-32"
	}
	railLeaf := b.switchClass(ds5000Leaf("be-rail-leaf", "backend", railPorts, "2x400g", "33-64", attachments(gpuBE, railConns)...))
	b.switchClass(spine("be-spine", "backend", railLeaf.Exports["uplinks"]))
	return b.done()
}

// addRails adds rails rail-optimized 400G connections be-rail-<r> on ports r of NIC "be" and
// returns their names in rail order.
func addRails(conns map[string]planner.Connection, rails int) []string {
	var names []string
	for rail := range rails {
		name := fmt.Sprintf("be-rail-%d", rail)
		conns[name] = planner.Connection{NIC: "be", FirstPort: rail, Ports: 1, Speed: 400,
			Distribution: planner.DistRailOptimized, Rail: rail, HasRail: true}
		names = append(names, name)
	}
	return names
}

func attachments(p planner.ServerPlan, conns []string) []planner.Attachment {
	out := make([]planner.Attachment, 0, len(conns))
	for _, c := range conns {
		out = append(out, p.Attachments[c])
	}
	return out
}

// spine is a DS5000 spine whose fabric zone 1-64 takes the given leaves' uplinks.
func spine(name, fabric string, uplinks ...planner.Attachment) planner.SwitchClass {
	return planner.SwitchClass{Name: name, Fabric: fabric, Role: planner.RoleSpine, DeviceType: "celestica-ds5000",
		Zones: map[string]planner.Zone{"fabric": {Kind: planner.ZoneFabric, Ports: "1-64", Breakout: "1x800g", Attach: uplinks}}}
}
