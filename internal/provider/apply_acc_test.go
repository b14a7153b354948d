package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// behaviourFabric is a small design for behaviour tests: servers with two 200G ports alternating
// over a pair of DS5000 leaves, and (with spine) one spine. Names carry the plan name, so
// tests never share an object; device types are the plan's own.
func behaviourFabric(plan string, servers int, spine bool, providerURL string) string {
	return behaviourFabricWith(plan, servers, spine, providerURL, "planned")
}

func behaviourFabricWith(plan string, servers int, spine bool, providerURL, status string) string {
	provider := ""
	if providerURL != "" {
		provider = fmt.Sprintf("provider \"hedgehog\" {\n  url = %q\n}\n", providerURL)
	}
	cfg := provider + planDeviceTypes(plan) + fmt.Sprintf(`
locals {
  nics = { fe = { ports = 2, speed = 200 } }
}

resource "hedgehog_topology_plan" "p" {
  name          = %[1]q
  site          = %[2]q
  device_status = %[4]q
  description   = "Behaviour test fabric"
  customer      = "ACME"
}

resource "hedgehog_server_class" "gpu" {
  plan          = hedgehog_topology_plan.p.context
  name          = "gpu"
  name_template = "{plan}-{class}-{index:03d}"
  quantity      = %[3]d
  device_type   = hedgehog_device_type.server.slug
  nics          = local.nics
  connections = {
    fe = { nic = "fe", ports = 2, speed = 200, distribution = "alternating" }
  }
}

resource "hedgehog_switch_class" "leaf" {
  plan          = hedgehog_topology_plan.p.context
  name          = "leaf"
  name_template = "{plan}-{class}-{index:02d}"
  fabric        = "frontend"
  role          = "server-leaf"
  device_type   = hedgehog_device_type.ds5000.slug
  profile       = "celestica-ds5000"
  zones = {
    servers = { kind = "server", ports = "1-63:2", breakout = "4x200g", attach = [hedgehog_server_class.gpu.attachments["fe"]] }
    uplinks = { kind = "uplink", ports = "2-64:2", breakout = "1x800g" }
  }
}
`, plan, accSite, servers, status)
	if spine {
		cfg += `
resource "hedgehog_switch_class" "spine" {
  plan          = hedgehog_topology_plan.p.context
  name          = "spine"
  name_template = "{plan}-{class}-{index:02d}"
  fabric        = "frontend"
  role          = "spine"
  device_type   = hedgehog_device_type.ds5000.slug
  profile       = "celestica-ds5000"
  zones = {
    fabric = { kind = "fabric", ports = "1-64", breakout = "1x800g", attach = [hedgehog_switch_class.leaf.attachments["uplinks"]] }
  }
}
`
	}
	return cfg
}

// planDeviceTypes are a DS5000 and a server with local.nics, named after the plan so that
// tests share no device type.
func planDeviceTypes(plan string) string {
	return fmt.Sprintf(`
resource "hedgehog_device_type" "ds5000" {
  model   = "DS5000 (%[1]s)"
  slug    = "%[1]s-ds5000"
  profile = "celestica-ds5000"
}

resource "hedgehog_device_type" "server" {
  model = "GPU server (%[1]s)"
  slug  = "%[1]s-server"
  nics  = local.nics
}
`, plan)
}

// expectTagged checks the devices and cables NetBox holds with the plan's tag.
func expectTagged(t *testing.T, nb *netbox.Client, plan string, devices, cables int) {
	t.Helper()
	d, c := taggedCounts(t, nb, plan)
	if d != devices || c != cables {
		t.Errorf("NetBox holds %d devices and %d cables tagged hedgehog-plan-%s, want %d and %d", d, c, plan, devices, cables)
	}
}

// checkNothingLeft is a CheckDestroy: no device, cable or device type of the plan remains.
func checkNothingLeft(t *testing.T, nb *netbox.Client, plan string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for path, q := range map[string]url.Values{
			"/api/dcim/devices/":      {"q": {plan}},
			"/api/dcim/cables/":       {"label__ic": {plan}},
			"/api/dcim/device-types/": {"q": {plan}},
			"/api/extras/tags/":       {"slug": {"hedgehog-plan-" + plan}},
		} {
			if n := count(t, nb, path, q); n != 0 {
				return fmt.Errorf("%d objects of %s left at %s after destroy", n, plan, path)
			}
		}
		return nil
	}
}

// idSnapshot records ID maps of resources in one step and checks in a later one that every
// recorded key still has the same ID.
type idSnapshot struct {
	attrs []string
	seen  map[string]map[string]any
}

func newIDSnapshot(attrs ...string) *idSnapshot {
	return &idSnapshot{attrs: attrs, seen: map[string]map[string]any{}}
}

type snapshotCheck struct {
	s      *idSnapshot
	verify bool
}

func (s *idSnapshot) record() statecheck.StateCheck    { return snapshotCheck{s, false} }
func (s *idSnapshot) unchanged() statecheck.StateCheck { return snapshotCheck{s, true} }

func (c snapshotCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, r := range req.State.Values.RootModule.Resources {
		for _, attr := range c.s.attrs {
			ids, ok := r.AttributeValues[attr].(map[string]any)
			if !ok {
				continue
			}
			key := r.Address + "." + attr
			if !c.verify {
				c.s.seen[key] = ids
				continue
			}
			for k, before := range c.s.seen[key] {
				if ids[k] != before {
					resp.Error = fmt.Errorf("%s[%q] changed from %v to %v", key, k, before, ids[k])
					return
				}
			}
		}
	}
	if !c.verify && len(c.s.seen) == 0 {
		resp.Error = fmt.Errorf("no ID maps found in state")
	}
}

// TestAccScaleOut grows a server class from 32 to 40 servers: every device, interface and
// cable that existed keeps its NetBox ID, and the new servers are cabled. (A status change in
// place is TestAccStatusLifecycle's.)
func TestAccScaleOut(t *testing.T) {
	nb := accNetBox(t)
	const plan = "acc-scale"
	ids := newIDSnapshot("device_ids", "interface_ids", "cable_ids")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkNothingLeft(t, nb, plan),
		Steps: []resource.TestStep{
			{
				Config:            behaviourFabric(plan, 32, true, ""),
				ConfigStateChecks: []statecheck.StateCheck{ids.record()},
				Check:             func(*terraform.State) error { expectTagged(t, nb, plan, 32+2+1, 64+64); return nil },
			},
			{
				Config: behaviourFabric(plan, 40, true, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hedgehog_server_class.gpu", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("hedgehog_switch_class.leaf", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("hedgehog_switch_class.spine", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{ids.unchanged()},
				Check:             func(*terraform.State) error { expectTagged(t, nb, plan, 40+2+1, 80+64); return nil },
			},
		},
	})
}

// TestAccDrift deletes a cable and a server by hand and changes a switch's status: the next
// plan shows it, and apply recreates and corrects exactly that.
func TestAccDrift(t *testing.T) {
	nb := accNetBox(t)
	ctx := context.Background()
	const plan = "acc-drift"
	// 80 servers: enough objects that refresh reads interfaces and cables by device rather
	// than by ID (inventory.byDevice), so both paths see a deleted device.
	const servers = 80
	cfg := behaviourFabric(plan, servers, false, "")
	tag := "hedgehog-plan-" + plan
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkNothingLeft(t, nb, plan),
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(*terraform.State) error { expectTagged(t, nb, plan, servers+2, 2*servers); return nil }},
			{
				PreConfig: func() {
					cable, err := nb.Cables().FindOne(ctx, netbox.Q("tag", tag, "label", plan+"-gpu-001:fe-p1--"+plan+"-leaf-02:E1/1/1"))
					if err != nil {
						t.Fatal(err)
					}
					if err := nb.Cables().Delete(ctx, cable.ID); err != nil {
						t.Fatal(err)
					}
					server, err := nb.Devices().FindOne(ctx, netbox.Q("tag", tag, "name", plan+"-gpu-003"))
					if err != nil {
						t.Fatal(err)
					}
					if err := nb.Devices().Delete(ctx, server.ID); err != nil {
						t.Fatal(err)
					}
					leaf, err := nb.Devices().FindOne(ctx, netbox.Q("tag", tag, "name", plan+"-leaf-01"))
					if err != nil {
						t.Fatal(err)
					}
					if _, err := nb.Devices().Update(ctx, netbox.Patch{ID: leaf.ID, Fields: map[string]any{"status": "active"}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hedgehog_server_class.gpu", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("hedgehog_switch_class.leaf", plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					expectTagged(t, nb, plan, servers+2, 2*servers)
					leaf, err := nb.Devices().FindOne(ctx, netbox.Q("tag", tag, "name", plan+"-leaf-01"))
					if err != nil || leaf.Status.Value != "planned" {
						return fmt.Errorf("leaf-01 status %q (%v), want planned again", leaf.Status.Value, err)
					}
					for _, label := range []string{plan + "-gpu-001:fe-p1--" + plan + "-leaf-02:E1/1/1",
						plan + "-gpu-003:fe-p0--" + plan + "-leaf-01:E1/1/3"} {
						if n := count(t, nb, "/api/dcim/cables/", url.Values{"label": {label}, "tag": {tag}}); n != 1 {
							return fmt.Errorf("cable %s: %d in NetBox, want 1", label, n)
						}
					}
					// The cable whose server was deleted lost an end; it was replaced, not left behind.
					if n := count(t, nb, "/api/dcim/cables/", url.Values{"label__ic": {plan}}); n != 2*servers {
						return fmt.Errorf("%d cables of the plan in NetBox, want %d", n, 2*servers)
					}
					return nil
				},
			},
		},
	})
}

// TestAccRollback fails the second cable batch of a switch class through a fault-injecting
// proxy: the class's apply fails with an error naming the step, and nothing it created stays
// in NetBox. The server class before it succeeded and stays in state; destroy removes it.
func TestAccRollback(t *testing.T) {
	nb := accNetBox(t)
	const plan = "acc-rollback"
	var posts atomic.Int32
	proxy := newFaultProxy(t, nb.BaseURL(), nthPost("/api/dcim/cables/", 2, &posts))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkNothingLeft(t, nb, plan),
		Steps: []resource.TestStep{
			{
				// 64 servers x 2 ports: 128 cables, two batches of 100 and 28.
				Config:      behaviourFabric(plan, 64, false, proxy.URL),
				ExpectError: regexp.MustCompile(`(?s)creating cables.*injected fault.*everything this apply had created was deleted again`),
			},
			{
				PreConfig: func() {
					if n := count(t, nb, "/api/dcim/devices/", url.Values{"q": {plan + "-leaf"}}); n != 0 {
						t.Errorf("%d leaf switches left after the failed apply, want 0", n)
					}
					if n := count(t, nb, "/api/dcim/cables/", url.Values{"label__ic": {plan}}); n != 0 {
						t.Errorf("%d cables left after the failed apply, want 0", n)
					}
					if posts.Load() < 2 {
						t.Errorf("the proxy saw %d cable batches", posts.Load())
					}
				},
				// The same design through NetBox directly now applies.
				Config: behaviourFabric(plan, 64, false, strings.TrimRight(nb.BaseURL(), "/")),
				Check:  func(*terraform.State) error { expectTagged(t, nb, plan, 66, 128); return nil },
			},
		},
	})
}

// TestAccRollbackFailureKeepsIDs fails a cable batch and then every cable delete: rollback
// cannot finish, so the IDs of what is left stay in state (the class is tainted), and the
// next apply, with NetBox reachable again, replaces it; destroy leaves nothing.
func TestAccRollbackFailureKeepsIDs(t *testing.T) {
	nb := accNetBox(t)
	const plan = "acc-rbfail"
	var posts atomic.Int32
	failPost := nthPost("/api/dcim/cables/", 2, &posts)
	proxy := newFaultProxy(t, nb.BaseURL(), func(r *http.Request) bool {
		return failPost(r) || (r.Method == http.MethodDelete && r.URL.Path == "/api/dcim/cables/" && writes(r))
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkNothingLeft(t, nb, plan),
		Steps: []resource.TestStep{
			{
				Config:      behaviourFabric(plan, 64, false, proxy.URL),
				ExpectError: regexp.MustCompile(`(?s)creating cables.*injected fault.*rolling back.*also failed.*stay in state`),
			},
			{
				PreConfig: func() {
					if n := count(t, nb, "/api/dcim/devices/", url.Values{"q": {plan + "-leaf"}}); n != 2 {
						t.Errorf("%d leaf switches after the failed rollback, want the 2 that state still lists", n)
					}
				},
				Config: behaviourFabric(plan, 64, false, strings.TrimRight(nb.BaseURL(), "/")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hedgehog_switch_class.leaf", plancheck.ResourceActionReplace),
				}},
				Check: func(*terraform.State) error { expectTagged(t, nb, plan, 66, 128); return nil },
			},
		},
	})
}

// TestAccBadToken: NetBox refuses the token; plan fails with an error that says so and what to
// fix, and nothing is written.
func TestAccBadToken(t *testing.T) {
	nb := accNetBox(t)
	const plan = "acc-token"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "hedgehog" {
  url   = %q
  token = "nbt_expired0000.0000000000000000000000000000000000000000"
}

resource "hedgehog_topology_plan" "p" {
  name = %q
  site = %q
}
`, strings.TrimRight(nb.BaseURL(), "/"), plan, accSite),
			ExpectError: regexp.MustCompile(`(?s)NetBox cannot apply this plan.*rejected the API token.*NETBOX_TOKEN`),
		}},
	})
	if n := count(t, nb, "/api/extras/tags/", url.Values{"slug": {"hedgehog-plan-" + plan}}); n != 0 {
		t.Errorf("the plan tag was created with a refused token")
	}
}
