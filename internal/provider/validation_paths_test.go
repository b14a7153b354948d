package provider

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Warnings, empty blocks and the attribute paths of diagnostics through the plugin protocol
// (helpers prefixed "vdt" live in validation_test.go).

// TestValidationWarningsDoNotBlockApply: a server class of quantity 0, overlapping zones and an
// almost full zone are warnings: plan and apply succeed.
func TestValidationWarningsDoNotBlockApply(t *testing.T) {
	t.Parallel()
	const leaf = "hedgehog_switch_class.leaf"
	config := vdtHead + vdtServer("ctl", "ctl", vdtServerBody("6", 2, 100, "ports = 2", "speed = 100")) +
		vdtServer("one", "one", vdtServerBody("1", 1, 100, "ports = 1", "speed = 100")) +
		vdtServer("none", "none", vdtServerBody("0", 1, 100, "ports = 1", "speed = 100")) +
		vdtSwitch("leaf", "leaf", "server-leaf", "celestica-ds3000", "",
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
	planCtx := p.planContext("vt")
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
	_, diags := p.plan("hedgehog_switch_class", map[string]any{"plan": planCtx, "name": "leaf", "fabric": "frontend",
		"role": "server-leaf", "device_type": "celestica-ds3000",
		"zones": map[string]any{
			"a": map[string]any{"kind": "server", "ports": "1-6", "breakout": "1x100g", "attach": []any{ctl}},
			"b": map[string]any{"kind": "server", "ports": "7,6", "breakout": "1x100g", "attach": []any{one},
				"strategy": "custom", "order": []any{7, 6}},
		}})
	want := map[string]string{
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
