package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

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
			vdtError("Unknown breakout", leaf, vdtHeader(leaf), `breakout "3x100g" is not a breakout mode; port 1 of celestica-ds5000 takes 1x800g`)},
		{"breakout the profile does not support", dsLeaf("", srvZone("1-8", "8x50g")),
			vdtError("Breakout not supported", leaf, vdtHeader(leaf), "port 1 of celestica-ds5000 does not support 8x50g")},
		{"breakout a port does not support", dsLeaf("", srvZone("63-65", "4x200g")),
			vdtError("Breakout not supported", leaf, vdtHeader(leaf), "port 65 of celestica-ds5000 does not support 4x200g")},
		{"lanes above maxPorts", dsLeaf("", vdtZone("servers", "server", "1-64", "8x100g", "")),
			vdtError("Too many logical ports", leaf, vdtAttr("zones", "{"), "512 lanes per switch; celestica-ds5000 supports at most 320")},
		{"pipeline cap", dsLeaf("", vdtZone("servers", "server", "1,4", "8x100g", "")),
			vdtError("Pipeline capacity exceeded", leaf, vdtHeader(leaf), "overfills 1 of them: ports 1+4 (16 lanes)")},
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
			vdtError("Zones use the same port", leaf, vdtHeader(leaf), `zones "a" and "b" both use leaf-01 port 1: lane E1/1/1`)},
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
