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

// railPod is the backend of bench/rail-optimized on its own: GPU servers with eight 400G rails
// over DS5000 rail leaves (server zone 1-32 at 2x400g, uplinks 33-64) and a DS5000 spine class.
// Names carry the plan name, so the test shares no object with another.
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
      ports    = "1-32"
      breakout = "2x400g"
      attach   = [for r in local.rails : hedgehog_server_class.gpu.attachments["rail-${r}"]]
    }
    uplinks = { kind = "uplink", ports = "33-64", breakout = "1x800g" }
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
    fabric = { kind = "fabric", ports = "1-64", breakout = "1x800g", attach = [hedgehog_switch_class.leaf.attachments["uplinks"]] }
  }
}
`, plan, accSite, servers, allowRecabling)
}

// TestAccGrowRailPod is SPEC §5.6 against NetBox: the pod at 32 servers (4 rail leaves, 2
// spines) grows to 48 (a second rail group of 2 leaves; 4 spines, so every old leaf moves 16 of
// its 32 uplinks, which needs allow_recabling), then shrinks to 40. The first try of the growth
// fails when the spine class posts its new cables, after it moved the old ones: rollback puts
// them back. After each step the cables that survive keep their NetBox IDs (moved uplinks too:
// they are patched, not replaced), NetBox holds exactly the planned cables, every leaf reaches
// every spine, and the next plan is empty (the test framework checks that); destroy leaves
// nothing.
func TestAccGrowRailPod(t *testing.T) {
	nb := accNetBox(t)
	const plan = "acc-grow"
	serverCables := map[string]string{} // leaf cable_ids at 32 servers
	uplinks := map[string]string{}      // spine cable_ids at 32 servers
	var uplinkLabels map[string]bool    // the spine's cables in NetBox at 32 servers
	proxy := newFaultProxy(t, nb.BaseURL(), postContaining("/api/dcim/cables/", plan+"-spine-"))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkNothingLeft(t, nb, plan),
		Steps: []resource.TestStep{
			{
				Config: railPod(plan, 32, false),
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						maps.Copy(serverCables, idMapOf(s, "hedgehog_switch_class.leaf", "cable_ids"))
						maps.Copy(uplinks, idMapOf(s, "hedgehog_switch_class.spine", "cable_ids"))
						uplinkLabels = spineLabels(taggedCableLabels(t, nb, plan))
						return nil
					},
					checkPodInNetBox(t, nb, plan, 32+4+2, 256+128),
				),
			},
			{
				Config:      railPod(plan, 48, false),
				ExpectError: regexp.MustCompile(`(?s)Existing cables would move.*must move 64 of\s+them.*allow_recabling\s+=\s+true`),
			},
			{
				Config:      railPodVia(plan, 48, true, proxy.URL),
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
				Config: railPod(plan, 48, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hedgehog_switch_class.leaf", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("hedgehog_switch_class.spine", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("hedgehog_switch_class.leaf", "effective_quantity", "6"),
					resource.TestCheckResourceAttr("hedgehog_switch_class.spine", "effective_quantity", "4"),
					resource.TestCheckResourceAttr("hedgehog_switch_class.leaf", "cabling_changes.moved", "0"),
					resource.TestCheckResourceAttr("hedgehog_switch_class.spine", "cabling_changes.moved", "64"),
					resource.TestCheckResourceAttr("hedgehog_switch_class.spine", "cabling_changes.added", "64"),
					checkKeptIDs(serverCables, "hedgehog_switch_class.leaf", "cable_ids", 256),
					checkKeptIDs(uplinks, "hedgehog_switch_class.spine", "cable_ids", 128),
					checkPodInNetBox(t, nb, plan, 48+6+4, 384+192),
				),
			},
			{
				Config: railPod(plan, 40, true),
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("hedgehog_switch_class.leaf", "effective_quantity", "6"),
					resource.TestCheckResourceAttr("hedgehog_switch_class.spine", "effective_quantity", "4"),
					resource.TestCheckResourceAttr("hedgehog_switch_class.leaf", "cabling_changes.removed", "64"),
					resource.TestCheckResourceAttr("hedgehog_switch_class.leaf", "cabling_changes.moved", "0"),
					checkKeptIDs(serverCables, "hedgehog_switch_class.leaf", "cable_ids", 256),
					checkPodInNetBox(t, nb, plan, 40+6+4, 320+192),
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
