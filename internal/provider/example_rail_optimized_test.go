package provider

import (
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner/plantest"
)

// TestBenchRailOptimizedMatchesPlanner: the HCL of bench/rail-optimized and
// plantest.PlanRailOptimized, which the planner benchmarks plan, are the same design: at 16
// servers every class has the same quantity and every cable the same two ends.
func TestBenchRailOptimizedMatchesPlanner(t *testing.T) {
	const servers = 16
	tf := exampleTerraform(t, "bench/rail-optimized", map[string]string{EnvNetBoxURL: "", EnvNetBoxToken: ""})
	plan, _, _ := planExample(t, tf, tfexec.Var("servers=16"))
	want, err := plantest.PlanRailOptimized(planner.PlanContext{Name: "rail-optimized", Site: "dc1"}, servers)
	if err != nil {
		t.Fatal(err)
	}
	addr := map[string]string{"oob-leaf": "hedgehog_switch_class.oob_leaf",
		"fe-leaf": `hedgehog_switch_class.leaf["fe"]`, "be-rail-leaf": `hedgehog_switch_class.leaf["be"]`,
		"fe-spine": `hedgehog_switch_class.spine["fe"]`, "be-spine": `hedgehog_switch_class.spine["be"]`}
	cables := 0
	for _, class := range want.Order {
		p := want.Switches[class]
		got := after(t, plan, addr[class])
		if got["effective_quantity"] != float64(p.Effective) {
			t.Errorf("%s: quantity %v in HCL, %d in Go", class, got["effective_quantity"], p.Effective)
		}
		alloc, _ := got["allocation"].(map[string]any)
		for _, l := range p.Links {
			if alloc[l.AKey()] != l.BKey() {
				t.Errorf("%s: %s -> %v in HCL, %s in Go", class, l.AKey(), alloc[l.AKey()], l.BKey())
			}
		}
		if len(alloc) != len(p.Links) {
			t.Errorf("%s: %d cables in HCL, %d in Go", class, len(alloc), len(p.Links))
		}
		cables += len(p.Links)
	}
	if got := plan.OutputChanges["cable_count"].After; got != float64(cables) {
		t.Errorf("cable_count %v, want %d", got, cables)
	}
}
