package planner_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner/plantest"
)

// planCanonical128 plans the reference design of SPEC §10 for a test.
func planCanonical128(t testing.TB, gpuScale int) *plantest.Design {
	t.Helper()
	r, err := plantest.PlanReference(planner.TestPlan, gpuScale)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCanonical128Quantities(t *testing.T) {
	c := planCanonical128(t, 1)
	want := map[string]int{"fe-gpu-leaf": 2, "fe-storage-leaf": 2, "fe-border-leaf": 2, "fe-spine": 4,
		"be-rail-leaf": 4, "be-spine": 2, "oob-mgmt-leaf": 4}
	switches, cables, servers := 0, 0, 0
	switchPorts := map[string]bool{}
	for name, w := range want {
		p := c.Switches[name]
		if p.Calculated != w || p.Effective != w {
			t.Errorf("%s: calculated %d effective %d, want %d", name, p.Calculated, p.Effective, w)
		}
		switches += p.Effective
		cables += len(p.Links)
		for _, l := range p.Links {
			switchPorts[l.BKey()] = true
			if strings.Contains(l.ADevice, "leaf") {
				switchPorts[l.AKey()] = true
			}
		}
	}
	for _, s := range c.Servers {
		servers += len(s.Devices)
	}
	if switches != 20 || servers != 155 || switches+servers != 175 {
		t.Errorf("devices: %d switches + %d servers, want 20 + 155", switches, servers)
	}
	if cables != 1017 {
		t.Errorf("cables: %d, want 1017", cables)
	}
	if len(switchPorts) != 1313 {
		t.Errorf("switch interfaces with a cable: %d, want 1313", len(switchPorts))
	}
	for name, p := range c.Switches {
		for _, d := range p.Diagnostics {
			if d.Severity == planner.SeverityError {
				t.Errorf("%s: %s", name, planner.DescribeDiags(planner.Diagnostics{d}))
			}
		}
	}
}

func TestCanonical128Placement(t *testing.T) {
	c := planCanonical128(t, 1)
	gpu := planner.LinksOf(c.Switches["fe-gpu-leaf"])
	if got := gpu["gpu-fe-only-001:fe-p0"]; got != "fe-gpu-leaf-01:E1/1/1" {
		t.Errorf("gpu-fe-only-001 fe-p0 -> %s", got)
	}
	if got := gpu["gpu-fe-only-001:fe-p1"]; got != "fe-gpu-leaf-02:E1/1/1" {
		t.Errorf("gpu-fe-only-001 fe-p1 -> %s", got)
	}
	rail := planner.LinksOf(c.Switches["be-rail-leaf"])
	for s := 1; s <= 32; s++ {
		for r := range 8 {
			got := rail[fmt.Sprintf("gpu-with-backend-%03d:be-p%d", s, r)]
			want := fmt.Sprintf("be-rail-leaf-%02d:", r/2+1)
			if !strings.HasPrefix(got, want) {
				t.Fatalf("server %d rail %d -> %q, want on %s", s, r, got, want)
			}
		}
	}
	perPair := func(plan planner.SwitchPlan, zone string) map[string]int {
		m := map[string]int{}
		for _, l := range plan.Links {
			if l.Zone == zone {
				m[l.ADevice+"->"+l.BDevice]++
			}
		}
		return m
	}
	for pair, n := range perPair(c.Switches["fe-spine"], "fabric") {
		if n != 8 {
			t.Errorf("frontend %s: %d links, want 8", pair, n)
		}
	}
	border := perPair(c.Switches["fe-spine"], "border")
	if len(border) != 8 {
		t.Errorf("border pairs: %d, want 8", len(border))
	}
	for pair, n := range border {
		if n != 4 {
			t.Errorf("border %s: %d links, want 4", pair, n)
		}
	}
	for _, l := range c.Switches["fe-spine"].Links {
		if l.Zone == "border" && !strings.HasPrefix(l.BPort, "E1/64/") {
			t.Errorf("border uplink on spine port %s", l.BPort)
		}
	}
	for pair, n := range perPair(c.Switches["be-spine"], "fabric") {
		if n != 16 {
			t.Errorf("backend %s: %d links, want 16", pair, n)
		}
	}
	kinds := map[string]int{}
	for _, p := range c.Switches {
		for _, l := range p.Links {
			kinds[l.Kind]++
		}
	}
	// 721 server links; 256 leaf-spine + 32 border uplinks; 8 OOB surrogate uplinks.
	if want := map[string]int{planner.KindUnbundled: 721 + 8, planner.LinkFabric: 256 + 32}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("link kinds %v, want %v", kinds, want)
	}
	warned := planner.HasDiag(c.Switches["be-rail-leaf"].Diagnostics, planner.SeverityWarning, `zones["uplinks"].ports`, "do not collide")
	if !warned {
		t.Errorf("be-rail-leaf: port 33 overlap must warn: %s", planner.DescribeDiags(c.Switches["be-rail-leaf"].Diagnostics))
	}
}

// TestPlanIsDeterministic plans the canonical case twice and compares every link.
func TestPlanIsDeterministic(t *testing.T) {
	a, b := planCanonical128(t, 1), planCanonical128(t, 1)
	for _, name := range a.Order {
		la, lb := a.Switches[name].Links, b.Switches[name].Links
		if len(la) != len(lb) {
			t.Fatalf("%s: %d vs %d links", name, len(la), len(lb))
		}
		for i := range la {
			if la[i] != lb[i] {
				t.Fatalf("%s link %d differs: %v vs %v", name, i, la[i], lb[i])
			}
		}
	}
}

// TestStickyBreakoutChangeReplacesZone: when a zone's breakout changes, every cable on it is a
// different cable, so none keeps its prior lane even where the lane name survives.
func TestStickyBreakoutChangeReplacesZone(t *testing.T) {
	c := planCanonical128(t, 1)
	prior := &planner.Prior{Links: c.Switches["fe-gpu-leaf"].Links, Breakouts: map[string]string{"servers": "4x200g", "uplinks": "1x800g"}}
	sticky := planner.PlanSwitchClass(planner.TestPlan, feGPULeafWith(t, c, "4x200g"), prior)
	fresh := planner.PlanSwitchClass(planner.TestPlan, feGPULeafWith(t, c, "2x200g"), nil)
	moved := planner.PlanSwitchClass(planner.TestPlan, feGPULeafWith(t, c, "2x200g"), prior)
	if sticky.Diagnostics.HasError() || fresh.Diagnostics.HasError() || moved.Diagnostics.HasError() {
		t.Fatalf("%s %s %s", planner.DescribeDiags(sticky.Diagnostics), planner.DescribeDiags(fresh.Diagnostics), planner.DescribeDiags(moved.Diagnostics))
	}
	// Same breakout: the prior links stay exactly where they were.
	was := planner.LinksOf(c.Switches["fe-gpu-leaf"])
	for a, b := range planner.LinksOf(sticky) {
		if old, ok := was[a]; ok && old != b {
			t.Fatalf("%s moved from %s to %s with an unchanged breakout", a, old, b)
		}
	}
	// Changed breakout: the placement is the fresh one, not one bent around the old lanes.
	if got, want := planner.LinksOf(moved), planner.LinksOf(fresh); !equalMaps(got, want) {
		t.Fatalf("after a breakout change the zone must be placed afresh")
	}
}

func feGPULeafWith(t *testing.T, c *plantest.Design, breakout string) planner.SwitchClass {
	return planner.DS5000("fe-gpu-leaf", map[string]planner.Zone{
		"servers": {Kind: planner.ZoneServer, Ports: "1-63:2", Breakout: breakout, Attach: []planner.Attachment{
			c.Servers["gpu-fe-only"].Attachments["fe"], c.Servers["gpu-with-backend"].Attachments["fe"]}},
		"uplinks": {Kind: planner.ZoneUplink, Ports: "2-64:2", Breakout: "1x800g"},
	})
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestCanonical128Oversubscription: the reference design is non-blocking where it matters. The
// GPU leaf pair takes 128 servers x 2 x 200G alternating, 128 links (25 600G) a leaf, on 32 x
// 800G uplinks; each of the 4 rail leaves takes 64 x 400G of the 32 x 8 rail links, on 32 x
// 800G. The OOB leaves carry 39 x 1G BMC links on 2 x 25G uplinks. Spines have no uplink zone.
func TestCanonical128Oversubscription(t *testing.T) {
	c := planCanonical128(t, 1)
	want := map[string][2]int{"fe-gpu-leaf": {25600, 25600}, "be-rail-leaf": {25600, 25600}, "oob-mgmt-leaf": {39, 50},
		"fe-spine": {0, 0}, "be-spine": {0, 0}}
	for class, w := range want {
		o := c.Switches[class].Calculation.Oversubscription
		if o.DownlinkGbps != w[0] || o.UplinkGbps != w[1] {
			t.Errorf("%s: %dG down on %dG up, want %dG on %dG", class, o.DownlinkGbps, o.UplinkGbps, w[0], w[1])
		}
	}
}
