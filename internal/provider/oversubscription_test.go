package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// oversubscribedLeaf is 32 servers x 2 x 200G on one DS5000 (16 ports at 4x200g) with one 800G
// uplink port: 12 800G down on 800G up, 16:1.
func oversubscribedLeaf(extra string) string {
	servers := vdtServer("gpu", "gpu", vdtServerBody("32", 2, 200, "ports = 2", "speed = 200"))
	return vdtHead + servers + vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds5000", extra,
		vdtZone("servers", "server", "1-31:2", "4x200g", `hedgehog_server_class.gpu.attachments["fe"]`),
		vdtZone("up", "uplink", "64", "1x800g", ""))
}

// TestOversubscriptionReported: calculation reports the busiest leaf's bandwidths and their
// ratio at plan, and max_oversubscription turns a worse ratio into an error on itself.
func TestOversubscriptionReported(t *testing.T) {
	t.Parallel()
	calc := tfjsonpath.New("calculation")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: oversubscribedLeaf(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("hedgehog_switch_class.leaf", calc.AtMapKey("downlink_gbps"), knownvalue.Int64Exact(12800)),
					statecheck.ExpectKnownValue("hedgehog_switch_class.leaf", calc.AtMapKey("uplink_gbps"), knownvalue.Int64Exact(800)),
					statecheck.ExpectKnownValue("hedgehog_switch_class.leaf", calc.AtMapKey("oversubscription"), knownvalue.Float64Exact(16)),
					statecheck.ExpectKnownValue("hedgehog_switch_class.leaf", calc.AtMapKey("busiest_switch"), knownvalue.StringExact("leaf-01")),
				},
			},
			{
				Config: oversubscribedLeaf("  max_oversubscription = 3"),
				ExpectError: regexp.MustCompile(`(?s)Oversubscribed.*max_oversubscription.*` + vdtWords(`leaf-01 carries 12800G `+
					`of server links on 800G of uplinks, 16:1, above max_oversubscription 3:1. Give zone "up" 5 more 800G uplink lanes`)),
			},
		},
	})
}
