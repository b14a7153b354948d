package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// smallFabric is one leaf class with one server class of n servers, and a spine class.
func smallFabric(servers int, spineOverride string) string {
	return fmt.Sprintf(`
resource "hedgehog_topology_plan" "p" {
  name = "small"
  site = "dc1"
}

resource "hedgehog_server_class" "srv" {
  plan        = hedgehog_topology_plan.p.context
  name        = "srv"
  quantity    = %d
  device_type = "server"
  nics        = { fe = { ports = 2, speed = 100 } }
  connections = { fe = { nic = "fe", ports = 2, speed = 100, distribution = "alternating" } }
}

resource "hedgehog_switch_class" "leaf" {
  plan        = hedgehog_topology_plan.p.context
  name        = "leaf"
  fabric      = "frontend"
  role        = "server-leaf"
  device_type = "celestica-ds3000"
  zones = {
    servers = { kind = "server", ports = "1-24", breakout = "1x100g", attach = [hedgehog_server_class.srv.attachments["fe"]] }
    uplinks = { kind = "uplink", ports = "25-32", breakout = "1x100g" }
  }
}

resource "hedgehog_switch_class" "spine" {
  plan        = hedgehog_topology_plan.p.context
  name        = "spine"
  fabric      = "frontend"
  role        = "spine"
  device_type = "celestica-ds3000"
  %s
  zones = {
    fabric = { kind = "fabric", ports = "1-32", breakout = "1x100g", attach = [hedgehog_switch_class.leaf.attachments["uplinks"]] }
  }
}
`, servers, spineOverride)
}

func TestSwitchClassQuantitiesFlowDownstream(t *testing.T) {
	unsetNetBoxEnv(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: smallFabric(20, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("hedgehog_switch_class.leaf", tfjsonpath.New("effective_quantity"), knownvalue.Int64Exact(2)),
					plancheck.ExpectKnownValue("hedgehog_switch_class.spine", tfjsonpath.New("effective_quantity"), knownvalue.Int64Exact(1)),
					plancheck.ExpectKnownValue("hedgehog_switch_class.leaf", tfjsonpath.New("zone_usage").AtMapKey("servers"),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"used": knownvalue.Int64Exact(40), "free": knownvalue.Int64Exact(8)})),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("hedgehog_switch_class.spine", tfjsonpath.New("allocation").AtMapKey("leaf-02:E1/25"),
						knownvalue.StringExact("spine-01:E1/9")),
					statecheck.ExpectKnownValue("hedgehog_switch_class.leaf", tfjsonpath.New("device_names"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("leaf-01"), knownvalue.StringExact("leaf-02")})),
				},
			},
			{
				// Five more servers need a third leaf; the spine sees the new leaf during the same plan.
				Config: smallFabric(25, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hedgehog_switch_class.leaf", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("hedgehog_switch_class.leaf", tfjsonpath.New("effective_quantity"), knownvalue.Int64Exact(3)),
					plancheck.ExpectKnownValue("hedgehog_switch_class.spine", tfjsonpath.New("allocation").AtMapKey("leaf-03:E1/25"),
						knownvalue.StringExact("spine-01:E1/17")),
					// Sticky: the first server keeps its ports.
					plancheck.ExpectKnownValue("hedgehog_switch_class.leaf", tfjsonpath.New("allocation").AtMapKey("srv-001:fe-p0"),
						knownvalue.StringExact("leaf-01:E1/1")),
					plancheck.ExpectKnownValue("hedgehog_switch_class.leaf", tfjsonpath.New("allocation").AtMapKey("srv-001:fe-p1"),
						knownvalue.StringExact("leaf-02:E1/1")),
				}},
			},
			{
				Config:      smallFabric(25, "override_quantity = 0"),
				ExpectError: regexpMatch(`(?s)Override below need.*override_quantity 0 is below what the demand needs: 1`),
			},
		},
	})
}

func regexpMatch(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// TestSwitchClassGrowthMovesUplinksOnlyWhenAllowed is SPEC §5.6 through Terraform, offline:
// 20 servers on 2 leaves and 1 spine grow to 60 (6 leaves: the new servers' alternating pairs
// do not pack the last lanes as a fresh plan's 5 leaves do; 2 spines). The old leaves must give
// half their uplinks to the new spine: an error naming the moves without allow_recabling; with
// it, cabling_changes lists the 8 moves, the next plan is empty, and a shrink back to 20 keeps
// both spines (the second still carries cables) and every surviving cable.
func TestSwitchClassGrowthMovesUplinksOnlyWhenAllowed(t *testing.T) {
	unsetNetBoxEnv(t)
	moved := knownvalue.ObjectExact(map[string]knownvalue.Check{
		"from": knownvalue.StringExact("spine-01:E1/5"), "to": knownvalue.StringExact("spine-02:E1/1")})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: smallFabric(20, "")},
			{
				Config: smallFabric(60, ""),
				ExpectError: regexpMatch(`(?s)Existing cables would move.*must move 8 of\s+them.*leaf-01:E1/29 -> spine-01:E1/5\s+\(to` +
					`.*allow_recabling\s+=\s+true`),
			},
			{
				Config: smallFabric(60, "allow_recabling = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("hedgehog_switch_class.leaf", tfjsonpath.New("effective_quantity"), knownvalue.Int64Exact(6)),
					plancheck.ExpectKnownValue("hedgehog_switch_class.spine", tfjsonpath.New("effective_quantity"), knownvalue.Int64Exact(2)),
					plancheck.ExpectKnownValue("hedgehog_switch_class.spine", tfjsonpath.New("cabling_changes"), knownvalue.ObjectPartial(
						map[string]knownvalue.Check{"added": knownvalue.Int64Exact(32), "removed": knownvalue.Int64Exact(0), "moved": knownvalue.Int64Exact(8)})),
					plancheck.ExpectKnownValue("hedgehog_switch_class.spine", tfjsonpath.New("cabling_changes").AtMapKey("moves").AtMapKey("leaf-01:E1/29"), moved),
					// Server cables never move.
					plancheck.ExpectKnownValue("hedgehog_switch_class.leaf", tfjsonpath.New("cabling_changes"), knownvalue.ObjectPartial(
						map[string]knownvalue.Check{"added": knownvalue.Int64Exact(80), "moved": knownvalue.Int64Exact(0)})),
				}},
			},
			{Config: smallFabric(60, "allow_recabling = true"), PlanOnly: true},
			{
				Config: smallFabric(20, "allow_recabling = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("hedgehog_switch_class.leaf", tfjsonpath.New("effective_quantity"), knownvalue.Int64Exact(2)),
					plancheck.ExpectKnownValue("hedgehog_switch_class.spine", tfjsonpath.New("effective_quantity"), knownvalue.Int64Exact(2)),
					plancheck.ExpectKnownValue("hedgehog_switch_class.spine", tfjsonpath.New("cabling_changes"), knownvalue.ObjectPartial(
						map[string]knownvalue.Check{"added": knownvalue.Int64Exact(0), "removed": knownvalue.Int64Exact(32), "moved": knownvalue.Int64Exact(0)})),
					plancheck.ExpectKnownValue("hedgehog_switch_class.spine", tfjsonpath.New("allocation").AtMapKey("leaf-01:E1/29"),
						knownvalue.StringExact("spine-02:E1/1")),
				}},
			},
		},
	})
}

// TestSwitchClassReplacePlansAfresh: replace_triggered_by (like -replace) on a grown class
// plans it from scratch, with no error, while the class keeps its cables without it.
func TestSwitchClassReplacePlansAfresh(t *testing.T) {
	unsetNetBoxEnv(t)
	withTrigger := func(servers int, generation string) string {
		cfg := smallFabric(servers, "allow_recabling = true")
		cfg = strings.Replace(cfg, `  device_type = "celestica-ds3000"
  zones = {
    servers`, `  device_type = "celestica-ds3000"
  lifecycle {
    replace_triggered_by = [terraform_data.generation]
  }
  zones = {
    servers`, 1)
		return cfg + fmt.Sprintf("\nresource \"terraform_data\" \"generation\" {\n  input = %q\n}\n", generation)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: withTrigger(20, "one")},
			{Config: withTrigger(19, "one")},
			{
				// Sticky, srv-020's lanes stayed free; replaced, srv-019 is the last placed.
				Config: withTrigger(21, "two"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hedgehog_switch_class.leaf", plancheck.ResourceActionReplace),
					plancheck.ExpectKnownValue("hedgehog_switch_class.leaf", tfjsonpath.New("cabling_changes"), knownvalue.ObjectPartial(
						map[string]knownvalue.Check{"added": knownvalue.Int64Exact(42), "moved": knownvalue.Int64Exact(0)})),
					plancheck.ExpectKnownValue("hedgehog_switch_class.leaf", tfjsonpath.New("allocation").AtMapKey("srv-021:fe-p1"),
						knownvalue.StringExact("leaf-02:E1/21")),
				}},
			},
		},
	})
}
