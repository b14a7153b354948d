package plantest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// TestDesignSizes pins what the designs of this package plan, so that benchmarks, the HCL of
// bench/rail-optimized and docs/performance.md describe the same thing.
func TestDesignSizes(t *testing.T) {
	pc := planner.PlanContext{Name: "t", Site: "dc1"}
	rail := func(n int) func() (*Design, error) {
		return func() (*Design, error) { return PlanRailOptimized(pc, n) }
	}
	pod := map[string]int{"gpu-leaf": 24, "storage-leaf": 8, "spine": 16, "oob": 43}
	pods := map[string]int{}
	for p := 1; p <= 4; p++ {
		for class, n := range pod {
			pods[fmt.Sprintf("pod%d-%s", p, class)] = n
		}
	}
	for _, tc := range []struct {
		name   string
		plan   func() (*Design, error)
		want   map[string]int
		totals Totals
	}{
		// 11 cables a server (2 frontend, 8 rails, 1 BMC) and 32 uplinks a leaf.
		{"rail-optimized 16", rail(16), map[string]int{"fe-leaf": 2, "be-rail-leaf": 2, "fe-spine": 1, "be-spine": 1, "oob-leaf": 1},
			Totals{Servers: 16, Switches: 7, Cables: 16*11 + 4*32}},
		{"rail-optimized 128", rail(128), map[string]int{"fe-leaf": 2, "be-rail-leaf": 16, "fe-spine": 1, "be-spine": 8, "oob-leaf": 3},
			Totals{Servers: 128, Switches: 30, Cables: 128*11 + 18*32}},
		{"rail-optimized 512", rail(512), map[string]int{"fe-leaf": 8, "be-rail-leaf": 64, "fe-spine": 4, "be-spine": 32, "oob-leaf": 11},
			Totals{Servers: 512, Switches: 119, Cables: 512*11 + 72*32}},
		{"frontend pods 4", func() (*Design, error) { return PlanFrontendPods(pc, 4) }, pods,
			Totals{Servers: 8192, Switches: 4 * 91, Cables: 8192*3 + 128*32}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := tc.plan()
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Quantities(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("quantities %v, want %v", got, tc.want)
			}
			if got := d.Totals(); got != tc.totals {
				t.Errorf("totals %+v, want %+v", got, tc.totals)
			}
		})
	}
	// One server more than two tiers can wire: the backend spines outnumber a leaf's uplinks.
	if _, err := PlanRailOptimized(pc, MaxRailOptimizedServers+1); err == nil || !strings.Contains(err.Error(), "reach every spine") {
		t.Errorf("%d servers: %v", MaxRailOptimizedServers+1, err)
	}
}
