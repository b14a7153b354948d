package provider

import (
	"fmt"
	"regexp"
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
