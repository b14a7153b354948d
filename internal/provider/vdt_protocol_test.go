package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// More of vdtProtocol (validation_paths_test.go): the plan context of a class, and data source
// reads.

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

// planContext plans a topology plan offline (whose one warning is that it is offline) and
// returns its context, for the classes a test plans next.
func (p *vdtProtocol) planContext(name string) tftypes.Value {
	p.t.Helper()
	planned, diags := p.plan("hedgehog_topology_plan", map[string]any{"name": name, "site": "dc1"})
	if !vdtOnlyOfflineWarning(diags) {
		p.t.Fatalf("plan: %v", diags)
	}
	return p.attr(planned, tftypes.NewAttributePath().WithAttributeName("context"))
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
