package planner

import (
	"fmt"
	"strings"
	"testing"
)

var testPlan = PlanContext{Name: "t", Site: "dc1", DeviceStatus: "planned"}

// servers plans a server class with one NIC and one connection and returns its attachment.
func servers(t testing.TB, class string, qty, ports, speed int, dist, portType string, rail int) Attachment {
	t.Helper()
	conn := Connection{NIC: "nic", Ports: ports, Speed: speed, Distribution: dist, PortType: portType}
	if rail >= 0 {
		conn.Rail, conn.HasRail = rail, true
	}
	sp := PlanServerClass(testPlan, ServerClass{
		Name: class, Quantity: qty,
		NICs:        map[string]NIC{"nic": {Ports: ports, Speed: speed}},
		Connections: map[string]Connection{"c": conn},
	})
	if sp.Diagnostics.HasError() {
		t.Fatalf("server class %s: %v", class, sp.Diagnostics)
	}
	return sp.Attachments["c"]
}

func ds5000(name string, zones map[string]Zone) SwitchClass {
	return SwitchClass{Name: name, Fabric: "frontend", Role: RoleServerLeaf, DeviceType: "celestica-ds5000", Zones: zones}
}

// es1000Ports is the OOB switch of SPEC §10, outside the catalogue. Tests outside package
// planner use plantest.ES1000Ports; these cannot, since plantest imports planner.
func es1000Ports() []PortGroup {
	return []PortGroup{
		{First: 1, Last: 48, NativeSpeed: 1, Connector: "RJ45", Default: "1x1g", Breakouts: []string{"1x1g"}},
		{First: 49, Last: 52, NativeSpeed: 25, Connector: "SFP28", Default: "1x25g", Breakouts: []string{"1x25g", "1x10g"}},
	}
}

func mustPlan(t testing.TB, sc SwitchClass) SwitchPlan {
	t.Helper()
	p := PlanSwitchClass(testPlan, sc, nil)
	if p.Diagnostics.HasError() {
		t.Fatalf("%s: unexpected errors: %s", sc.Name, describeDiags(p.Diagnostics))
	}
	return p
}

func describeDiags(ds Diagnostics) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, fmt.Sprintf("[%d] %s: %s: %s", d.Severity, d.Path, d.Summary, d.Detail))
	}
	return strings.Join(parts, "; ")
}

func linksOf(p SwitchPlan) map[string]string {
	m := map[string]string{}
	for _, l := range p.Links {
		m[l.AKey()] = l.BKey()
	}
	return m
}

// TestQuantityVectors are the worked vectors of SPEC §4.
func TestQuantityVectors(t *testing.T) {
	uplinks := func(class string, qty int) Attachment {
		leaf := mustPlan(t, ds5000(class, map[string]Zone{
			"servers": {Kind: ZoneServer, Ports: "1-63:2", Breakout: "4x200g",
				Attach: []Attachment{servers(t, class+"-srv", qty*64, 2, 200, DistAlternating, "", -1)}},
			"uplinks": {Kind: ZoneUplink, Ports: "2-64:2", Breakout: "1x800g"},
		}))
		if leaf.Effective != qty {
			t.Fatalf("leaf %s: quantity %d, want %d", class, leaf.Effective, qty)
		}
		return leaf.Exports["uplinks"]
	}
	var railAtts []Attachment
	for r := range 8 {
		railAtts = append(railAtts, servers(t, fmt.Sprintf("rail%d", r), 32, 1, 400, DistRailOptimized, "", r))
	}
	zone12 := func(atts ...Attachment) SwitchClass {
		return ds5000("leaf", map[string]Zone{"s": {Kind: ZoneServer, Ports: "1-3", Breakout: "4x200g", Attach: atts}})
	}
	oneAlt := servers(t, "alt", 1, 2, 200, DistAlternating, "", -1)
	oneSame := servers(t, "same", 1, 2, 200, DistSameSwitch, "", -1)
	tests := []struct {
		name string
		sc   SwitchClass
		want int
	}{
		{"128 servers alternating on 1-63:2 4x200g", ds5000("leaf", map[string]Zone{
			"s": {Kind: ZoneServer, Ports: "1-63:2", Breakout: "4x200g", Attach: []Attachment{
				servers(t, "a", 96, 2, 200, DistAlternating, "", -1), servers(t, "b", 32, 2, 200, DistAlternating, "", -1)}},
		}), 2},
		{"8 rails x 32 servers on 1-33 2x400g", ds5000("rail", map[string]Zone{
			"s": {Kind: ZoneServer, Ports: "1-33", Breakout: "2x400g", Attach: railAtts},
		}), 4},
		{"155 ipmi ports on a 48-port oob switch", SwitchClass{
			Name: "oob", Fabric: "oob-mgmt", FabricClass: FabricUnmanaged, Role: RoleServerLeaf, DeviceType: "es1000-48",
			CustomPorts: es1000Ports(),
			Zones: map[string]Zone{"oob": {Kind: ZoneOOB, Ports: "1-48", Breakout: "1x1g",
				Attach: []Attachment{servers(t, "bmc", 155, 1, 1, DistSameSwitch, PortTypeIPMI, -1)}}},
		}, 4},
		{"spine over 2+2 leaves on 2-63", SwitchClass{Name: "spine", Fabric: "frontend", Role: RoleSpine,
			DeviceType: "celestica-ds5000", Zones: map[string]Zone{"fabric": {Kind: ZoneFabric, Ports: "2-63", Breakout: "1x800g",
				Attach: []Attachment{uplinks("leaf-a", 2), uplinks("leaf-b", 2)}}}}, 3},
		{"spine over four leaves on 1-64", SwitchClass{Name: "spine", Fabric: "frontend", Role: RoleSpine,
			DeviceType: "celestica-ds5000", Zones: map[string]Zone{"fabric": {Kind: ZoneFabric, Ports: "1-64", Breakout: "1x800g",
				Attach: []Attachment{uplinks("leaf-c", 4)}}}}, 2},
		{"mixed zones take the max, not the sum", ds5000("mixed", map[string]Zone{
			"a": {Kind: ZoneServer, Ports: "1-16", Breakout: "2x400g", Attach: []Attachment{servers(t, "x", 8, 8, 400, DistSameSwitch, "", -1)}},
			"b": {Kind: ZoneServer, Ports: "17-22", Breakout: "4x200g", Attach: []Attachment{servers(t, "y", 9, 4, 200, DistSameSwitch, "", -1)}},
		}), 2},
		{"12 lanes: 1 server x 2 alternating", zone12(oneAlt), 2},
		{"12 lanes: two classes of 7 x 2 alternating", zone12(
			servers(t, "p", 7, 2, 200, DistAlternating, "", -1), servers(t, "q", 7, 2, 200, DistAlternating, "", -1)), 3},
		{"12 lanes: 1 server x 2 same-switch", zone12(oneSame), 1},
		{"12 lanes: one alternating and one same-switch", zone12(oneAlt, oneSame), 2},
		{"12 lanes: quantity 0", zone12(servers(t, "none", 0, 2, 200, DistAlternating, "", -1)), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustPlan(t, tt.sc)
			if p.Calculated != tt.want || p.Effective != tt.want {
				t.Fatalf("calculated %d effective %d, want %d", p.Calculated, p.Effective, tt.want)
			}
			if len(p.Devices) != tt.want {
				t.Fatalf("%d devices, want %d", len(p.Devices), tt.want)
			}
		})
	}
}

func TestRedundancyQuantities(t *testing.T) {
	dcs := func(rt string, qty int) SwitchClass {
		return SwitchClass{Name: "leaf", Fabric: "frontend", Role: RoleServerLeaf, DeviceType: "celestica-ds3000",
			Redundancy: &Redundancy{Type: rt, Group: "g1"},
			Zones: map[string]Zone{"s": {Kind: ZoneServer, Ports: "1-12", Breakout: "1x100g",
				Attach: []Attachment{servers(t, "s", qty, 1, 100, DistSameSwitch, "", -1)}}}}
	}
	if p := mustPlan(t, dcs(KindESLAG, 12)); p.Effective != 2 {
		t.Errorf("eslag with demand for 1: got %d, want 2", p.Effective)
	}
	// SPEC §4's "mclag with demand for 3 -> 4" is superseded: MCLAG is refused (design decision 65).
	m := PlanSwitchClass(testPlan, dcs(KindMCLAG, 36), nil)
	if !hasDiag(m.Diagnostics, SeverityError, "redundancy.type", `type = "eslag"`) || m.Effective != 0 {
		t.Errorf("mclag must be refused with the ESLAG way out: %d switches, %s", m.Effective, describeDiags(m.Diagnostics))
	}
	if mustPlan(t, dcs(KindESLAG, 36)).Effective != 3 {
		t.Errorf("the same demand as ESLAG must plan 3 switches")
	}
	e := PlanSwitchClass(testPlan, dcs(KindESLAG, 60), nil)
	if !hasDiag(e.Diagnostics, SeverityError, "redundancy", "2 to 4") {
		t.Errorf("eslag above 4 must fail: %s", describeDiags(e.Diagnostics))
	}
}

func hasDiag(ds Diagnostics, sev Severity, path, text string) bool {
	for _, d := range ds {
		if d.Severity == sev && d.Path.String() == path && strings.Contains(d.Summary+": "+d.Detail, text) {
			return true
		}
	}
	return false
}
