package provider

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Plan-time validation through the real provider and the Terraform CLI (SPEC §6): one
// `terraform plan` per error rule, each asserting the diagnostic's summary, its detail and the
// configuration line Terraform shows under it.
//
// Every configuration sets the provider's url and token to "" explicitly: an explicit empty
// value wins over NETBOX_URL / NETBOX_TOKEN, so the tests run offline whatever the environment
// holds, without t.Setenv (which t.Parallel forbids).
//
// Terraform 1.5 can show the source line of a top-level attribute only: for a path into a
// nested attribute (zones["servers"].ports, connections["fe"].rail, redundancy.type) it shows the
// resource block's first line. Those rows therefore match the resource header in the Terraform
// output, and TestValidationAttributePaths checks the exact path the provider reports, through
// the plugin protocol.
//
// Helpers of this file are prefixed with "vdt" so that they cannot collide with other test
// files of the package.

const vdtHead = `
provider "hedgehog" {
  url   = ""
  token = ""
}

resource "hedgehog_topology_plan" "p" {
  name = "vt"
  site = "dc1"
}
`

// vdtServer is a server class resource; body holds quantity, nics, connections and any extra
// attribute, one per line.
func vdtServer(res, name, body string) string {
	return fmt.Sprintf(`
resource "hedgehog_server_class" %q {
  plan        = hedgehog_topology_plan.p.context
  name        = %q
  device_type = "server"
%s
}
`, res, name, body)
}

// vdtServerBody is one NIC "fe" of nicPorts x speed and one connection "fe" with the given lines.
func vdtServerBody(quantity string, nicPorts, speed int, connLines ...string) string {
	return fmt.Sprintf(`  quantity    = %s
  nics = {
    fe = {
      ports = %d
      speed = %d
    }
  }
  connections = {
    fe = {
      nic = "fe"
      %s
    }
  }`, quantity, nicPorts, speed, strings.Join(connLines, "\n      "))
}

// vdtGPU is 4 servers x 2 x 200G alternating: two DS5000 leaves on a 4x200g zone.
func vdtGPU(res, name string) string {
	return vdtServer(res, name, vdtServerBody("4", 2, 200, "ports = 2", "speed = 200", `distribution = "alternating"`))
}

// vdtSwitch is a switch class resource; extra holds top-level attribute lines.
func vdtSwitch(res, name, role, deviceType, extra string, zones ...string) string {
	return fmt.Sprintf(`
resource "hedgehog_switch_class" %q {
  plan        = hedgehog_topology_plan.p.context
  name        = %q
  fabric      = "frontend"
  role        = %q
  device_type = %q
%s
  zones = {
%s
  }
}
`, res, name, role, deviceType, extra, strings.Join(zones, "\n"))
}

// vdtZone is one zone; attach is an HCL list body ("" for none).
func vdtZone(name, kind, ports, breakout, attach string, extra ...string) string {
	s := fmt.Sprintf(`    %s = {
      kind     = %q
      ports    = %q
      breakout = %q`, name, kind, ports, breakout)
	if attach != "" {
		s += "\n      attach   = [" + attach + "]"
	}
	for _, e := range extra {
		s += "\n      " + e
	}
	return s + "\n    }"
}

const (
	vdtGPUAttach = `hedgehog_server_class.gpu.attachments["fe"]`
	vdtES1000    = `  fabric_class = "unmanaged"
  ports = [
    { first = 1, last = 48, native_speed = 1, connector = "RJ45", breakouts = ["1x1g"] },
    { first = 49, last = 52, native_speed = 25, connector = "SFP28", breakouts = ["1x25g", "1x10g"] },
  ]`
)

// vdtWords matches text with any run of whitespace between its words: Terraform wraps long
// detail lines.
func vdtWords(text string) string {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return strings.Join(words, `\s+`)
}

// vdtAttr matches the source line of a top-level attribute: `name = value`.
func vdtAttr(name, valuePrefix string) string {
	return regexp.QuoteMeta(name) + `\s*=\s*` + regexp.QuoteMeta(valuePrefix)
}

// vdtHeader matches the first line of a resource block, which Terraform shows for nested paths.
func vdtHeader(addr string) string {
	typ, name, _ := strings.Cut(addr, ".")
	return fmt.Sprintf(`resource\s+"%s"\s+"%s"\s+\{`, regexp.QuoteMeta(typ), regexp.QuoteMeta(name))
}

// vdtError matches one error diagnostic of the Terraform CLI: its summary, the resource it is
// about, the source line shown under it (snippet, a regexp) and a fragment of its detail. The
// parts must belong to the same diagnostic: the detail is searched in the paragraph that follows
// the source lines only.
func vdtError(summary, addr, snippet, detail string) *regexp.Regexp {
	return regexp.MustCompile(`Error: ` + vdtWords(summary) + `[ \t]*\n[ \t]*\n[ \t]*with ` + regexp.QuoteMeta(addr) +
		`,[ \t]*\n[ \t]*on [^\n]+ line \d+, in resource "[^"\n]+" "[^"\n]+":[ \t]*\n[ \t]*\d+:[ \t]*` + snippet +
		`[^\n]*(?:\n[ \t]*\d+:[^\n]*)*\n[ \t]*\n(?:[^\n]+\n)*?[^\n]*?` + vdtWords(detail))
}

type vdtCase struct {
	name   string
	config string
	want   *regexp.Regexp
}

func vdtRunPlanErrors(t *testing.T, cases []vdtCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("duplicate case %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: vdtHead + tc.config, PlanOnly: true, ExpectError: tc.want,
				}},
			})
		})
	}
}

// TestValidationPlanErrors runs one `terraform plan` per error rule of SPEC §6.
func TestValidationPlanErrors(t *testing.T) {
	t.Parallel()
	const leaf, spine, gpu = "hedgehog_switch_class.leaf", "hedgehog_switch_class.spine", "hedgehog_server_class.gpu"
	gpuSrv := vdtGPU("gpu", "gpu")
	// A DS5000 leaf whose only zone is given; the gpu servers are attached to it when attach is set.
	dsLeaf := func(extra string, zones ...string) string {
		return gpuSrv + vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds5000", extra, zones...)
	}
	srvZone := func(ports, breakout string) string {
		return vdtZone("servers", "server", ports, breakout, vdtGPUAttach)
	}
	ipmiSrv := vdtServer("bmc", "bmc", vdtServerBody("4", 1, 1, "ports = 1", "speed = 1", `port_type = "ipmi"`))
	dataSrv := vdtServer("mgmt", "mgmt", vdtServerBody("4", 1, 1, "ports = 1", "speed = 1"))
	oneSrv := vdtServer("one", "one", vdtServerBody("1", 1, 200, "ports = 1", "speed = 200"))
	ds3kSrv := func(qty string) string {
		return vdtServer("ctl", "ctl", vdtServerBody(qty, 2, 100, "ports = 2", "speed = 100"))
	}
	// Two leaves with one 800G uplink lane each.
	thinLeaf := gpuSrv + vdtSwitch("thin", "thin", "server-leaf", "celestica-ds5000", "",
		vdtZone("servers", "server", "1", "4x200g", vdtGPUAttach), vdtZone("uplinks", "uplink", "64", "1x800g", ""))

	cases := []vdtCase{
		// Names and templates.
		{"invalid plan name", `
resource "hedgehog_topology_plan" "bad" {
  name = "Bad_Plan"
  site = "dc1"
}`, vdtError("Invalid Attribute Value Match", "hedgehog_topology_plan.bad", vdtAttr("name", `"Bad_Plan"`),
			"lowercase RFC 1123 label")},
		{"invalid server class name", vdtGPU("gpu", "GPU"),
			vdtError("Invalid name", gpu, vdtAttr("name", `"GPU"`), "names must be lowercase")},
		{"invalid switch class name", gpuSrv +
			vdtSwitch("leaf", "leaf_1", "server-leaf", "celestica-ds5000", "", srvZone("1-63:2", "4x200g")),
			vdtError("Invalid name", leaf, vdtAttr("name", `"leaf_1"`), `contains '_' at character 5`)},
		{"invalid fabric name", gpuSrv + strings.Replace(vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds5000", "",
			srvZone("1-63:2", "4x200g")), `"frontend"`, `"Front End"`, 1),
			vdtError("Invalid fabric name", leaf, vdtAttr("fabric", `"Front End"`), "names must be lowercase")},
		{"template with an unknown placeholder", vdtServer("gpu", "gpu", vdtServerBody("4", 2, 200, "ports = 2", "speed = 200")+
			"\n  name_template = \"{class}-{rack}\""),
			vdtError("Invalid name template", gpu, vdtAttr("name_template", `"{class}-{rack}"`), "unknown placeholder {rack}")},
		{"template rendering duplicate names", vdtServer("gpu", "gpu", vdtServerBody("4", 2, 200, "ports = 2", "speed = 200")+
			"\n  name_template = \"{class}\""),
			vdtError("Invalid device name", gpu, vdtAttr("name_template", `"{class}"`), `template renders "gpu" twice`)},
		{"switch template rendering invalid Hedgehog names", dsLeaf(`  name_template = "Leaf-{index}"`, srvZone("1-63:2", "4x200g")),
			vdtError("Invalid device name", leaf, vdtAttr("name_template", `"Leaf-{index}"`), "names must be lowercase")},

		// Port specs, profiles, breakouts, lane caps.
		{"port spec syntax error", dsLeaf("", srvZone("1-", "4x200g")),
			vdtError("Invalid port spec", leaf, vdtHeader(leaf), `part "1-": missing the range end after '-'`)},
		{"port outside the profile", dsLeaf("", srvZone("1-70", "4x200g")),
			vdtError("Port not on the profile", leaf, vdtHeader(leaf), "port 67 is not a data port of celestica-ds5000 (ports 1-66)")},
		{"unknown breakout", dsLeaf("", srvZone("1-63:2", "3x100g")),
			vdtError("Unknown breakout", leaf, vdtHeader(leaf), `breakout "3x100g" is not one of the known modes`)},
		{"breakout the profile does not support", dsLeaf("", srvZone("1-8", "8x50g")),
			vdtError("Breakout not supported", leaf, vdtHeader(leaf), "port 1 of celestica-ds5000 does not support 8x50g")},
		{"breakout a port does not support", dsLeaf("", srvZone("63-65", "4x200g")),
			vdtError("Breakout not supported", leaf, vdtHeader(leaf), "port 65 of celestica-ds5000 does not support 4x200g")},
		{"lanes above maxPorts", dsLeaf("", vdtZone("servers", "server", "1-64", "8x100g", "")),
			vdtError("Too many logical ports", leaf, vdtAttr("zones", "{"), "512 lanes per switch; celestica-ds5000 supports at most 320")},
		{"pipeline cap", dsLeaf("", vdtZone("servers", "server", "1,4", "8x100g", "")),
			vdtError("Pipeline capacity exceeded", leaf, vdtAttr("zones", "{"), "ports 1,4 share a pipeline of at most 10 lanes")},
		{"unknown profile", gpuSrv + vdtSwitch("leaf", "leaf", "server-leaf", "acme-9000", "", srvZone("1-63:2", "4x200g")),
			vdtError("Unknown switch profile", leaf, vdtAttr("device_type", `"acme-9000"`), `"acme-9000" is not a Hedgehog switch profile`)},
		{"custom ports on a managed class", gpuSrv + vdtSwitch("leaf", "leaf", "server-leaf", "es1000-48",
			strings.Replace(vdtES1000, `fabric_class = "unmanaged"`, `fabric_class = "managed"`, 1), srvZone("1-63:2", "4x200g")),
			vdtError("Custom ports on a managed class", leaf, vdtAttr("ports", "["), `must have fabric_class = "unmanaged"`)},
		{"role the profile cannot serve", gpuSrv + vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds4000", "",
			vdtZone("servers", "server", "1-8", "2x200g", vdtGPUAttach)),
			vdtError("Role not supported by the profile", leaf, vdtAttr("role", `"server-leaf"`), "celestica-ds4000 cannot serve as server-leaf")},

		// Server connections.
		{"NIC port range beyond the NIC", vdtServer("gpu", "gpu", vdtServerBody("4", 2, 200, "first_port = 1", "ports = 2", "speed = 200")),
			vdtError("NIC port range beyond the NIC", gpu, vdtHeader(gpu), `uses ports 1..2 of NIC "fe", which has 2 ports`)},
		{"rail missing", vdtServer("gpu", "gpu", vdtServerBody("4", 2, 200, "ports = 1", "speed = 200", `distribution = "rail-optimized"`)),
			vdtError("Rail missing", gpu, vdtHeader(gpu), `connection "fe" is rail-optimized and needs a rail number`)},
		{"speed mismatch", ds3kSrv("2") + vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds5000", "",
			vdtZone("servers", "server", "1-63:2", "4x200g", `hedgehog_server_class.ctl.attachments["fe"]`)),
			vdtError("Speed mismatch", leaf, vdtHeader(leaf), `runs at 100G but the lanes of zone "servers" are 200G (4x200g)`)},
		{"ipmi on a server zone", ipmiSrv + vdtSwitch("leaf", "oob", "server-leaf", "es1000-48", vdtES1000,
			vdtZone("servers", "server", "1-48", "1x1g", `hedgehog_server_class.bmc.attachments["fe"]`)),
			vdtError("Attachment not accepted by the zone", leaf, vdtHeader(leaf), "does not take ipmi connections; use an oob zone")},
		{"data on an oob zone", dataSrv + vdtSwitch("leaf", "oob", "server-leaf", "es1000-48", vdtES1000,
			vdtZone("oob", "oob", "1-48", "1x1g", `hedgehog_server_class.mgmt.attachments["fe"]`)),
			vdtError("Attachment not accepted by the zone", leaf, vdtHeader(leaf), `zone "oob" (kind oob) takes only ipmi connections`)},
		{"server connection on a fabric zone", gpuSrv + vdtSwitch("spine", "spine", "spine", "celestica-ds5000", "",
			vdtZone("fabric", "fabric", "1-63:2", "4x200g", vdtGPUAttach)),
			vdtError("Attachment not accepted by the zone", spine, vdtHeader(spine), "takes only uplink zones of other switch classes")},
		{"server connection on an uplink zone", dsLeaf("", vdtZone("uplinks", "uplink", "1-63:2", "4x200g", vdtGPUAttach)),
			vdtError("Attachment not accepted by the zone", leaf, vdtHeader(leaf), `zone "uplinks" (kind uplink) takes no attachments`)},
		{"same attachment on two zones", dsLeaf("", vdtZone("a", "server", "1-31:2", "4x200g", vdtGPUAttach),
			vdtZone("b", "server", "33-63:2", "4x200g", vdtGPUAttach)),
			vdtError("Attachment used twice", leaf, vdtHeader(leaf), `is attached to zones "a" and "b"`)},
		{"two zones on the same lane", gpuSrv + oneSrv + vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds5000", "",
			vdtZone("a", "server", "1-2", "4x200g", vdtGPUAttach),
			vdtZone("b", "server", "1", "4x200g", `hedgehog_server_class.one.attachments["fe"]`)),
			vdtError("Zones use the same port", leaf, vdtHeader(leaf), `zones "a" and "b" both use switch 1 port 1: lane E1/1/1`)},
		{"bundled alternating without redundancy", vdtServer("gpu", "gpu", vdtServerBody("4", 2, 200, "ports = 2", "speed = 200",
			`distribution = "alternating"`, `kind = "bundled"`)) + vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds5000", "", srvZone("1-63:2", "4x200g")),
			vdtError("Bundle across switches without redundancy", leaf, vdtHeader(leaf), `switch class "leaf" has no redundancy group`)},

		// Quantities and redundancy.
		{"override below need", dsLeaf("  override_quantity = 1", srvZone("1-63:2", "4x200g")),
			vdtError("Override below need", leaf, vdtAttr("override_quantity", "1"), "override_quantity 1 is below what the demand needs: 2 switches")},
		{"ESLAG above 4 switches", ds3kSrv("10") + vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds3000",
			`  redundancy = { type = "eslag", group = "g1" }`,
			vdtZone("servers", "server", "1-4", "1x100g", `hedgehog_server_class.ctl.attachments["fe"]`)),
			vdtError("ESLAG group too large", leaf, vdtAttr("redundancy", "{"), "needs 5 switches but an ESLAG group has 2 to 4")},
		{"ESLAG on a profile without ESLAG", dsLeaf(`  redundancy = { type = "eslag", group = "g1" }`, srvZone("1-63:2", "4x200g")),
			vdtError("ESLAG not supported", leaf, vdtHeader(leaf), "celestica-ds5000 has no ESLAG feature")},
		{"leaf with fewer uplink lanes than spines", thinLeaf + vdtSwitch("spine", "spine", "spine", "celestica-ds5000",
			"  override_quantity = 3", vdtZone("fabric", "fabric", "1-8", "1x800g", `hedgehog_switch_class.thin.attachments["uplinks"]`)),
			vdtError("Leaf cannot reach every spine", spine, vdtHeader(spine), "has 1 uplink lanes per switch but there are 3 spines")},

		// Mesh.
		{"mesh override not 2 or 3", vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds3000",
			"  topology          = \"mesh\"\n  override_quantity = 4", vdtZone("mesh", "mesh", "29-32", "1x100g", "")),
			vdtError("Mesh needs 2 or 3 switches", leaf, vdtAttr("override_quantity", "4"), "set override_quantity to 2 or 3")},
		{"odd mesh lanes with 3 switches", vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds3000",
			"  topology          = \"mesh\"\n  override_quantity = 3", vdtZone("mesh", "mesh", "29-31", "1x100g", "")),
			vdtError("Odd mesh lanes", leaf, vdtHeader(leaf), `zone "mesh" has 3`)},
		{"spine in a mesh fabric", vdtSwitch("leaf", "leaf", "spine", "celestica-ds3000",
			"  topology          = \"mesh\"\n  override_quantity = 2", vdtZone("mesh", "mesh", "29-32", "1x100g", "")),
			vdtError("Spine in a mesh fabric", leaf, vdtAttr("role", `"spine"`), "a mesh topology has no spines")},
	}
	vdtRunPlanErrors(t, cases)
}

// TestValidationSchemaValidators: unknown enum values and out-of-range numbers are rejected by
// the schema before any planning.
func TestValidationSchemaValidators(t *testing.T) {
	t.Parallel()
	const gpu, leaf = "hedgehog_server_class.gpu", "hedgehog_switch_class.leaf"
	gpuSrv := vdtGPU("gpu", "gpu")
	cases := []vdtCase{
		{"unknown distribution", vdtServer("gpu", "gpu", vdtServerBody("4", 2, 200, "ports = 2", "speed = 200", `distribution = "round-robin"`)),
			vdtError("Invalid Attribute Value Match", gpu, vdtHeader(gpu), `Attribute connections["fe"].distribution value must be one of`)},
		{"unknown connection kind", vdtServer("gpu", "gpu", vdtServerBody("4", 2, 200, "ports = 2", "speed = 200", `kind = "lacp"`)),
			vdtError("Invalid Attribute Value Match", gpu, vdtHeader(gpu), `Attribute connections["fe"].kind value must be one of`)},
		{"quantity of 10^9", vdtServer("gpu", "gpu", vdtServerBody("1000000000", 2, 200, "ports = 2", "speed = 200")),
			vdtError("Invalid Attribute Value", gpu, vdtAttr("quantity", "1000000000"),
				"Attribute quantity value must be between 0 and 100000, got: 1000000000")},
		{"unknown zone kind", gpuSrv + vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds5000", "",
			vdtZone("servers", "storage", "1-63:2", "4x200g", vdtGPUAttach)),
			vdtError("Invalid Attribute Value Match", leaf, vdtHeader(leaf), `Attribute zones["servers"].kind value must be one of`)},
		{"unknown role", gpuSrv + vdtSwitch("leaf", "leaf", "leaf", "celestica-ds5000", "",
			vdtZone("servers", "server", "1-63:2", "4x200g", vdtGPUAttach)),
			vdtError("Invalid Attribute Value Match", leaf, vdtAttr("role", `"leaf"`), `Attribute role value must be one of`)},
		{"unknown strategy", gpuSrv + vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds5000", "",
			vdtZone("servers", "server", "1-63:2", "4x200g", vdtGPUAttach, `strategy = "random"`)),
			vdtError("Invalid Attribute Value Match", leaf, vdtHeader(leaf), `Attribute zones["servers"].strategy value must be one of`)},
		{"override above 1024", gpuSrv + vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds5000", "  override_quantity = 1000000000",
			vdtZone("servers", "server", "1-63:2", "4x200g", vdtGPUAttach)),
			vdtError("Invalid Attribute Value", leaf, vdtAttr("override_quantity", "1000000000"), "must be between 0 and 1024")},
	}
	vdtRunPlanErrors(t, cases)
}

// TestValidationHugePortSpec: a port spec of 100 000 characters gives a short diagnostic quickly.
func TestValidationHugePortSpec(t *testing.T) {
	t.Parallel()
	spec := strings.Repeat("1,", 49_999) + "99"
	if len(spec) != 100_000 {
		t.Fatalf("spec of %d characters", len(spec))
	}
	const leaf = "hedgehog_switch_class.leaf"
	start := time.Now()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: vdtHead + vdtGPU("gpu", "gpu") + vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds5000", "",
				vdtZone("servers", "server", spec, "4x200g", vdtGPUAttach)),
			PlanOnly:    true,
			ExpectError: vdtError("Port not on the profile", leaf, vdtHeader(leaf), "port 99 is not a data port of celestica-ds5000"),
		}},
	})
	if d := time.Since(start); d > time.Minute {
		t.Errorf("plan took %v", d)
	}
}

// TestValidationUnknownValuesDeferred: a quantity that is unknown during plan (it comes from
// another resource) defers the computed attributes of the server class and of every switch class
// that attaches it; the plan succeeds and apply fills them in.
func TestValidationUnknownValuesDeferred(t *testing.T) {
	t.Parallel()
	config := vdtHead + `
resource "terraform_data" "n" {
  input = 4
}
` + vdtServer("gpu", "gpu", vdtServerBody("terraform_data.n.output", 2, 200, "ports = 2", "speed = 200", `distribution = "alternating"`)) +
		vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds5000", "",
			vdtZone("servers", "server", "1-63:2", "4x200g", vdtGPUAttach),
			vdtZone("uplinks", "uplink", "2-64:2", "1x800g", "")) +
		vdtSwitch("spine", "spine", "spine", "celestica-ds5000", "",
			vdtZone("fabric", "fabric", "1-64", "1x800g", `hedgehog_switch_class.leaf.attachments["uplinks"]`))
	const srv, leaf, spine = "hedgehog_server_class.gpu", "hedgehog_switch_class.leaf", "hedgehog_switch_class.spine"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(srv, tfjsonpath.New("device_names")),
				plancheck.ExpectUnknownValue(srv, tfjsonpath.New("attachments")),
				plancheck.ExpectUnknownValue(leaf, tfjsonpath.New("effective_quantity")),
				plancheck.ExpectUnknownValue(leaf, tfjsonpath.New("allocation")),
				plancheck.ExpectUnknownValue(spine, tfjsonpath.New("effective_quantity")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(srv, tfjsonpath.New("device_names"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("gpu-001"), knownvalue.StringExact("gpu-002"),
					knownvalue.StringExact("gpu-003"), knownvalue.StringExact("gpu-004")})),
				statecheck.ExpectKnownValue(leaf, tfjsonpath.New("effective_quantity"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue(leaf, tfjsonpath.New("allocation").AtMapKey("gpu-001:fe-p1"),
					knownvalue.StringExact("leaf-02:E1/1/1")),
				statecheck.ExpectKnownValue(spine, tfjsonpath.New("effective_quantity"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(spine, tfjsonpath.New("zone_usage").AtMapKey("fabric").AtMapKey("used"),
					knownvalue.Int64Exact(64)),
			},
		}, {
			// Once known, planning again changes nothing.
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// TestValidationWarningsDoNotBlockApply: MCLAG (deprecated), overlapping zones and an almost
// full zone are warnings: plan and apply succeed.
func TestValidationWarningsDoNotBlockApply(t *testing.T) {
	t.Parallel()
	const leaf = "hedgehog_switch_class.leaf"
	config := vdtHead + vdtServer("ctl", "ctl", vdtServerBody("6", 2, 100, "ports = 2", "speed = 100")) +
		vdtServer("one", "one", vdtServerBody("1", 1, 100, "ports = 1", "speed = 100")) +
		vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds3000", `  redundancy = { type = "mclag", group = "g1" }`,
			// 12 ports on 2 x 6 lanes: 100 % used (warning); zone b shares port 6 with zone a but
			// uses port 7 only (overlap warning).
			vdtZone("a", "server", "1-6", "1x100g", `hedgehog_server_class.ctl.attachments["fe"]`),
			vdtZone("b", "server", "7,6", "1x100g", `hedgehog_server_class.one.attachments["fe"]`, `strategy = "custom"`, `order = [7, 6]`))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(leaf, tfjsonpath.New("effective_quantity"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue(leaf, tfjsonpath.New("zone_usage").AtMapKey("a").AtMapKey("free"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(leaf, tfjsonpath.New("allocation").AtMapKey("one-001:fe-p0"), knownvalue.StringExact("leaf-01:E1/7")),
			},
		}},
	})
}

// TestValidationEmptyBlocks: empty nics, connections and zones maps are valid: the server class
// has no interfaces and the switch class no demand (a warning), and apply succeeds.
func TestValidationEmptyBlocks(t *testing.T) {
	t.Parallel()
	const srv, leaf = "hedgehog_server_class.bare", "hedgehog_switch_class.leaf"
	config := vdtHead + vdtServer("bare", "bare", `  quantity    = 2
  nics        = {}
  connections = {}`) + vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds5000", "")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(srv, tfjsonpath.New("device_names"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue(srv, tfjsonpath.New("interfaces"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue(srv, tfjsonpath.New("attachments"), knownvalue.MapSizeExact(0)),
				statecheck.ExpectKnownValue(leaf, tfjsonpath.New("effective_quantity"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(leaf, tfjsonpath.New("device_names"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}

// ---------------------------------------------------------------------------------------------
// Attribute paths through the plugin protocol.

// vdtValue converts a Go value into a tftypes.Value of type typ. Objects are map[string]any and
// may leave attributes out (null); lists and sets are []any; numbers are int; a tftypes.Value is
// used as is.
func vdtValue(t *testing.T, typ tftypes.Type, v any) tftypes.Value {
	t.Helper()
	if tv, ok := v.(tftypes.Value); ok {
		return tv
	}
	if v == nil {
		return tftypes.NewValue(typ, nil)
	}
	switch tt := typ.(type) {
	case tftypes.Object:
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("object value %T", v)
		}
		vals := map[string]tftypes.Value{}
		for name, at := range tt.AttributeTypes {
			vals[name] = vdtValue(t, at, m[name])
		}
		for name := range m {
			if _, ok := tt.AttributeTypes[name]; !ok {
				t.Fatalf("unknown attribute %q", name)
			}
		}
		return tftypes.NewValue(tt, vals)
	case tftypes.Map:
		m := v.(map[string]any)
		vals := map[string]tftypes.Value{}
		for k, e := range m {
			vals[k] = vdtValue(t, tt.ElementType, e)
		}
		return tftypes.NewValue(tt, vals)
	case tftypes.List:
		var vals []tftypes.Value
		for _, e := range v.([]any) {
			vals = append(vals, vdtValue(t, tt.ElementType, e))
		}
		return tftypes.NewValue(tt, vals)
	case tftypes.Set:
		var vals []tftypes.Value
		for _, e := range v.([]any) {
			vals = append(vals, vdtValue(t, tt.ElementType, e))
		}
		return tftypes.NewValue(tt, vals)
	}
	switch {
	case typ.Equal(tftypes.String):
		return tftypes.NewValue(typ, v.(string))
	case typ.Equal(tftypes.Number):
		return tftypes.NewValue(typ, big.NewFloat(float64(v.(int))))
	case typ.Equal(tftypes.Bool):
		return tftypes.NewValue(typ, v.(bool))
	}
	t.Fatalf("unsupported type %s", typ)
	return tftypes.Value{}
}

// vdtProtocol plans resources through the provider's protocol server, as Terraform does.
type vdtProtocol struct {
	t      *testing.T
	server tfprotov6.ProviderServer
	types  map[string]tftypes.Type
}

func newVDTProtocol(t *testing.T) *vdtProtocol {
	t.Helper()
	srv, err := testAccProtoV6ProviderFactories["hedgehog"]()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	p := &vdtProtocol{t: t, server: srv, types: map[string]tftypes.Type{}}
	for name, s := range schemas.ResourceSchemas {
		p.types[name] = s.ValueType()
	}
	// Configure offline, as Terraform does before planning.
	cfgType := schemas.Provider.ValueType()
	cfg, err := tfprotov6.NewDynamicValue(cfgType, vdtValue(t, cfgType, map[string]any{"url": "", "token": ""}))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.5.7", Config: &cfg})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configure: %v %v", err, resp.Diagnostics)
	}
	return p
}

// plan plans a new resource from its configuration and returns the planned state and the
// diagnostics.
func (p *vdtProtocol) plan(typeName string, config map[string]any) (tftypes.Value, []*tfprotov6.Diagnostic) {
	t := p.t
	t.Helper()
	typ := p.types[typeName]
	cfgVal := vdtValue(t, typ, config)
	cfg, err := tfprotov6.NewDynamicValue(typ, cfgVal)
	if err != nil {
		t.Fatal(err)
	}
	prior, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	vresp, err := p.server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: &cfg})
	if err != nil {
		t.Fatal(err)
	}
	if len(vresp.Diagnostics) > 0 {
		return tftypes.Value{}, vresp.Diagnostics
	}
	resp, err := p.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: &prior, ProposedNewState: &cfg, Config: &cfg,
	})
	if err != nil {
		t.Fatal(err)
	}
	var planned tftypes.Value
	if resp.PlannedState != nil {
		if planned, err = resp.PlannedState.Unmarshal(typ); err != nil {
			t.Fatal(err)
		}
	}
	return planned, resp.Diagnostics
}

// attr returns one value of a planned state.
func (p *vdtProtocol) attr(v tftypes.Value, path *tftypes.AttributePath) tftypes.Value {
	p.t.Helper()
	got, _, err := tftypes.WalkAttributePath(v, path)
	if err != nil {
		p.t.Fatalf("%s: %v", path, err)
	}
	return got.(tftypes.Value)
}

// vdtPathString renders a protocol attribute path like the planner does: zones["s"].ports.
func vdtPathString(p *tftypes.AttributePath) string {
	if p == nil {
		return "<none>"
	}
	var b strings.Builder
	for i, s := range p.Steps() {
		switch s := s.(type) {
		case tftypes.AttributeName:
			if i > 0 {
				b.WriteString(".")
			}
			b.WriteString(string(s))
		case tftypes.ElementKeyString:
			fmt.Fprintf(&b, "[%q]", string(s))
		case tftypes.ElementKeyInt:
			fmt.Fprintf(&b, "[%d]", int64(s))
		default:
			fmt.Fprintf(&b, "[%v]", s)
		}
	}
	return b.String()
}

// TestValidationAttributePaths checks, through the plugin protocol, that each diagnostic carries
// the path of the attribute it is about, nested paths included (Terraform 1.5 shows those as the
// resource header, so the CLI tests cannot see them).
func TestValidationAttributePaths(t *testing.T) {
	t.Parallel()
	p := newVDTProtocol(t)
	planPath := tftypes.NewAttributePath().WithAttributeName("context")
	planned, diags := p.plan("hedgehog_topology_plan", map[string]any{"name": "vt", "site": "dc1"})
	if !vdtOnlyOfflineWarning(diags) {
		t.Fatalf("plan: %v", diags)
	}
	planCtx := p.attr(planned, planPath)

	server := func(mod func(conn, nic map[string]any)) map[string]any {
		conn := map[string]any{"nic": "fe", "ports": 2, "speed": 200, "distribution": "alternating"}
		nic := map[string]any{"ports": 2, "speed": 200}
		if mod != nil {
			mod(conn, nic)
		}
		return map[string]any{"plan": planCtx, "name": "gpu", "quantity": 4, "device_type": "server",
			"nics": map[string]any{"fe": nic}, "connections": map[string]any{"fe": conn}}
	}
	planned, diags = p.plan("hedgehog_server_class", server(nil))
	if len(diags) > 0 {
		t.Fatalf("server class: %v", diags)
	}
	gpu := p.attr(planned, tftypes.NewAttributePath().WithAttributeName("attachments").WithElementKeyString("fe"))
	planned, diags = p.plan("hedgehog_server_class", server(func(c, n map[string]any) { c["speed"] = 100; n["speed"] = 100 }))
	if len(diags) > 0 {
		t.Fatalf("server class: %v", diags)
	}
	slow := p.attr(planned, tftypes.NewAttributePath().WithAttributeName("attachments").WithElementKeyString("fe"))

	leaf := func(mod func(sc, zone map[string]any)) map[string]any {
		zone := map[string]any{"kind": "server", "ports": "1-63:2", "breakout": "4x200g", "attach": []any{gpu}}
		sc := map[string]any{"plan": planCtx, "name": "leaf", "fabric": "frontend", "role": "server-leaf",
			"device_type": "celestica-ds5000", "zones": map[string]any{"servers": zone}}
		if mod != nil {
			mod(sc, zone)
		}
		return sc
	}
	withTemplate := server(nil)
	withTemplate["name_template"] = "{class}-{x}"
	tests := []struct {
		name, typ string
		config    map[string]any
		path      string
		text      string
	}{
		{"port outside the profile", "hedgehog_switch_class", leaf(func(_, z map[string]any) { z["ports"] = "1-70" }),
			`zones["servers"].ports`, "port 67 is not a data port"},
		{"port spec syntax", "hedgehog_switch_class", leaf(func(_, z map[string]any) { z["ports"] = "1-63:" }),
			`zones["servers"].ports`, "missing the step"},
		{"unsupported breakout", "hedgehog_switch_class", leaf(func(_, z map[string]any) { z["breakout"] = "8x50g" }),
			`zones["servers"].breakout`, "does not support 8x50g"},
		{"speed mismatch", "hedgehog_switch_class", leaf(func(_, z map[string]any) { z["attach"] = []any{slow} }),
			`zones["servers"].attach`, "runs at 100G"},
		{"attachment on an uplink zone", "hedgehog_switch_class", leaf(func(_, z map[string]any) { z["kind"] = "uplink" }),
			`zones["servers"].attach`, "takes no attachments"},
		{"zone kind validator", "hedgehog_switch_class", leaf(func(_, z map[string]any) { z["kind"] = "storage" }),
			`zones["servers"].kind`, "must be one of"},
		{"custom order", "hedgehog_switch_class", leaf(func(_, z map[string]any) {
			z["ports"], z["strategy"], z["order"] = "1-2", "custom", []any{1, 3}
		}), `zones["servers"].order`, "port 3 in order"},
		{"maxPorts", "hedgehog_switch_class", leaf(func(_, z map[string]any) { z["ports"], z["breakout"], z["attach"] = "1-64", "8x100g", nil }),
			`zones`, "supports at most 320"},
		{"ESLAG feature", "hedgehog_switch_class", leaf(func(sc, _ map[string]any) {
			sc["redundancy"] = map[string]any{"type": "eslag", "group": "g1"}
		}), `redundancy.type`, "no ESLAG feature"},
		{"override below need", "hedgehog_switch_class", leaf(func(sc, _ map[string]any) { sc["override_quantity"] = 1 }),
			`override_quantity`, "needs: 2 switches"},
		{"role", "hedgehog_switch_class", leaf(func(sc, _ map[string]any) { sc["device_type"] = "edgecore-dcs501" }),
			`role`, "cannot serve as server-leaf"},
		{"invalid zone name", "hedgehog_switch_class", leaf(func(sc, z map[string]any) { sc["zones"] = map[string]any{"Servers": z} }),
			`zones["Servers"]`, "lowercase"},
		{"NIC port range", "hedgehog_server_class", server(func(c, _ map[string]any) { c["first_port"] = 1 }),
			`connections["fe"].ports`, "which has 2 ports"},
		{"rail missing", "hedgehog_server_class", server(func(c, _ map[string]any) { c["distribution"] = "rail-optimized" }),
			`connections["fe"].rail`, "needs a rail number"},
		{"unknown NIC", "hedgehog_server_class", server(func(c, _ map[string]any) { c["nic"] = "be" }),
			`connections["fe"].nic`, "not in nics"},
		{"NIC speed validator", "hedgehog_server_class", server(func(_, n map[string]any) { n["speed"] = 0 }),
			`nics["fe"].speed`, "must be between 1 and 1600"},
		{"name template", "hedgehog_server_class", withTemplate, "name_template", "unknown placeholder {x}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := p.plan(tc.typ, tc.config)
			var got []string
			for _, d := range diags {
				got = append(got, fmt.Sprintf("%s @ %s: %s / %s", map[tfprotov6.DiagnosticSeverity]string{
					tfprotov6.DiagnosticSeverityError: "error", tfprotov6.DiagnosticSeverityWarning: "warning"}[d.Severity],
					vdtPathString(d.Attribute), d.Summary, d.Detail))
				if d.Severity == tfprotov6.DiagnosticSeverityError && vdtPathString(d.Attribute) == tc.path &&
					strings.Contains(d.Summary+": "+d.Detail, tc.text) {
					return
				}
			}
			sort.Strings(got)
			t.Fatalf("want an error at %s containing %q; got:\n%s", tc.path, tc.text, strings.Join(got, "\n"))
		})
	}
}

// TestValidationWarningPaths plans the configuration of TestValidationWarningsDoNotBlockApply
// through the protocol and checks that it does warn, at the right attributes, without errors.
func TestValidationWarningPaths(t *testing.T) {
	t.Parallel()
	p := newVDTProtocol(t)
	planned, diags := p.plan("hedgehog_topology_plan", map[string]any{"name": "vt", "site": "dc1"})
	if !vdtOnlyOfflineWarning(diags) {
		t.Fatalf("plan: %v", diags)
	}
	planCtx := p.attr(planned, tftypes.NewAttributePath().WithAttributeName("context"))
	attachment := func(name string, qty, ports int) tftypes.Value {
		planned, diags := p.plan("hedgehog_server_class", map[string]any{"plan": planCtx, "name": name, "quantity": qty,
			"device_type": "server", "nics": map[string]any{"fe": map[string]any{"ports": ports, "speed": 100}},
			"connections": map[string]any{"fe": map[string]any{"nic": "fe", "ports": ports, "speed": 100}}})
		if len(diags) > 0 {
			t.Fatalf("%s: %v", name, diags)
		}
		return p.attr(planned, tftypes.NewAttributePath().WithAttributeName("attachments").WithElementKeyString("fe"))
	}
	ctl, one := attachment("ctl", 6, 2), attachment("one", 1, 1)
	_, diags = p.plan("hedgehog_switch_class", map[string]any{"plan": planCtx, "name": "leaf", "fabric": "frontend",
		"role": "server-leaf", "device_type": "celestica-ds3000",
		"redundancy": map[string]any{"type": "mclag", "group": "g1"},
		"zones": map[string]any{
			"a": map[string]any{"kind": "server", "ports": "1-6", "breakout": "1x100g", "attach": []any{ctl}},
			"b": map[string]any{"kind": "server", "ports": "7,6", "breakout": "1x100g", "attach": []any{one},
				"strategy": "custom", "order": []any{7, 6}},
		}})
	want := map[string]string{
		"redundancy.type":  "Hedgehog no longer supports MCLAG",
		`zones["b"].ports`: "their used lanes do not collide",
		`zones["a"]`:       "uses 12 of 12 lanes",
	}
	for _, d := range diags {
		if d.Severity != tfprotov6.DiagnosticSeverityWarning {
			t.Errorf("unexpected %v at %s: %s: %s", d.Severity, vdtPathString(d.Attribute), d.Summary, d.Detail)
			continue
		}
		if text, ok := want[vdtPathString(d.Attribute)]; ok && strings.Contains(d.Detail, text) {
			delete(want, vdtPathString(d.Attribute))
		}
	}
	if len(want) > 0 {
		t.Errorf("missing warnings %v; got %d diagnostics", want, len(diags))
	}
}

// TestValidationErrorMatcher checks vdtError itself: the summary, source line and detail must
// come from one diagnostic, and wrapped detail lines still match.
func TestValidationErrorMatcher(t *testing.T) {
	t.Parallel()
	out := `Error: First problem

  with hedgehog_switch_class.leaf,
  on terraform_plugin_test.tf line 12, in resource "hedgehog_switch_class" "leaf":
  12:   role        = "spine"

the first detail, which is long enough to be wrapped by Terraform at the
terminal width

Error: Second problem

  with hedgehog_switch_class.leaf,
  on terraform_plugin_test.tf line 9, in resource "hedgehog_switch_class" "leaf":
   9: resource "hedgehog_switch_class" "leaf" {

the second detail
`
	const leaf = "hedgehog_switch_class.leaf"
	for _, tc := range []struct {
		re    *regexp.Regexp
		match bool
	}{
		{vdtError("First problem", leaf, vdtAttr("role", `"spine"`), "wrapped by Terraform at the terminal width"), true},
		{vdtError("Second problem", leaf, vdtHeader(leaf), "the second detail"), true},
		{vdtError("First problem", leaf, vdtAttr("role", `"spine"`), "the second detail"), false},
		{vdtError("First problem", leaf, vdtHeader(leaf), "the first detail"), false},
		{vdtError("Second problem", leaf, vdtHeader(leaf), "the first detail"), false},
		{vdtError("First problem", "hedgehog_switch_class.spine", vdtAttr("role", `"spine"`), "the first detail"), false},
	} {
		if got := tc.re.MatchString(out); got != tc.match {
			t.Errorf("%s: match %v, want %v", tc.re, got, tc.match)
		}
	}
}

// vdtOnlyOfflineWarning: offline, a topology plan's only diagnostic is the warning that NetBox
// was not checked.
func vdtOnlyOfflineWarning(diags []*tfprotov6.Diagnostic) bool {
	return len(diags) == 1 && diags[0].Severity == tfprotov6.DiagnosticSeverityWarning && diags[0].Summary == "NetBox checks skipped"
}
