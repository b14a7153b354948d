package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestSchemaVersions holds every resource to the upgrade policy: a schema version above 0
// needs a state upgrader from each earlier version.
func TestSchemaVersions(t *testing.T) {
	ctx := context.Background()
	for _, newResource := range (&HedgehogProvider{}).Resources(ctx) {
		r := newResource()
		k := kindOf(ctx, r)
		if k.schema.Version == 0 {
			continue
		}
		u, ok := r.(resource.ResourceWithUpgradeState)
		if !ok {
			t.Errorf("%s: schema version %d without UpgradeState", k.typeName, k.schema.Version)
			continue
		}
		upgraders := u.UpgradeState(ctx)
		for v := int64(0); v < k.schema.Version; v++ {
			if _, ok := upgraders[v]; !ok {
				t.Errorf("%s: no state upgrader from version %d", k.typeName, v)
			}
		}
	}
}

// TestStoredInputsRoundTrip stores the configurable attributes of every resource type and
// restores them: equal values, computed attributes null, and a wrong resource type or schema
// version refused.
func TestStoredInputsRoundTrip(t *testing.T) {
	ctx := context.Background()
	sw := kindOf(ctx, NewSwitchClassResource())
	val := switchClassValue(t, sw.schema)
	stored, err := sw.inputs(val)
	if err != nil {
		t.Fatal(err)
	}
	back, err := sw.restore(ctx, []byte(stored))
	if err != nil {
		t.Fatal(err)
	}
	var got, want map[string]tftypes.Value
	if err := back.As(&got); err != nil {
		t.Fatal(err)
	}
	_ = val.As(&want)
	for name, a := range sw.schema.Attributes {
		input := a.IsRequired() || a.IsOptional()
		switch {
		case input && !got[name].Equal(want[name]):
			t.Errorf("%s: restored %v, stored %v", name, got[name], want[name])
		case !input && !got[name].IsNull():
			t.Errorf("computed %s restored as %v, want null", name, got[name])
		}
	}
	for _, tc := range []struct {
		kind resourceKind
		want string
	}{
		{kindOf(ctx, NewServerClassResource()), "written by a hedgehog_switch_class"},
		{resourceKind{sw.typeName, schema.Schema{Version: 3, Attributes: sw.schema.Attributes}}, "schema version 0"},
	} {
		if _, err := tc.kind.restore(ctx, []byte(stored)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("restore as %s v%d: %v, want an error with %q", tc.kind.typeName, tc.kind.schema.Version, err, tc.want)
		}
	}
	if _, err := sw.restore(ctx, []byte(`{"other":{}}`)); err == nil {
		t.Error("a context without stored inputs restored")
	}
}

// switchClassValue is a switch class as a plan holds it: inputs of every kind (strings,
// numbers, a nested map of objects with lists) and unknown computed attributes.
func switchClassValue(t *testing.T, s schema.Schema) tftypes.Value {
	t.Helper()
	ctx := context.Background()
	typ := s.Type().TerraformType(ctx).(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for name, a := range s.Attributes {
		attrs[name] = tftypes.NewValue(typ.AttributeTypes[name], nil)
		if !a.IsRequired() && !a.IsOptional() {
			attrs[name] = tftypes.NewValue(typ.AttributeTypes[name], tftypes.UnknownValue)
		}
	}
	str := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	attrs["name"], attrs["fabric"], attrs["role"] = str("leaf"), str("frontend"), str("server-leaf")
	attrs["device_type"], attrs["profile"], attrs["name_template"] = str("ds5000"), str("celestica-ds5000"), str("{class}-{index:02d}")
	attrs["override_quantity"] = tftypes.NewValue(tftypes.Number, 3)
	plan := typ.AttributeTypes["plan"].(tftypes.Object)
	attrs["plan"] = tftypes.NewValue(plan, map[string]tftypes.Value{
		"name": str("ai"), "site": str("dc1"), "tenant": str(""), "device_status": str("planned"), "tag": str("hedgehog-plan-ai"),
		"tags": tftypes.NewValue(plan.AttributeTypes["tags"], []tftypes.Value{str("gpu")}),
	})
	zones := typ.AttributeTypes["zones"].(tftypes.Map)
	zone := zones.ElementType.(tftypes.Object)
	z := map[string]tftypes.Value{}
	for name, at := range zone.AttributeTypes {
		z[name] = tftypes.NewValue(at, nil)
	}
	z["kind"], z["ports"], z["breakout"] = str("server"), str("1-63:2"), str("4x200g")
	z["attach"] = tftypes.NewValue(zone.AttributeTypes["attach"], []tftypes.Value{str("gpu fe 2x200 alternating gpu-{index:03d} 1..32")})
	attrs["zones"] = tftypes.NewValue(zones, map[string]tftypes.Value{"servers": tftypes.NewValue(zone, z)})
	return tftypes.NewValue(typ, attrs)
}
