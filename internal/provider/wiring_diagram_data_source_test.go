package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// A design with an ESLAG connection (alternating over a redundancy group of two leaves) and a
// bundled one (same switch) exports them as such, and the validator accepts it.
const eslagDesign = `
resource "hedgehog_topology_plan" "p" {
  name = "eslag"
  site = "dc1"
}

resource "hedgehog_server_class" "compute" {
  plan        = hedgehog_topology_plan.p.context
  name        = "compute"
  quantity    = 4
  device_type = "srv"
  nics        = { fe = { ports = 2, speed = 100 } }
  connections = { fe = { nic = "fe", ports = 2, speed = 100, distribution = "alternating", kind = "eslag" } }
}

resource "hedgehog_server_class" "storage" {
  plan        = hedgehog_topology_plan.p.context
  name        = "storage"
  quantity    = 2
  device_type = "srv"
  nics        = { fe = { ports = 2, speed = 100 } }
  connections = { fe = { nic = "fe", ports = 2, speed = 100, distribution = "same-switch", kind = "bundled" } }
}

resource "hedgehog_switch_class" "leaf" {
  plan        = hedgehog_topology_plan.p.context
  name        = "leaf"
  fabric      = "frontend"
  role        = "server-leaf"
  device_type = "celestica-ds3000"
  redundancy  = { type = "eslag", group = "eslag-1" }
  zones = {
    servers = {
      kind     = "server"
      ports    = "1-16"
      breakout = "1x100g"
      attach   = [hedgehog_server_class.compute.attachments["fe"], hedgehog_server_class.storage.attachments["fe"]]
    }
    uplinks = { kind = "uplink", ports = "17-32", breakout = "1x100g" }
  }
}

resource "hedgehog_switch_class" "spine" {
  plan        = hedgehog_topology_plan.p.context
  name        = "spine"
  fabric      = "frontend"
  role        = "spine"
  device_type = "celestica-ds3000"
  zones = {
    fabric = { kind = "fabric", ports = "1-32", breakout = "1x100g", attach = [hedgehog_switch_class.leaf.attachments["uplinks"]] }
  }
}

data "hedgehog_wiring_diagram" "fe" {
  fabric         = "frontend"
  switch_classes = [hedgehog_switch_class.leaf, hedgehog_switch_class.spine]
}
`

func TestWiringDiagramESLAGAndBundled(t *testing.T) {
	unsetNetBoxEnv(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: eslagDesign,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.hedgehog_wiring_diagram.fe", tfjsonpath.New("connections_by_kind"),
					knownvalue.MapExact(map[string]knownvalue.Check{
						// 4 compute servers over the ESLAG pair, 2 storage servers bundled on one leaf,
						// one fabric connection per leaf-spine pair (2 leaves x 1 spine).
						"eslag": knownvalue.Int64Exact(4), "bundled": knownvalue.Int64Exact(2), "fabric": knownvalue.Int64Exact(2),
					})),
				statecheck.ExpectKnownValue("data.hedgehog_wiring_diagram.fe", tfjsonpath.New("switches"), knownvalue.Int64Exact(3)),
				statecheck.ExpectKnownValue("data.hedgehog_wiring_diagram.fe", tfjsonpath.New("servers"), knownvalue.Int64Exact(6)),
				statecheck.ExpectKnownValue("data.hedgehog_wiring_diagram.fe", tfjsonpath.New("yaml"),
					knownvalue.StringRegexp(regexp.MustCompile(`(?s)name: compute-001--eslag--leaf-01--leaf-02\n.*`+
						`name: storage-001--bundled--leaf-01\n.*kind: SwitchGroup\nmetadata:\n  name: eslag-1\n`))),
			},
		}},
	})
}

// A fabric with no managed switch class is an error on fabric.
func TestWiringDiagramUnknownFabric(t *testing.T) {
	unsetNetBoxEnv(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      eslagDesign + "\ndata \"hedgehog_wiring_diagram\" \"none\" {\n  fabric = \"backend\"\n  switch_classes = [hedgehog_switch_class.leaf]\n}\n",
			ExpectError: regexp.MustCompile(`(?s)Invalid wiring diagram.*fabric "backend" has no managed switch class;\s+the\s+managed\s+fabrics\s+of\s+the\s+switch\s+classes\s+passed\s+in\s+are\s+frontend`),
		}},
	})
}
