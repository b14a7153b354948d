package plantest

import "github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"

// Media dresses a design's classes with a physical layer: NIC cages and module types, and the
// physical fields of connections and zones, by class and name.
type Media struct {
	NICs        map[string]map[string]planner.NIC // class -> NIC -> cage and module type
	Connections map[string]planner.Physical       // "class/connection" (or "*/connection")
	Zones       map[string]planner.Physical       // "class/zone"
}

// ExampleMedia is what examples/ai-cluster-128gpu declares: copper inside a rack (the BMC
// patch cords, storage, control nodes and the OOB uplinks on DAC), AOC from the GPU servers'
// ConnectX-7 cards and the gateways, and single-mode fibre between racks (leaf to spine, border
// uplinks and the rails, whose servers have OSFP backend NICs).
func ExampleMedia() *Media {
	dac, aoc, smf := planner.Physical{Medium: planner.MediumDAC}, planner.Physical{Medium: planner.MediumAOC},
		planner.Physical{Medium: planner.MediumSMF}
	fe := planner.NIC{Cage: "QSFP112", ModuleType: "ConnectX-7 2x200G QSFP112"}
	m := &Media{
		NICs: map[string]map[string]planner.NIC{
			"gpu-fe-only":      {"fe": fe},
			"gpu-with-backend": {"fe": fe, "be": {Cage: "OSFP"}},
		},
		Connections: map[string]planner.Physical{
			"*/bmc": dac, "gpu-fe-only/fe": aoc, "gpu-with-backend/fe": aoc, "storage/fe": dac, "admin-node/fe": dac,
			"host-lfm-ctrl/fe": dac, "hh-fe-ctrl/fe": dac, "hh-be-ctrl/fe": dac, "exo-kube/fe": dac, "hhg/fe": aoc,
		},
		Zones: map[string]planner.Physical{
			"oob-mgmt-leaf/uplinks": dac,
			"fe-gpu-leaf/uplinks":   smf, "fe-storage-leaf/uplinks": smf, "fe-border-leaf/uplinks": smf,
			"fe-spine/fabric": smf, "fe-spine/border": smf,
			"be-rail-leaf/servers": smf, "be-rail-leaf/uplinks": smf, "be-spine/fabric": smf,
		},
	}
	return m
}

func (m *Media) dressServer(sc *planner.ServerClass) {
	if m == nil {
		return
	}
	for name, extra := range m.NICs[sc.Name] {
		n := sc.NICs[name]
		n.Cage, n.ModuleType = extra.Cage, extra.ModuleType
		sc.NICs[name] = n
	}
	for name, c := range sc.Connections {
		phys, ok := m.Connections[sc.Name+"/"+name]
		if !ok {
			phys = m.Connections["*/"+name]
		}
		c.Physical = phys
		sc.Connections[name] = c
	}
}

func (m *Media) dressSwitch(sc *planner.SwitchClass) {
	if m == nil {
		return
	}
	for name, z := range sc.Zones {
		z.Physical = m.Zones[sc.Name+"/"+name]
		sc.Zones[name] = z
	}
}
