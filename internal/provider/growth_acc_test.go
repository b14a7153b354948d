package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// railPod is the backend of bench/rail-optimized on its own, at a quarter of its leaf and spine
// ports so that the growth story costs a quarter of the cables: GPU servers with eight 400G
// rails over DS5000 rail leaves (server zone 1-8 at 2x400g: 16 lanes, uplinks 33-40: 8) and a
// DS5000 spine class (fabric zone 1-16). Names carry the plan name, so the test shares no
// object with another.
func railPod(plan string, servers int, allowRecabling bool) string {
	return railPodVia(plan, servers, allowRecabling, "")
}

// railPodVia is railPod with the provider pointed at providerURL (a fault proxy), when set.
func railPodVia(plan string, servers int, allowRecabling bool, providerURL string) string {
	provider := ""
	if providerURL != "" {
		provider = fmt.Sprintf("provider \"hedgehog\" {\n  url = %q\n}\n", providerURL)
	}
	return provider + planDeviceTypes(plan) + fmt.Sprintf(`
locals {
  rails = range(8)
  nics  = { be = { ports = 8, speed = 400 } }
  names = "{plan}-{class}-{index:02d}"
}

resource "hedgehog_topology_plan" "p" {
  name = %[1]q
  site = %[2]q
}

resource "hedgehog_server_class" "gpu" {
  plan          = hedgehog_topology_plan.p.context
  name          = "gpu"
  name_template = "{plan}-{class}-{index:03d}"
  quantity      = %[3]d
  device_type   = hedgehog_device_type.server.slug
  nics          = local.nics
  connections = { for r in local.rails : "rail-${r}" => {
    nic = "be", first_port = r, ports = 1, speed = 400, distribution = "rail-optimized", rail = r
  } }
}

resource "hedgehog_switch_class" "leaf" {
  plan          = hedgehog_topology_plan.p.context
  name          = "leaf"
  name_template = local.names
  fabric        = "backend"
  role          = "server-leaf"
  device_type   = hedgehog_device_type.ds5000.slug
  profile       = "celestica-ds5000"
  zones = {
    servers = {
      kind     = "server"
      ports    = "1-8"
      breakout = "2x400g"
      attach   = [for r in local.rails : hedgehog_server_class.gpu.attachments["rail-${r}"]]
    }
    uplinks = { kind = "uplink", ports = "33-40", breakout = "1x800g" }
  }
}

resource "hedgehog_switch_class" "spine" {
  plan            = hedgehog_topology_plan.p.context
  name            = "spine"
  name_template   = local.names
  fabric          = "backend"
  role            = "spine"
  device_type     = hedgehog_device_type.ds5000.slug
  profile         = "celestica-ds5000"
  allow_recabling = %[4]t
  zones = {
    fabric = { kind = "fabric", ports = "1-16", breakout = "1x800g", attach = [hedgehog_switch_class.leaf.attachments["uplinks"]] }
  }
}
`, plan, accSite, servers, allowRecabling)
}

// TestAccGrowRailPod is SPEC §5.6 against NetBox: the pod at 8 servers (4 rail leaves, 2
// spines) grows to 12 (a second rail group of 2 leaves; 4 spines, so every old leaf moves 4 of
// its 8 uplinks, which needs allow_recabling), then shrinks to 10. The first try of the growth
// fails when the spine class posts its new cables, after it moved the old ones: rollback puts
// them back. After each step the cables that survive keep their NetBox IDs (moved uplinks too:
// they are patched, not replaced), NetBox holds exactly the planned cables, every leaf reaches
// every spine, and the next plan is empty (the test framework checks that); destroy leaves
// nothing.
//
// The numbers (TestGrowRailOptimizedPod in internal/planner is the same story at 4x the ports:
// 32/48/40 servers, 384/576/512 cables; here every count is a quarter of it):
//   - 8 servers: 8 x 8 rails = 64 server cables; ceil(64 / 16 lanes) = 4 leaves, fewer than the
//     8 rails, so one rail group with 2 rails a leaf, every leaf full (8 servers x 2 rails).
//     4 leaves x 8 uplinks = 32 lanes, ceil(32 / 16) = 2 spines, 4 links from each leaf to each.
//     Devices 8+4+2, cables 64+32 = 96.
//   - 12 servers: group 1 has no free lane, so the 4 new servers start a second group laid out
//     as a fresh plan of 4 servers: 2 leaves of 4 rails (all 8 rails on one leaf holds only 2
//     servers: also 2 leaves, and the tie goes to fewer rails a leaf), 4 x 8 = 32 cables added,
//     none moved. 6 leaves x 8 = 48 uplink lanes: ceil(48 / 16) = 3 spines, but over 3 every
//     leaf gives the first spine 3 links, 6 x 3 = 18 > 16, so 4 spines with 2 links from each
//     leaf to each. An old leaf had 4+4 on the old spines and keeps 2+2, so 4 leaves x 4 = 16
//     uplinks move and the new leaves' 2 x 8 = 16 are added. Devices 12+6+4, cables 96+48 = 144.
//   - 10 servers: servers 11 and 12 go, 2 x 8 = 16 server cables removed, nothing moves; servers
//     9-10 keep the second group, so 6 leaves and 4 spines stay. Devices 10+6+4, cables 80+48.
//   - The first plan's 64 server cables and 32 uplinks (16 of them moved) keep their IDs
//     throughout.
func TestAccGrowRailPod(t *testing.T) {
	nb := accNetBox(t)
	const plan = "acc-grow"
	serverCables := map[string]string{} // leaf cable_ids at 8 servers
	uplinks := map[string]string{}      // spine cable_ids at 8 servers
	var uplinkLabels map[string]bool    // the spine's cables in NetBox at 8 servers
	proxy := newFaultProxy(t, nb.BaseURL(), postContaining("/api/dcim/cables/", plan+"-spine-"))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkNothingLeft(t, nb, plan),
		Steps: []resource.TestStep{
			{
				Config: railPod(plan, 8, false),
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						maps.Copy(serverCables, idMapOf(s, "hedgehog_switch_class.leaf", "cable_ids"))
						maps.Copy(uplinks, idMapOf(s, "hedgehog_switch_class.spine", "cable_ids"))
						uplinkLabels = spineLabels(taggedCableLabels(t, nb, plan))
						return nil
					},
					checkPodInNetBox(t, nb, plan, 8+4+2, 64+32),
				),
			},
			{
				Config:      railPod(plan, 12, false),
				ExpectError: regexp.MustCompile(`(?s)Existing cables would move.*must move 16 of\s+them.*allow_recabling\s+=\s+true`),
			},
			{
				Config:      railPodVia(plan, 12, true, proxy.URL),
				ExpectError: regexp.MustCompile(`(?s)creating cables.*injected fault.*deleted again`),
			},
			{
				PreConfig: func() {
					if got := spineLabels(taggedCableLabels(t, nb, plan)); !maps.Equal(got, uplinkLabels) {
						t.Errorf("after the rollback NetBox has %d uplinks (%v...), want the %d it had", len(got),
							first(setDiff(got, uplinkLabels), 3), len(uplinkLabels))
					}
					if n := count(t, nb, "/api/dcim/devices/", url.Values{"q": {plan + "-spine-03"}}); n != 0 {
						t.Errorf("the new spine survived the rollback")
					}
				},
				// The leaf class's part of the failed apply succeeded: only the spines change now.
				Config: railPod(plan, 12, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hedgehog_switch_class.leaf", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("hedgehog_switch_class.spine", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("hedgehog_switch_class.leaf", "effective_quantity", "6"),
					resource.TestCheckResourceAttr("hedgehog_switch_class.spine", "effective_quantity", "4"),
					resource.TestCheckResourceAttr("hedgehog_switch_class.leaf", "cabling_changes.moved", "0"),
					resource.TestCheckResourceAttr("hedgehog_switch_class.spine", "cabling_changes.moved", "16"),
					resource.TestCheckResourceAttr("hedgehog_switch_class.spine", "cabling_changes.added", "16"),
					checkKeptIDs(serverCables, "hedgehog_switch_class.leaf", "cable_ids", 64),
					checkKeptIDs(uplinks, "hedgehog_switch_class.spine", "cable_ids", 32),
					checkPodInNetBox(t, nb, plan, 12+6+4, 96+48),
				),
			},
			{
				Config: railPod(plan, 10, true),
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("hedgehog_switch_class.leaf", "effective_quantity", "6"),
					resource.TestCheckResourceAttr("hedgehog_switch_class.spine", "effective_quantity", "4"),
					resource.TestCheckResourceAttr("hedgehog_switch_class.leaf", "cabling_changes.removed", "16"),
					resource.TestCheckResourceAttr("hedgehog_switch_class.leaf", "cabling_changes.moved", "0"),
					checkKeptIDs(serverCables, "hedgehog_switch_class.leaf", "cable_ids", 64),
					checkPodInNetBox(t, nb, plan, 10+6+4, 80+48),
				),
			},
		},
	})
}

// idMapOf reads an ID map attribute of a resource from the flat state.
func idMapOf(s *terraform.State, addr, attr string) map[string]string {
	out := map[string]string{}
	r, ok := s.RootModule().Resources[addr]
	if !ok {
		return out
	}
	for k, v := range r.Primary.Attributes {
		if key, ok := strings.CutPrefix(k, attr+"."); ok && key != "%" {
			out[key] = v
		}
	}
	return out
}

// checkKeptIDs: every key of was that the attribute still has keeps its ID, and at least
// atLeast of them are there.
func checkKeptIDs(was map[string]string, addr, attr string, atLeast int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		now := idMapOf(s, addr, attr)
		kept := 0
		for k, id := range was {
			got, ok := now[k]
			if !ok {
				continue
			}
			if got != id {
				return fmt.Errorf("%s.%s[%q] changed from %s to %s", addr, attr, k, id, got)
			}
			kept++
		}
		if kept < atLeast {
			return fmt.Errorf("%s.%s: %d of the first IDs are left, want at least %d", addr, attr, kept, atLeast)
		}
		return nil
	}
}

// checkPodInNetBox compares NetBox with state: the plan's devices and cables are as many as
// planned, the cables' labels are exactly the allocations of both switch classes, and every
// leaf has a cable to every spine.
func checkPodInNetBox(t *testing.T, nb *netbox.Client, plan string, devices, cables int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		expectTagged(t, nb, plan, devices, cables)
		want := map[string]bool{}
		for _, class := range []string{"hedgehog_switch_class.leaf", "hedgehog_switch_class.spine"} {
			for a, b := range idMapOf(s, class, "allocation") {
				want[a+"--"+b] = true
			}
		}
		got := taggedCableLabels(t, nb, plan)
		if missing, extra := setDiff(want, got), setDiff(got, want); len(missing)+len(extra) > 0 {
			return fmt.Errorf("NetBox cables differ from state: missing %d %v, extra %d %v",
				len(missing), first(missing, 3), len(extra), first(extra, 3))
		}
		spine := s.RootModule().Resources["hedgehog_switch_class.spine"].Primary.Attributes
		for leaf, n := range switchesReached(idMapOf(s, "hedgehog_switch_class.spine", "allocation")) {
			if strconv.Itoa(n) != spine["effective_quantity"] {
				return fmt.Errorf("%s reaches %d spines of %s", leaf, n, spine["effective_quantity"])
			}
		}
		return nil
	}
}

// switchesReached counts, for every upstream device of an allocation ("device:port" =
// "switch:port"), the switches its cables land on.
func switchesReached(alloc map[string]string) map[string]int {
	on := map[string]map[string]bool{}
	for a, b := range alloc {
		dev, _ := inventory.SplitKey(a)
		sw, _ := inventory.SplitKey(b)
		if on[dev] == nil {
			on[dev] = map[string]bool{}
		}
		on[dev][sw] = true
	}
	out := make(map[string]int, len(on))
	for dev, switches := range on {
		out[dev] = len(switches)
	}
	return out
}

// taggedCableLabels lists the cables carrying the plan's tag as "<a-device>:<a-port>--<b-device>:<b-port>",
// read from their terminations; a cable whose label says otherwise fails the test.
func taggedCableLabels(t *testing.T, nb *netbox.Client, plan string) map[string]bool {
	t.Helper()
	type end struct {
		Object struct {
			Name   string `json:"name"`
			Device struct {
				Name string `json:"name"`
			} `json:"device"`
		} `json:"object"`
	}
	endOf := func(ends []end) string {
		if len(ends) != 1 {
			return fmt.Sprintf("(%d terminations)", len(ends))
		}
		return ends[0].Object.Device.Name + ":" + ends[0].Object.Name
	}
	out := map[string]bool{}
	next := strings.TrimRight(nb.BaseURL(), "/") + "/api/dcim/cables/?" + url.Values{
		"tag": {"hedgehog-plan-" + plan}, "fields": {"label,a_terminations,b_terminations"}, "limit": {"1000"}}.Encode()
	for next != "" {
		resp, err := nb.HTTPClient().Get(next)
		if err != nil {
			t.Fatalf("listing cables: %v", err)
		}
		var page struct {
			Next    *string `json:"next"`
			Results []struct {
				Label string `json:"label"`
				A     []end  `json:"a_terminations"`
				B     []end  `json:"b_terminations"`
			} `json:"results"`
		}
		err = json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(&page)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("listing cables: HTTP %d: %v", resp.StatusCode, err)
		}
		for _, r := range page.Results {
			ends := endOf(r.A) + "--" + endOf(r.B)
			if r.Label != ends {
				t.Errorf("cable labelled %s connects %s", r.Label, ends)
			}
			out[ends] = true
		}
		next = ""
		if page.Next != nil {
			next = *page.Next
		}
	}
	return out
}

func setDiff(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func first(list []string, n int) []string { return list[:min(n, len(list))] }

func spineLabels(labels map[string]bool) map[string]bool {
	out := map[string]bool{}
	for l := range labels {
		if strings.Contains(l, "-spine-") {
			out[l] = true
		}
	}
	return out
}

// postContaining fails every POST to path whose body contains text.
func postContaining(path, text string) func(*http.Request) bool {
	return func(r *http.Request) bool {
		if r.Method != http.MethodPost || r.URL.Path != path || r.Body == nil {
			return false
		}
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		return strings.Contains(string(b), text)
	}
}
