package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// A tag slug that another resource computes is unknown during plan: the plan's context stays
// unknown until apply instead of planning without the tag (which Terraform rejects at apply
// as an inconsistent final plan).
func TestTopologyPlanTagFromAnotherResource(t *testing.T) {
	unsetNetBoxEnv(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "tag" {
  input = "lab"
}

resource "hedgehog_topology_plan" "p" {
  name = "tags"
  site = "dc1"
  tags = [terraform_data.tag.output]
}

resource "hedgehog_server_class" "s" {
  plan        = hedgehog_topology_plan.p.context
  name        = "srv"
  quantity    = 1
  device_type = "srv"
  nics        = { fe = { ports = 1, speed = 100 } }
  connections = { fe = { nic = "fe", ports = 1, speed = 100 } }
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("hedgehog_topology_plan.p", tfjsonpath.New("context").AtMapKey("tags"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("lab")})),
				statecheck.ExpectKnownValue("hedgehog_server_class.s", tfjsonpath.New("device_names"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("srv-001")})),
			},
		}},
	})
}
