package planner

import (
	"fmt"
	"strings"
	"testing"
)

// TestAdviceLeadsSomewhere: every error that proposes a change is followed here. The design as
// the message says to change it must plan without errors, so that no advice leads to another
// error.
func TestAdviceLeadsSomewhere(t *testing.T) {
	bundled := func(kind string) Attachment {
		return vtSrvAtt(t, "bond", 2, 2, 100, func(c *Connection) { c.Kind, c.Distribution = kind, DistAlternating })
	}
	zone := func(ports, breakout string, atts ...Attachment) map[string]Zone {
		return map[string]Zone{"s": {Kind: ZoneServer, Ports: ports, Breakout: breakout, Attach: atts}}
	}
	withGroup := func(sc SwitchClass, kind string) SwitchClass {
		sc.Redundancy = &Redundancy{Type: kind, Group: sc.Name}
		return sc
	}
	// 10 servers, each 2 same-switch ports, on 4 lanes a switch: 5 switches, too many for ESLAG;
	// split into two classes of 5 servers, each needs 3.
	many := func(name string, qty int) Attachment {
		return vtSrvAtt(t, name, qty, 2, 100, func(c *Connection) { c.Kind = KindESLAG })
	}
	rails := func(sameRail bool) []Attachment {
		conns := map[string]Connection{}
		for r := range 8 {
			rail := r
			if sameRail {
				rail = 0
			}
			conns[fmt.Sprintf("be-rail-%d", r)] = Connection{NIC: "be", FirstPort: r, Ports: 1, Speed: 400,
				Distribution: DistRailOptimized, Rail: rail, HasRail: true}
		}
		sc := ServerClass{Name: "gpu", Quantity: 32, NICs: map[string]NIC{"be": {Ports: 8, Speed: 400}}, Connections: conns}
		out := make([]Attachment, 8)
		for r := range out {
			out[r] = vtAttach(t, sc, fmt.Sprintf("be-rail-%d", r))
		}
		return out
	}
	// 32 servers x 2 x 200G on one DS5000 with one 800G uplink: 16:1.
	oversubscribed := func(uplinks string, override int) SwitchClass {
		sc := vtLeaf("leaf", map[string]Zone{
			"servers": {Kind: ZoneServer, Ports: "1-31:2", Breakout: "4x200g", Attach: []Attachment{vtSrvAtt(t, "gpu", 32, 2, 200, nil)}},
			"up":      {Kind: ZoneUplink, Ports: uplinks, Breakout: "1x800g"},
		})
		sc.MaxOversubscription = 4
		sc.Override, sc.HasOverride = override, override > 0
		return sc
	}
	rows := []struct {
		name         string
		broken       []SwitchClass
		advice       string
		followAdvice []SwitchClass
	}{
		{"bundle without a group: add an ESLAG group and kind eslag",
			[]SwitchClass{vtDS3000("leaf", zone("1-8", "1x100g", bundled(KindBundled)))},
			`Add redundancy = { type = "eslag", group = "leaf" }`,
			[]SwitchClass{withGroup(vtDS3000("leaf", zone("1-8", "1x100g", bundled(KindESLAG))), KindESLAG)}},
		{"bundle without a group: or make it unbundled",
			[]SwitchClass{vtDS3000("leaf", zone("1-8", "1x100g", bundled(KindBundled)))},
			"or make the connections unbundled",
			[]SwitchClass{vtDS3000("leaf", zone("1-8", "1x100g", bundled(KindUnbundled)))}},
		{"MCLAG: use ESLAG",
			[]SwitchClass{withGroup(vtDS3000("leaf", zone("1-8", "1x100g", bundled(KindESLAG))), KindMCLAG)},
			`Use redundancy = { type = "eslag"`,
			[]SwitchClass{withGroup(vtDS3000("leaf", zone("1-8", "1x100g", bundled(KindESLAG))), KindESLAG)}},
		{"MCLAG on an L3-only leaf: unbundled, no redundancy",
			[]SwitchClass{withGroup(vtLeaf("leaf", zone("1-8", "4x200g", vtSrvAtt(t, "gpu", 4, 2, 200, nil))), KindMCLAG)},
			`give the connections kind = "unbundled"`,
			[]SwitchClass{vtLeaf("leaf", zone("1-8", "4x200g", vtSrvAtt(t, "gpu", 4, 2, 200, nil)))}},
		{"bundle on an L3-only leaf: bundled on one switch",
			[]SwitchClass{vtLeaf("leaf", zone("1-8", "4x200g", vtSrvAtt(t, "gpu", 4, 2, 200, func(c *Connection) {
				c.Kind, c.Distribution = KindBundled, DistAlternating
			})))},
			`(or bundled with distribution = "same-switch")`,
			[]SwitchClass{vtLeaf("leaf", zone("1-8", "4x200g", vtSrvAtt(t, "gpu", 4, 2, 200, func(c *Connection) {
				c.Kind, c.Distribution = KindBundled, DistSameSwitch
			})))}},
		{"ESLAG group above 4: split the servers",
			[]SwitchClass{withGroup(vtDS3000("leaf", zone("1-4", "1x100g", many("many", 10))), KindESLAG)},
			"Split the servers into server classes",
			[]SwitchClass{
				withGroup(vtDS3000("leaf-a", zone("1-4", "1x100g", many("many-a", 5))), KindESLAG),
				withGroup(vtDS3000("leaf-b", zone("1-4", "1x100g", many("many-b", 5))), KindESLAG),
			}},
		{"pipelines overfilled: fewer lanes a port",
			[]SwitchClass{vtLeaf("leaf", zone("1-40", "8x100g"))},
			"Use a breakout of at most 5 lanes a port",
			[]SwitchClass{vtLeaf("leaf", zone("1-40", "4x200g"))}},
		{"pipelines overfilled: leave the partner ports out",
			[]SwitchClass{vtLeaf("leaf", zone("1-40", "8x100g"))},
			"leave the partner ports out of the zones (at 8 lanes a port, a pipeline takes 1 of its ports)",
			[]SwitchClass{vtLeaf("leaf", zone("1-40:2", "8x100g"))}},
		{"oversubscribed: more uplink lanes",
			[]SwitchClass{oversubscribed("64", 0)}, `Give zone "up" 3 more 800G uplink lanes`,
			[]SwitchClass{oversubscribed("61-64", 0)}},
		{"oversubscribed: spread the servers",
			[]SwitchClass{oversubscribed("64", 0)}, "attach fewer servers per switch (override_quantity spreads them",
			[]SwitchClass{oversubscribed("64", 4)}},
		{"every rail connection on one rail: one rail each",
			[]SwitchClass{vtLeaf("be-leaf", zone("1-32", "2x400g", rails(true)...))},
			"Give each connection its own rail",
			[]SwitchClass{vtLeaf("be-leaf", zone("1-32", "2x400g", rails(false)...))}},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			var said []string
			for _, sc := range row.broken {
				for _, x := range PlanSwitchClass(testPlan, sc, nil).Diagnostics {
					if x.Severity == SeverityError {
						said = append(said, x.Detail)
					}
				}
			}
			if !strings.Contains(strings.Join(said, "\n"), row.advice) {
				t.Fatalf("no error advises %q: %q", row.advice, said)
			}
			for _, sc := range row.followAdvice {
				if d := PlanSwitchClass(testPlan, sc, nil).Diagnostics; d.HasError() {
					t.Errorf("following the advice, %s still fails: %s", sc.Name, describeDiags(d))
				}
			}
		})
	}
}
