package diagram

import (
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner/plantest"
)

var testPlan = planner.PlanContext{Name: "ai-128gpu", Site: "dc1", DeviceStatus: "planned"}

// design is a planned fabric to draw.
type design struct {
	switches []SwitchClass
	servers  []ServerClass
}

// reference is SPEC §10 (scale 1), or its variant with scale times the GPU servers.
func reference(t testing.TB, scale int) design {
	t.Helper()
	ref, err := plantest.PlanReference(testPlan, scale)
	if err != nil {
		t.Fatal(err)
	}
	var d design
	for _, name := range ref.Order {
		d.switches = append(d.switches, SwitchClass{Input: ref.SwitchClasses[name], Plan: ref.Switches[name]})
	}
	for name, sc := range ref.ServerClasses {
		d.servers = append(d.servers, ServerClass{Name: name, Quantity: sc.Quantity})
	}
	return d
}

// planDesign plans server classes, then switch classes in order; each switch class is built by a
// function that sees the attachments planned so far.
func planDesign(t testing.TB, servers []planner.ServerClass, switches ...func(map[string]planner.Attachment) planner.SwitchClass) design {
	t.Helper()
	var d design
	att := map[string]planner.Attachment{}
	for _, sc := range servers {
		p := planner.PlanServerClass(testPlan, sc)
		if p.Diagnostics.HasError() {
			t.Fatalf("server class %s: %v", sc.Name, p.Diagnostics)
		}
		for name, a := range p.Attachments {
			att[sc.Name+"/"+name] = a
		}
		d.servers = append(d.servers, ServerClass{Name: sc.Name, DeviceType: sc.DeviceType, Quantity: sc.Quantity})
	}
	for _, build := range switches {
		sc := build(att)
		p := planner.PlanSwitchClass(testPlan, sc, nil)
		if p.Diagnostics.HasError() {
			t.Fatalf("switch class %s: %v", sc.Name, p.Diagnostics)
		}
		for name, a := range p.Exports {
			att[sc.Name+"/"+name] = a
		}
		d.switches = append(d.switches, SwitchClass{Input: sc, Plan: p})
	}
	return d
}

// dualHomed is a server class with two 100G ports alternating over its leaves and a 1G BMC.
func dualHomed(name, deviceType string, qty int) planner.ServerClass {
	return planner.ServerClass{Name: name, DeviceType: deviceType, Quantity: qty,
		NICs: map[string]planner.NIC{"fe": {Ports: 2, Speed: 100}, "bmc": {Ports: 1, Speed: 1}},
		Connections: map[string]planner.Connection{
			"fe":  {NIC: "fe", Ports: 2, Speed: 100, Distribution: planner.DistAlternating},
			"bmc": {NIC: "bmc", Ports: 1, Speed: 1, Distribution: planner.DistSameSwitch, PortType: planner.PortTypeIPMI},
		}}
}

// small is 8 dual-homed servers on 2 DS3000 leaves (8 server ports, 2 uplinks each) under one
// spine; their BMCs are not cabled.
func small(t testing.TB) design {
	return planDesign(t, []planner.ServerClass{dualHomed("compute", "srv", 8)},
		func(a map[string]planner.Attachment) planner.SwitchClass {
			return planner.SwitchClass{Name: "leaf", Fabric: "frontend", Role: planner.RoleServerLeaf, DeviceType: "celestica-ds3000",
				Zones: map[string]planner.Zone{
					"servers": {Kind: planner.ZoneServer, Ports: "1-8", Breakout: "1x100g", Attach: []planner.Attachment{a["compute/fe"]}},
					"uplinks": {Kind: planner.ZoneUplink, Ports: "31-32", Breakout: "1x100g"},
				}}
		},
		func(a map[string]planner.Attachment) planner.SwitchClass {
			return planner.SwitchClass{Name: "spine", Fabric: "frontend", Role: planner.RoleSpine, DeviceType: "celestica-ds3000",
				Zones: map[string]planner.Zone{
					"fabric": {Kind: planner.ZoneFabric, Ports: "1-32", Breakout: "1x100g", Attach: []planner.Attachment{a["leaf/uplinks"]}},
				}}
		})
}

// longName is a server class name longer than a box holds.
const longName = "storage-nodes-with-an-unusually-long-class-name"

// large is 512 servers on 64 DS3000 leaves (16 server lanes each) under 8 DS4000 spines, with 11
// unmanaged OOB switches for the BMCs; one server class has a name too long for its box.
func large(t testing.TB) design {
	return planDesign(t, []planner.ServerClass{dualHomed("compute", "compute-server", 448), dualHomed(longName, "storage-server", 64)},
		func(a map[string]planner.Attachment) planner.SwitchClass {
			return planner.SwitchClass{Name: "leaf", Fabric: "frontend", Role: planner.RoleServerLeaf, DeviceType: "celestica-ds3000",
				Zones: map[string]planner.Zone{
					"servers": {Kind: planner.ZoneServer, Ports: "1-16", Breakout: "1x100g",
						Attach: []planner.Attachment{a["compute/fe"], a[longName+"/fe"]}},
					"uplinks": {Kind: planner.ZoneUplink, Ports: "17-32", Breakout: "1x100g"},
				}}
		},
		func(a map[string]planner.Attachment) planner.SwitchClass {
			return planner.SwitchClass{Name: "spine", Fabric: "frontend", Role: planner.RoleSpine, DeviceType: "celestica-ds4000",
				Zones: map[string]planner.Zone{
					"fabric": {Kind: planner.ZoneFabric, Ports: "1-32", Breakout: "4x100g", Attach: []planner.Attachment{a["leaf/uplinks"]}},
				}}
		},
		func(a map[string]planner.Attachment) planner.SwitchClass {
			return planner.SwitchClass{Name: "oob", Fabric: "oob-mgmt", FabricClass: planner.FabricUnmanaged, Role: planner.RoleServerLeaf,
				DeviceType: "es1000-48", CustomPorts: []planner.PortGroup{
					{First: 1, Last: 48, NativeSpeed: 1, Connector: "RJ45", Default: "1x1g", Breakouts: []string{"1x1g"}}},
				Zones: map[string]planner.Zone{
					"oob": {Kind: planner.ZoneOOB, Ports: "1-48", Breakout: "1x1g", Attach: []planner.Attachment{a["compute/bmc"], a[longName+"/bmc"]}},
				}}
		})
}

// designs are the fabrics the layout must keep legible, from 8 servers to 1024 GPU servers.
func designs(t testing.TB) map[string]design {
	return map[string]design{
		"8 servers":             small(t),
		"SPEC §10":              reference(t, 1),
		"SPEC §10, 1024 GPU":    reference(t, 8),
		"512 servers 64 leaves": large(t),
	}
}

func build(t testing.TB, d design, level Level) *Graph {
	t.Helper()
	g, err := Build(d.switches, d.servers, Options{Level: level, Title: testPlan.Name})
	if err != nil {
		t.Fatal(err)
	}
	return g
}
