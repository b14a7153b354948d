package planner_test

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner/plantest"
)

// Benchmarks of whole designs, planned class by class as Terraform plans them. Besides -benchmem
// (B/op counts every byte a plan allocates) they report peak-heap-MB, the most heap one plan
// had in use at the collector's default settings, and live-MB, the heap the planned design
// still holds after a collection. Results are in docs/performance.md.

// BenchmarkPlan1024Servers plans a design with 1024 GPU servers (8x the canonical GPU counts).
func BenchmarkPlan1024Servers(b *testing.B) {
	benchPlan(b, 1051, func() (*plantest.Design, error) { return plantest.PlanReference(planner.TestPlan, 8) })
}

// BenchmarkPlanRailOptimized plans bench/rail-optimized at the sizes make bench also plans
// with Terraform.
func BenchmarkPlanRailOptimized(b *testing.B) {
	for _, n := range []int{128, 512} {
		b.Run(fmt.Sprintf("servers=%d", n), func(b *testing.B) {
			benchPlan(b, n, func() (*plantest.Design, error) { return plantest.PlanRailOptimized(planner.TestPlan, n) })
		})
	}
}

// BenchmarkReplanRailOptimized plans every switch class of bench/rail-optimized at 512 servers
// against its own last plan, as every terraform plan after the first apply does (sticky
// allocation, SPEC §5.5-§5.6).
func BenchmarkReplanRailOptimized(b *testing.B) {
	d, err := plantest.PlanRailOptimized(planner.TestPlan, 512)
	if err != nil {
		b.Fatal(err)
	}
	priors := map[string]*planner.Prior{}
	for _, class := range d.Order {
		priors[class] = plantest.PriorOf(d.Switches[class])
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, class := range d.Order {
			if p := planner.PlanSwitchClass(planner.TestPlan, d.SwitchClasses[class], priors[class]); p.Diagnostics.HasError() {
				b.Fatal(planner.DescribeDiags(p.Diagnostics))
			}
		}
	}
}

// BenchmarkPlanFrontendPods plans 8192 dual-homed servers in four pods (the target: under a
// second and under 500 MB of heap).
func BenchmarkPlanFrontendPods(b *testing.B) {
	benchPlan(b, 8192, func() (*plantest.Design, error) { return plantest.PlanFrontendPods(planner.TestPlan, 4) })
}

func benchPlan(b *testing.B, servers int, plan func() (*plantest.Design, error)) {
	b.ReportAllocs()
	var d *plantest.Design
	for b.Loop() {
		var err error
		if d, err = plan(); err != nil {
			b.Fatal(err)
		}
	}
	if got := d.Totals().Servers; got != servers {
		b.Fatalf("%d servers planned, want %d", got, servers)
	}
	d = nil
	peak, live := heapOf(plan)
	b.ReportMetric(peak/1e6, "peak-heap-MB")
	b.ReportMetric(live/1e6, "live-MB")
}

// heapOf plans once more, outside the timed loop, and returns the peak heap in use during the
// plan (sampled every few microseconds; runtime/metrics reads without stopping the world) and
// the heap the result holds, both above what was live before.
func heapOf(plan func() (*plantest.Design, error)) (peak, live float64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	base := heap()
	var top uint64
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			top = max(top, heap())
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Microsecond):
			}
		}
	}()
	d, _ := plan()
	close(stop)
	<-stopped
	top = max(top, heap()) // a plan shorter than a collection cycle peaks at its end
	runtime.GC()
	held := heap()
	runtime.KeepAlive(d)
	return float64(max(top, held) - base), float64(held - base)
}
