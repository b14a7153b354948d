package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// nicsConfig is a server device type with fe (2 x 200G) and bmc NICs, and a server class that
// uses it through a local, as users write it, with classNICs as its nics.
func nicsConfig(classNICs string) string {
	return vdtHead + `
locals {
  gpu_nics = {
    fe  = { ports = 2, speed = 200 }
    bmc = { ports = 1, speed = 1 }
  }
  server_type = hedgehog_device_type.gpu.slug
}

resource "hedgehog_device_type" "gpu" {
  model = "GPU server"
  nics  = local.gpu_nics
}

resource "hedgehog_server_class" "gpu" {
  plan        = hedgehog_topology_plan.p.context
  name        = "gpu"
  quantity    = 2
  device_type = local.server_type
  nics        = ` + classNICs + `
  connections = {
    fe = { nic = "fe", ports = 2, speed = 200 }
  }
}
`
}

// TestServerClassNICsMatchDeviceType: a server class whose nics differ from those of the
// hedgehog_device_type its device_type names is an error on nics that says how; the same map
// plans.
func TestServerClassNICsMatchDeviceType(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: nicsConfig(`{ fe = { ports = 4, speed = 200 } }`),
				ExpectError: regexp.MustCompile(`(?s)NICs differ from the device type's.*` + vdtWords(
					`NIC "fe" is 4 x 200G here and 2 x 200G on the device type; the device type's NIC "bmc" (1 x 1G) is `+
						`missing here. Give both the same nics`)),
			},
			{
				Config: nicsConfig(`local.gpu_nics`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("hedgehog_server_class.gpu", tfjsonpath.New("interfaces"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("bmc-p0"),
							knownvalue.StringExact("fe-p0"), knownvalue.StringExact("fe-p1")})),
				},
			},
		},
	})
}
