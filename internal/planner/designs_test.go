package planner_test

import (
	"reflect"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner/plantest"
)

// TestReplanKeepsEveryLink: planning a class again with the links of its last apply as the
// prior (the next terraform plan) keeps every link where it was, even two links whose lanes
// were swapped on the class's last switch: the prior's switches are found by name, also in
// classes of 64 switches.
func TestReplanKeepsEveryLink(t *testing.T) {
	for _, tc := range []struct {
		name string
		plan func() (*plantest.Design, error)
	}{
		{"reference", func() (*plantest.Design, error) { return plantest.PlanReference(planner.TestPlan, 1) }},
		{"rail-optimized 512", func() (*plantest.Design, error) { return plantest.PlanRailOptimized(planner.TestPlan, 512) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := tc.plan()
			if err != nil {
				t.Fatal(err)
			}
			for _, class := range d.Order {
				fresh := d.Switches[class]
				breakouts := map[string]string{}
				for _, z := range fresh.Zones {
					breakouts[z.Name] = z.Breakout
				}
				prior := swapLastTwo(fresh.Links, fresh.Devices[len(fresh.Devices)-1])
				again := planner.PlanSwitchClass(planner.TestPlan, d.SwitchClasses[class], &planner.Prior{Links: prior, Breakouts: breakouts})
				if got, want := planner.LinksOf(again), planner.LinksOf(planner.SwitchPlan{Links: prior}); !reflect.DeepEqual(got, want) {
					t.Errorf("%s: re-planning moved links of its last apply", class)
				}
			}
		})
	}
}

// swapLastTwo copies links and swaps the switch ports of the last two in one zone on device.
func swapLastTwo(links []planner.Link, device string) []planner.Link {
	out := append([]planner.Link(nil), links...)
	last := -1
	for i := len(out) - 1; i >= 0; i-- {
		if out[i].BDevice != device {
			continue
		}
		if last >= 0 && out[i].Zone == out[last].Zone {
			out[i].BPort, out[last].BPort = out[last].BPort, out[i].BPort
			return out
		}
		last = i
	}
	return out
}
