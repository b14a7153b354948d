package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// read reads a data source through the protocol server with config, whose class lists hold
// planned resource values: each is cut down to the attributes the data source's element type
// names, as Terraform converts an object with more attributes.
func (p *vdtProtocol) read(typeName string, config map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	t := p.t
	t.Helper()
	ctx := context.Background()
	schemas, err := p.server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schemas.DataSourceSchemas[typeName].ValueType().(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		v, ok := config[name]
		if !ok {
			vals[name] = tftypes.NewValue(at, nil)
			continue
		}
		if list, isList := at.(tftypes.List); isList {
			v = subsetList(t, v, list)
		}
		vals[name] = v
	}
	cfg, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := p.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: &cfg})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics
}

// subsetList keeps, of every object in a list, the attributes the list's element type names.
func subsetList(t *testing.T, v tftypes.Value, list tftypes.List) tftypes.Value {
	t.Helper()
	var elems []tftypes.Value
	if err := v.As(&elems); err != nil {
		t.Fatal(err)
	}
	et := list.ElementType.(tftypes.Object)
	out := make([]tftypes.Value, len(elems))
	for i, e := range elems {
		var attrs map[string]tftypes.Value
		if err := e.As(&attrs); err != nil {
			t.Fatal(err)
		}
		kept := map[string]tftypes.Value{}
		for name := range et.AttributeTypes {
			kept[name] = attrs[name]
		}
		out[i] = tftypes.NewValue(et, kept)
	}
	return tftypes.NewValue(list, out)
}

// TestUnattachedConnectionWarns: a server class whose "bmc" connection no zone attaches gets a
// warning on that connection from the bill of materials and the diagram (which see the whole
// design), naming the fix; the attached "fe" connection gets none.
func TestUnattachedConnectionWarns(t *testing.T) {
	t.Parallel()
	p := newVDTProtocol(t)
	planned, diags := p.plan("hedgehog_topology_plan", map[string]any{"name": "ua", "site": "dc1"})
	if !vdtOnlyOfflineWarning(diags) {
		t.Fatalf("plan: %v", diags)
	}
	planCtx := p.attr(planned, tftypes.NewAttributePath().WithAttributeName("context"))
	server, diags := p.plan("hedgehog_server_class", map[string]any{"plan": planCtx, "name": "gpu", "quantity": 4,
		"device_type": "server", "nics": map[string]any{"fe": map[string]any{"ports": 2, "speed": 200},
			"bmc": map[string]any{"ports": 1, "speed": 1}},
		"connections": map[string]any{"fe": map[string]any{"nic": "fe", "ports": 2, "speed": 200, "distribution": "alternating"},
			"bmc": map[string]any{"nic": "bmc", "ports": 1, "speed": 1, "port_type": "ipmi"}}})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	fe := p.attr(server, tftypes.NewAttributePath().WithAttributeName("attachments").WithElementKeyString("fe"))
	leaf, diags := p.plan("hedgehog_switch_class", map[string]any{"plan": planCtx, "name": "leaf", "fabric": "frontend",
		"role": "server-leaf", "device_type": "celestica-ds5000",
		"zones": map[string]any{"servers": map[string]any{"kind": "server", "ports": "1-63:2", "breakout": "4x200g", "attach": []any{fe}}}})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	list := func(v tftypes.Value) tftypes.Value {
		return tftypes.NewValue(tftypes.List{ElementType: v.Type()}, []tftypes.Value{v})
	}
	for _, ds := range []string{"hedgehog_bill_of_materials", "hedgehog_topology_diagram"} {
		diags := p.read(ds, map[string]tftypes.Value{"switch_classes": list(leaf), "server_classes": list(server)})
		var warned []string
		for _, d := range diags {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				t.Errorf("%s: error %s: %s", ds, d.Summary, d.Detail)
			}
			if d.Summary == "Connection attached to no zone" {
				warned = append(warned, vdtPathString(d.Attribute)+": "+d.Detail)
			}
		}
		want := `server_classes[0].connections["bmc"]: connection "bmc" of server class "gpu" is attached to no zone`
		if len(warned) != 1 || !strings.HasPrefix(warned[0], want) || !strings.Contains(warned[0], `Add its attachments["bmc"]`) {
			t.Errorf("%s: want one warning %q, got %q", ds, want, warned)
		}
	}
}
