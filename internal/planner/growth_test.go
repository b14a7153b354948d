package planner_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner/plantest"
)

// TestGrowRailOptimizedPod is the day-2 story of issue 17 on bench/rail-optimized's pod (8
// rails at 2x400g on DS5000 zone 1-32, uplinks 33-64): 32 servers, grown to 48, then shrunk to
// 40. Server cables never move; the 16 new servers start a second rail group, laid out as a
// fresh plan of 16 servers is (two leaves of four rails); the backend spines grow from 2 to 4
// (six leaves' 32 uplinks, the first spines taking 11 of each, need more than 3x64 lanes) and
// the old leaves' uplinks move to them only with allow_recabling, each keeping its even share
// (8 of 32) on every old spine.
func TestGrowRailOptimizedPod(t *testing.T) {
	d32 := mustRegrow(t, 32, nil, false)
	checkQuantities(t, d32, map[string]int{"be-rail-leaf": 4, "be-spine": 2, "fe-leaf": 2, "fe-spine": 1, "oob-leaf": 1})

	// Without allow_recabling the spine class refuses to move uplinks and says how to proceed.
	refused, err := plantest.RegrowRailOptimized(planner.TestPlan, 48, d32, false)
	if err == nil || !strings.Contains(err.Error(), "allow_recabling") || !strings.Contains(err.Error(), "64 of them") {
		t.Fatalf("growing the spines without allow_recabling: %v", err)
	}
	if leaf := refused.Switches["be-rail-leaf"]; leaf.Diagnostics.HasError() || len(leaf.Changes.Moved) != 0 {
		t.Fatalf("the rail leaves grow without moving anything: %s", planner.DescribeDiags(leaf.Diagnostics))
	}

	d48 := mustRegrow(t, 48, d32, true)
	checkQuantities(t, d48, map[string]int{"be-rail-leaf": 6, "be-spine": 4})
	checkKept(t, d32, d48, "be-rail-leaf", "fe-leaf", "oob-leaf")
	spines := d48.Switches["be-spine"]
	if got := spines.Changes; len(got.Moved) != 64 || got.Added != 64 || got.Removed != 0 {
		t.Errorf("be-spine changes: added %d removed %d moved %d, want 64/0/64", got.Added, got.Removed, len(got.Moved))
	}
	checkEvenSpread(t, spines, 8)
	// The new servers form a second rail group on leaves 5-6: rails 0-3 on leaf 5, 4-7 on leaf 6.
	links := planner.LinksOf(d48.Switches["be-rail-leaf"])
	for rail := range 8 {
		want := fmt.Sprintf("be-rail-leaf-%02d:", 5+rail/4)
		if got := links[fmt.Sprintf("gpu-041:be-p%d", rail)]; !strings.HasPrefix(got, want) {
			t.Errorf("gpu-041 rail %d on %s, want %s...", rail, got, want)
		}
	}

	d40 := mustRegrow(t, 40, d48, false)
	checkQuantities(t, d40, map[string]int{"be-rail-leaf": 6, "be-spine": 4})
	checkKept(t, d48, d40, "be-rail-leaf", "be-spine", "fe-leaf", "fe-spine", "oob-leaf")
	if got := d40.Switches["be-rail-leaf"].Changes; got.Added != 0 || got.Removed != 64 || len(got.Moved) != 0 {
		t.Errorf("shrink: added %d removed %d moved %d, want 0/64/0", got.Added, got.Removed, len(got.Moved))
	}
	// Growing back to 48 puts the servers where they were.
	again := mustRegrow(t, 48, d40, false)
	if got, want := planner.LinksOf(again.Switches["be-rail-leaf"]), planner.LinksOf(d48.Switches["be-rail-leaf"]); !equalMaps(got, want) {
		t.Errorf("re-growing to 48 did not restore the rail placement")
	}
}

// TestGrowSpinesKeepsEvenShare: a leaf keeps as many links to each old spine as its even share
// over the new spine count allows, and no more cables move than that bound.
func TestGrowSpinesKeepsEvenShare(t *testing.T) {
	d := mustRegrow(t, 32, nil, false)
	for _, tc := range []struct{ servers, spines int }{
		// 12 leaves x 32 over 6 spines would give the first two spines 72 links: 7 it is.
		{64, 4}, {96, 7}, {128, 8}, {512, 32},
	} {
		grown, err := plantest.RegrowRailOptimized(planner.TestPlan, tc.servers, d, true)
		if err != nil {
			t.Fatalf("%d servers: %v", tc.servers, err)
		}
		sp := grown.Switches["be-spine"]
		if sp.Effective != tc.spines {
			t.Errorf("%d servers: %d spines, want %d", tc.servers, sp.Effective, tc.spines)
		}
		bound := evenShareBoundOf(d.Switches["be-spine"], sp.Devices)
		if len(sp.Changes.Moved) != bound {
			t.Errorf("%d servers: %d uplinks moved, want the even-share bound %d", tc.servers, len(sp.Changes.Moved), bound)
		}
		checkEvenSpread(t, sp, 32/sp.Effective)
	}
}

// checkEvenSpread asserts that every leaf reaches every spine with at least base links.
func checkEvenSpread(t *testing.T, sp planner.SwitchPlan, base int) {
	t.Helper()
	count := map[[2]string]int{}
	leaves := map[string]bool{}
	for _, l := range sp.Links {
		count[[2]string{l.ADevice, l.BDevice}]++
		leaves[l.ADevice] = true
	}
	for leaf := range leaves {
		for _, spine := range sp.Devices {
			if n := count[[2]string{leaf, spine}]; n < base {
				t.Errorf("%s has %d links to %s, want at least %d", leaf, n, spine, base)
			}
		}
	}
}

func mustRegrow(t *testing.T, servers int, prev *plantest.Design, allow bool) *plantest.Design {
	t.Helper()
	d, err := plantest.RegrowRailOptimized(planner.TestPlan, servers, prev, allow)
	if err != nil {
		t.Fatalf("%d servers: %v", servers, err)
	}
	return d
}

func checkQuantities(t *testing.T, d *plantest.Design, want map[string]int) {
	t.Helper()
	for class, n := range want {
		if got := d.Switches[class].Effective; got != n {
			t.Errorf("%s: %d switches, want %d", class, got, n)
		}
	}
}

// checkKept asserts that every link of the classes in before that still has its upstream end
// in after keeps its switch port.
func checkKept(t *testing.T, before, after *plantest.Design, classes ...string) {
	t.Helper()
	for _, class := range classes {
		now := planner.LinksOf(after.Switches[class])
		for a, b := range planner.LinksOf(before.Switches[class]) {
			if got, ok := now[a]; ok && got != b {
				t.Errorf("%s: %s moved from %s to %s", class, a, b, got)
			}
		}
		if moved := after.Switches[class].Changes.Moved; len(moved) > 0 {
			t.Errorf("%s: %d cables moved, first %+v", class, len(moved), moved[0])
		}
	}
}

// TestRecablingFallsBackToFreshPlacement: when the prior links cannot all stay (here an
// override holds the class at two switches while its rail group sits on switch 2), the plan
// says how many cables a fresh placement moves, and allow_recabling takes that placement.
func TestRecablingFallsBackToFreshPlacement(t *testing.T) {
	conns := map[string]planner.Connection{}
	for rail := range 2 {
		conns[fmt.Sprintf("rail-%d", rail)] = planner.Connection{NIC: "be", FirstPort: rail, Ports: 1, Speed: 400,
			Distribution: planner.DistRailOptimized, Rail: rail, HasRail: true}
	}
	srv := planner.PlanServerClass(planner.TestPlan, planner.ServerClass{Name: "gpu", Quantity: 2,
		NICs: map[string]planner.NIC{"be": {Ports: 2, Speed: 400}}, Connections: conns})
	leaf := planner.DS5000("leaf", map[string]planner.Zone{"servers": {Kind: planner.ZoneServer, Ports: "1", Breakout: "2x400g",
		Attach: []planner.Attachment{srv.Attachments["rail-0"], srv.Attachments["rail-1"]}}})
	leaf.Override, leaf.HasOverride = 2, true
	prior := &planner.Prior{Switches: 2, Links: []planner.Link{
		{ADevice: "gpu-001", APort: "be-p0", BDevice: "leaf-02", BPort: "E1/1/1"},
		{ADevice: "gpu-002", APort: "be-p0", BDevice: "leaf-02", BPort: "E1/1/2"},
	}}
	refused := planner.PlanSwitchClass(planner.TestPlan, leaf, prior)
	if !planner.HasDiag(refused.Diagnostics, planner.SeverityError, "allow_recabling", "moving 2 of them") {
		t.Fatalf("want the recabling error, got %s", planner.DescribeDiags(refused.Diagnostics))
	}
	leaf.AllowRecabling = true
	moved := planner.PlanSwitchClass(planner.TestPlan, leaf, prior)
	if moved.Diagnostics.HasError() {
		t.Fatal(planner.DescribeDiags(moved.Diagnostics))
	}
	fresh := planner.PlanSwitchClass(planner.TestPlan, leaf, nil)
	if !equalMaps(planner.LinksOf(moved), planner.LinksOf(fresh)) {
		t.Errorf("allow_recabling must give the fresh placement")
	}
	if c := moved.Changes; c.Added != 2 || c.Removed != 0 || len(c.Moved) != 2 || c.Moved[0].From != "leaf-02:E1/1/1" {
		t.Errorf("changes %+v", c)
	}
}
