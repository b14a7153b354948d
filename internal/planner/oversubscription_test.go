package planner

import (
	"strings"
	"testing"
)

// TestOversubscription: the busiest switch's server links against its uplink lanes. 32 servers x
// 2 x 200G on one DS5000 (64 lanes of 4x200g on 16 ports) are 12 800G down; one 800G uplink
// port makes it 16:1, four make it 4:1; a class without an uplink zone reports nothing.
func TestOversubscription(t *testing.T) {
	servers := func(qty int) Attachment { return vtSrvAtt(t, "gpu", qty, 2, 200, nil) }
	leaf := func(uplinks string, qty int) SwitchClass {
		zones := map[string]Zone{"servers": {Kind: ZoneServer, Ports: "1-31:2", Breakout: "4x200g", Attach: []Attachment{servers(qty)}}}
		if uplinks != "" {
			zones["up"] = Zone{Kind: ZoneUplink, Ports: uplinks, Breakout: "1x800g"}
		}
		return vtLeaf("leaf", zones)
	}
	tests := []struct {
		name     string
		sc       SwitchClass
		down, up int
		ratio    string
	}{
		{"64x200G down on 1x800G up", leaf("64", 32), 12800, 800, "16:1"},
		{"64x200G down on 4x800G up", leaf("61-64", 32), 12800, 3200, "4:1"},
		{"33 servers on two switches: the busier has 17", leaf("61-64", 33), 6800, 3200, "2.13:1"},
		{"5 servers on 3x800G", leaf("62-64", 5), 2000, 2400, "0.83:1"},
		{"no uplink zone", leaf("", 32), 0, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := vtPlan(t, tc.sc, nil).Calculation.Oversubscription
			ratio := ""
			if o.UplinkGbps > 0 {
				ratio = RatioText(o.Ratio)
			}
			if o.DownlinkGbps != tc.down || o.UplinkGbps != tc.up || ratio != tc.ratio {
				t.Errorf("got %dG down, %dG up, %q; want %dG, %dG, %q", o.DownlinkGbps, o.UplinkGbps, ratio, tc.down, tc.up, tc.ratio)
			}
			if tc.up > 0 && o.Switch != "leaf-01" {
				t.Errorf("busiest switch %q, want leaf-01", o.Switch)
			}
		})
	}
}

// TestMaxOversubscription: a ratio above the bound is an error on max_oversubscription with
// the uplink lanes that bring it within; at or below the bound, or unset, nothing.
func TestMaxOversubscription(t *testing.T) {
	leaf := func(uplinks string, limit float64) SwitchClass {
		sc := vtLeaf("leaf", map[string]Zone{
			"servers": {Kind: ZoneServer, Ports: "1-31:2", Breakout: "4x200g", Attach: []Attachment{vtSrvAtt(t, "gpu", 32, 2, 200, nil)}},
			"up":      {Kind: ZoneUplink, Ports: uplinks, Breakout: "1x800g"},
		})
		sc.MaxOversubscription = limit
		return sc
	}
	rows := []vtRow{
		vtSwitchRow("16:1 above 4:1", leaf("64", 4), SeverityError, "max_oversubscription",
			`leaf-01 carries 12800G of server links on 800G of uplinks, 16:1, above max_oversubscription 4:1. `+
				`Give zone "up" 3 more 800G uplink lanes`),
		vtSwitchRow("bound below 1", leaf("64", 0.5), SeverityError, "max_oversubscription", "at least 1 (1 means non-blocking), not 0.5"),
		vtSwitchRow("bound without uplinks", func() SwitchClass {
			sc := leaf("64", 3)
			delete(sc.Zones, "up")
			return sc
		}(), SeverityWarning, "max_oversubscription", `switch class "leaf" has no uplink zone`),
	}
	vtRunRows(t, rows)
	for _, sc := range []SwitchClass{leaf("61-64", 4), leaf("64", 16), leaf("64", 0)} {
		if d := PlanSwitchClass(testPlan, sc, nil).Diagnostics; len(d) > 0 && strings.Contains(describeDiags(d), "max_oversubscription") {
			t.Errorf("max %g with uplinks %s: %s", sc.MaxOversubscription, sc.Zones["up"].Ports, describeDiags(d))
		}
	}
}
