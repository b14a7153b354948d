package provider

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner/plantest"
)

// TestSwitchIdentityAttributePaths plans switch classes with identities through the plugin
// protocol: each mistake is an error on the attribute it is about, with the fix in its message.
func TestSwitchIdentityAttributePaths(t *testing.T) {
	t.Parallel()
	p := newVDTProtocol(t)
	planCtx := p.planContext("vt")
	planned, diags := p.plan("hedgehog_server_class", map[string]any{"plan": planCtx, "name": "gpu", "quantity": 4,
		"device_type": "server", "nics": map[string]any{"fe": map[string]any{"ports": 2, "speed": 200}},
		"connections": map[string]any{"fe": map[string]any{"nic": "fe", "ports": 2, "speed": 200, "distribution": "alternating"}}})
	if len(diags) > 0 {
		t.Fatalf("server class: %v", diags)
	}
	gpu := p.attr(planned, tftypes.NewAttributePath().WithAttributeName("attachments").WithElementKeyString("fe"))
	// Two leaves: leaf-01 and leaf-02.
	leaf := func(ids map[string]any) map[string]any {
		return map[string]any{"plan": planCtx, "name": "leaf", "fabric": "frontend", "role": "server-leaf",
			"device_type": "celestica-ds5000", "identities": ids, "zones": map[string]any{
				"servers": map[string]any{"kind": "server", "ports": "1-63:2", "breakout": "4x200g", "attach": []any{gpu}}}}
	}
	id := func(serial, mac string) map[string]any {
		out := map[string]any{}
		if serial != "" {
			out["serial"] = serial
		}
		if mac != "" {
			out["boot_mac"] = mac
		}
		return out
	}

	planned, diags = p.plan("hedgehog_switch_class", leaf(map[string]any{"leaf-01": id("SN1", "0C:29:EF:A1:B2:C3"), "leaf-02": id("SN2", "")}))
	if len(diags) > 0 {
		t.Fatalf("valid identities: %v", diags)
	}
	serial := p.attr(planned, tftypes.NewAttributePath().WithAttributeName("identities").WithElementKeyString("leaf-01").WithAttributeName("serial"))
	if !serial.Equal(tftypes.NewValue(tftypes.String, "SN1")) {
		t.Errorf("planned identities[leaf-01].serial = %v", serial)
	}

	for _, tc := range []struct {
		name string
		ids  map[string]any
		path string
		text string
	}{
		{"not a switch of the class", map[string]any{"leaf-09": id("SN9", "")}, `identities["leaf-09"]`,
			`class has 2 switches: leaf-01, leaf-02`},
		{"malformed MAC", map[string]any{"leaf-01": id("", "0c:29:ef:a1:b2")}, `identities["leaf-01"].boot_mac`,
			`write six pairs of hex digits separated by colons`},
		{"duplicate MAC", map[string]any{"leaf-01": id("", "0c:29:ef:a1:b2:c3"), "leaf-02": id("", "0C:29:EF:A1:B2:C3")},
			`identities["leaf-02"].boot_mac`, `both have boot_mac 0c:29:ef:a1:b2:c3, but every switch has its own`},
		{"duplicate serial", map[string]any{"leaf-01": id("SN1", ""), "leaf-02": id("SN1", "")},
			`identities["leaf-02"].serial`, `both have serial "SN1"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := p.plan("hedgehog_switch_class", leaf(tc.ids))
			var got []string
			for _, d := range diags {
				at := vdtPathString(d.Attribute)
				got = append(got, fmt.Sprintf("%v @ %s: %s / %s", d.Severity, at, d.Summary, d.Detail))
				if d.Severity == tfprotov6.DiagnosticSeverityError && at == tc.path && strings.Contains(d.Detail, tc.text) &&
					strings.HasPrefix(d.Detail, "Attribute "+tc.path+": ") {
					return
				}
			}
			sort.Strings(got)
			t.Fatalf("want an error at %s containing %q; got:\n%s", tc.path, tc.text, strings.Join(got, "\n"))
		})
	}
}

// TestWarnUnidentifiedOncePerClass: the wiring warns once per class that has switches with
// neither serial nor boot MAC, on that class's element of switch_classes, and says how to set
// them; a class whose switches all have an identity, and classes of other fabrics, stay quiet.
func TestWarnUnidentifiedOncePerClass(t *testing.T) {
	d, err := plantest.PlanReference(planner.PlanContext{Name: "ai", Site: "dc1"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	var classes []plannedClass
	for i, name := range d.Order {
		classes = append(classes, plannedClass{input: d.SwitchClasses[name], plan: d.Switches[name], index: i})
	}
	want := map[int]string{} // list index -> class
	for i, c := range classes {
		switch {
		case c.input.Name == "fe-spine":
			ids := map[string]planner.SwitchIdentity{}
			for n, dev := range c.plan.Devices {
				ids[dev] = planner.SwitchIdentity{Serial: fmt.Sprintf("SN%d", n)} // a serial identifies a switch too
			}
			classes[i].input.Identities = ids
		case c.input.Fabric == "frontend" && c.input.FabricClass != planner.FabricUnmanaged:
			want[i] = c.input.Name
		}
	}
	if len(want) < 2 {
		t.Fatalf("the reference design has %d other managed frontend classes, want at least 2", len(want))
	}
	var diags diag.Diagnostics
	warnUnidentified(classes, "frontend", &diags)
	if diags.HasError() || len(diags) != len(want) {
		t.Fatalf("got %d diagnostics, want %d warnings (one per class %v): %v", len(diags), len(want), want, diags)
	}
	fix := regexp.MustCompile(`identities = \{ "[a-z0-9-]+-01" = \{ boot_mac = "0c:29:ef:a1:b2:c3", serial = "..." \} \}`)
	for _, w := range diags {
		wp, ok := w.(diag.DiagnosticWithPath)
		if !ok {
			t.Fatalf("warning without a path: %v", w)
		}
		var i int
		if _, err := fmt.Sscanf(wp.Path().String(), "switch_classes[%d]", &i); err != nil || want[i] == "" {
			t.Errorf("warning at %s, want one of the classes %v", wp.Path(), want)
			continue
		}
		if !strings.Contains(w.Detail(), fmt.Sprintf("Switch class %q", want[i])) || !fix.MatchString(w.Detail()) {
			t.Errorf("warning on %s: %s", want[i], w.Detail())
		}
		delete(want, i)
	}
}

// TestWiringDiagramIdentities: the boot MAC and serial a class gives land in the wiring YAML;
// switches without them keep the derived MAC.
func TestWiringDiagramIdentities(t *testing.T) {
	unsetNetBoxEnv(t)
	config := strings.Replace(eslagDesign, `  redundancy  = { type = "eslag", group = "eslag-1" }`,
		`  redundancy  = { type = "eslag", group = "eslag-1" }
  identities  = { "leaf-01" = { serial = "DS3K-0001", boot_mac = "0C:29:EF:A1:B2:C3" } }`, 1)
	if config == eslagDesign {
		t.Fatal("the design's leaf class changed; update this test")
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.hedgehog_wiring_diagram.fe", tfjsonpath.New("yaml"),
					knownvalue.StringRegexp(regexp.MustCompile(`(?s)name: leaf-01\n.*?boot:\n    serial: DS3K-0001\n    mac: 0c:29:ef:a1:b2:c3\n`))),
				statecheck.ExpectKnownValue("data.hedgehog_wiring_diagram.fe", tfjsonpath.New("yaml"),
					knownvalue.StringRegexp(regexp.MustCompile(`(?s)name: leaf-02\n.*?boot:\n    mac: 02:`))),
			},
		}},
	})
}
