package provider

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// writeCounter counts, through a proxy in front of NetBox, the requests that write objects
// ("PATCH /api/dcim/devices/"); empty lists (the preflight's permission probes) do not count.
type writeCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *writeCounter) observe(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead && writes(r) {
		c.mu.Lock()
		c.n[r.Method+" "+r.URL.Path]++
		c.mu.Unlock()
	}
	return false
}

func (c *writeCounter) reset() { c.mu.Lock(); c.n = map[string]int{}; c.mu.Unlock() }

func (c *writeCounter) counts() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.n)
}

// TestAccStatusLifecycle moves a fabric through NetBox's statuses with device_status: planned,
// staged, active, decommissioning. Each change updates every device and cable of the plan in
// place: NetBox holds them all with the new status (cables: planned, planned, connected,
// decommissioning), every ID is kept, and the only writes are bulk PATCH lists, one per class,
// kind and batch of bulk_batch_size (one list in flight, so batches are not spread). Staged
// cables stay planned, so that step writes no cable.
func TestAccStatusLifecycle(t *testing.T) {
	nb := accNetBox(t)
	const (
		plan    = "acc-status"
		servers = 12
		batch   = 10
		// 12 servers and 2 leaves with 24 cables: no spine, whose 64 uplinks would make each
		// status change a minute slower (NetBox retraces a cable's path on every save) and would
		// test nothing the leaf class does not.
		devices = servers + 2
		cables  = 2 * servers
	)
	batches := func(n int) int { return (n + batch - 1) / batch }
	deviceLists := batches(servers) + batches(2) // one list per class here
	cableLists := batches(cables)

	writes := &writeCounter{}
	writes.reset()
	proxy := newFaultProxy(t, nb.BaseURL(), writes.observe)
	cfg := func(status string) string {
		return fmt.Sprintf("provider \"hedgehog\" {\n  url             = %q\n  bulk_batch_size = %d\n  bulk_in_flight  = 1\n}\n",
			proxy.URL, batch) + behaviourFabricWith(plan, servers, false, "", status)
	}
	ids := newIDSnapshot("device_ids", "interface_ids", "cable_ids")
	inPlace := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction("hedgehog_topology_plan.p", plancheck.ResourceActionUpdate),
		plancheck.ExpectResourceAction("hedgehog_server_class.gpu", plancheck.ResourceActionUpdate),
		plancheck.ExpectResourceAction("hedgehog_switch_class.leaf", plancheck.ResourceActionUpdate),
		plancheck.ExpectResourceAction("hedgehog_device_type.ds5000", plancheck.ResourceActionNoop),
		plancheck.ExpectResourceAction("hedgehog_device_type.server", plancheck.ResourceActionNoop),
	}}
	step := func(status, cableStatus string, cableWrites bool) resource.TestStep {
		want := map[string]int{"PATCH /api/dcim/devices/": deviceLists}
		if cableWrites {
			want["PATCH /api/dcim/cables/"] = cableLists
		}
		return resource.TestStep{
			PreConfig:         writes.reset,
			Config:            cfg(status),
			ConfigPlanChecks:  inPlace,
			ConfigStateChecks: []statecheck.StateCheck{ids.unchanged()},
			Check: func(*terraform.State) error {
				if got := writes.counts(); !maps.Equal(got, want) {
					return fmt.Errorf("device_status -> %s: write requests %v, want %v", status, got, want)
				}
				t.Logf("device_status -> %s: %v", status, writes.counts())
				return checkStatuses(t, nb, plan, status, devices, cableStatus, cables)
			},
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkNothingLeft(t, nb, plan),
		Steps: []resource.TestStep{
			{
				Config:            cfg("planned"),
				ConfigStateChecks: []statecheck.StateCheck{ids.record()},
				Check: func(*terraform.State) error {
					return checkStatuses(t, nb, plan, "planned", devices, "planned", cables)
				},
			},
			step("staged", "planned", false),
			step("active", "connected", true),
			step("decommissioning", "decommissioning", true),
		},
	})
}

// checkStatuses: NetBox holds the plan's devices and cables, all of them with the status given.
func checkStatuses(t *testing.T, nb *netbox.Client, plan, status string, devices int, cableStatus string, cables int) error {
	t.Helper()
	expectTagged(t, nb, plan, devices, cables)
	tag := "hedgehog-plan-" + plan
	if n := count(t, nb, "/api/dcim/devices/", url.Values{"tag": {tag}, "status": {status}}); n != devices {
		return fmt.Errorf("%d of the %d devices are %s", n, devices, status)
	}
	if n := count(t, nb, "/api/dcim/cables/", url.Values{"tag": {tag}, "status": {cableStatus}}); n != cables {
		return fmt.Errorf("devices %s: %d of the %d cables are %s", status, n, cables, cableStatus)
	}
	return nil
}
