package planner

import (
	"testing"
)

// FuzzPlanSwitchClass feeds arbitrary zone specs, breakouts, quantities and overrides through
// the whole planner: it must never panic, and a plan without errors must be internally
// consistent (every link on a device of the class, no lane used twice).
func FuzzPlanSwitchClass(f *testing.F) {
	f.Add("1-63:2", "4x200g", "2-64:2", "1x800g", 96, 2, 200, "alternating", 0, false, "sequential")
	f.Add("1-33", "2x400g", "33-64", "1x800g", 32, 1, 400, "rail-optimized", 3, true, "spaced")
	f.Add("1-3", "4x200g", "4", "1x800g", 7, 2, 200, "same-switch", 2, true, "interleaved")
	f.Add("1-1024", "8x100g", "", "", 1000000000, 64, 100, "alternating", 1, true, "custom")
	f.Add("70-65,,x", "9x9g", "1-", "1x800g", -1, 0, 0, "", -5, true, "")
	f.Fuzz(func(t *testing.T, serverPorts, serverBreakout, uplinkPorts, uplinkBreakout string,
		qty, ports, speed int, dist string, override int, hasOverride bool, strategy string) {
		if qty > 5000 || qty < -5 {
			qty %= 5000
		}
		conn := Connection{NIC: "nic", Ports: ports, Speed: speed, Distribution: dist, Rail: override, HasRail: hasOverride}
		sp := PlanServerClass(testPlan, ServerClass{Name: "srv", Quantity: qty,
			NICs:        map[string]NIC{"nic": {Ports: max(ports, 1), Speed: max(speed, 1)}},
			Connections: map[string]Connection{"c": conn}})
		var attach []Attachment
		if a, ok := sp.Attachments["c"]; ok {
			attach = append(attach, a)
		}
		sc := ds5000("leaf", map[string]Zone{
			"servers": {Kind: ZoneServer, Ports: serverPorts, Breakout: serverBreakout, Strategy: strategy, Attach: attach},
			"uplinks": {Kind: ZoneUplink, Ports: uplinkPorts, Breakout: uplinkBreakout},
		})
		sc.Override, sc.HasOverride = override, hasOverride
		p := PlanSwitchClass(testPlan, sc, nil)
		if p.Diagnostics.HasError() {
			return
		}
		devices := map[string]bool{}
		for _, d := range p.Devices {
			devices[d] = true
		}
		used := map[string]bool{}
		for _, l := range p.Links {
			if !devices[l.BDevice] {
				t.Fatalf("link to unknown switch %q", l.BDevice)
			}
			if used[l.BKey()] {
				t.Fatalf("lane %s used twice", l.BKey())
			}
			used[l.BKey()] = true
		}
		if len(attach) > 0 {
			if want := len(attach[0].Devices) * len(attach[0].Ports); len(p.Links) != want {
				t.Fatalf("%d links for %d demanded ports", len(p.Links), want)
			}
		}
	})
}
