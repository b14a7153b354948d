package plantest

import "github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"

// MaxRailOptimizedServers is the largest size of PlanRailOptimized that two tiers can wire: at
// 512 servers the 64 backend leaves need 32 spines, as many as a leaf has uplinks.
const MaxRailOptimizedServers = 512

// PlanRailOptimized plans the rail-optimized CLOS of bench/rail-optimized (the same classes,
// names and zones as its HCL): n GPU servers, each with 2x200G alternating over a frontend
// leaf class, eight 400G rails over a backend leaf class, and a BMC port on an OOB class;
// one DS5000 spine class per fabric.
func PlanRailOptimized(pc planner.PlanContext, n int) (*Design, error) {
	return RegrowRailOptimized(pc, n, nil, false)
}

// RegrowRailOptimized plans the same design at n servers against prev, its previous plan (day
// 2: each switch class keeps its links), with allow_recabling on the spine classes when
// allow is set. A nil prev is a fresh plan.
func RegrowRailOptimized(pc planner.PlanContext, n int, prev *Design, allow bool) (*Design, error) {
	b := newBuilder(pc)
	b.prev, b.allow = prev, allow
	nics, conns := DualHomed(200)
	nics["be"] = planner.NIC{Ports: 8, Speed: 400}
	rails := addRails(conns, 8)
	gpu := b.server(WithBMC("gpu", n, nics, conns))
	b.switchClass(oobLeaf("oob-leaf", "oob-mgmt", gpu.Attachments["bmc"]))
	fe := b.switchClass(ds5000Leaf("fe-leaf", "frontend", "1-63:2", "4x200g", "2-64:2", gpu.Attachments["fe"]))
	be := b.switchClass(ds5000Leaf("be-rail-leaf", "backend", "1-32", "2x400g", "33-64", attachments(gpu, rails)...))
	b.switchClass(spine("fe-spine", "frontend", fe.Exports["uplinks"]))
	b.switchClass(spine("be-spine", "backend", be.Exports["uplinks"]))
	return b.done()
}

// oobLeaf is an unmanaged ES1000-48 that takes BMC ports on 1-48. Its 25G uplinks lead to a
// management network outside the design, so it has no uplink zone.
func oobLeaf(name, fabric string, bmc ...planner.Attachment) planner.SwitchClass {
	return planner.SwitchClass{Name: name, Fabric: fabric, FabricClass: planner.FabricUnmanaged, Role: planner.RoleServerLeaf,
		DeviceType: "es1000-48", CustomPorts: ES1000Ports(), Zones: map[string]planner.Zone{
			"oob": {Kind: planner.ZoneOOB, Ports: "1-48", Breakout: "1x1g", Attach: bmc},
		}}
}
