package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// attachmentType is the type of one attachment: what a server connection or an uplink zone
// hands to the zone that attaches it, as one line of text (planner.Attachment.Text: source,
// class and name, a device name pattern with a count, ports, speed, ...), known during plan. One
// line, so a plan prints it in one line wherever it is attached and growing a class changes one
// number in it.
var attachmentType = types.StringType

// planContextAttrTypes is the object type of a topology plan's `context`.
var planContextAttrTypes = map[string]attr.Type{
	"name":          types.StringType,
	"site":          types.StringType,
	"tenant":        types.StringType,
	"device_status": types.StringType,
	"tags":          types.ListType{ElemType: types.StringType},
	"tag":           types.StringType,
}

type planContextModel struct {
	Name         types.String `tfsdk:"name"`
	Site         types.String `tfsdk:"site"`
	Tenant       types.String `tfsdk:"tenant"`
	DeviceStatus types.String `tfsdk:"device_status"`
	Tags         types.List   `tfsdk:"tags"`
	Tag          types.String `tfsdk:"tag"`
}

func attachmentsValue(m map[string]planner.Attachment) types.Map {
	elems := make(map[string]attr.Value, len(m))
	for k, a := range m {
		elems[k] = types.StringValue(a.Text())
	}
	return types.MapValueMust(attachmentType, elems)
}

// attachmentsFromList reads a zone's `attach` list. known is false when any value is not yet
// known (it comes from a resource that is itself waiting), so planning must be deferred; an
// attachment that is not one a class exported is an error.
func attachmentsFromList(ctx context.Context, l types.List) (atts []planner.Attachment, known bool, err error) {
	texts, known := stringsFromList(ctx, l)
	if !known {
		return nil, false, nil
	}
	out := make([]planner.Attachment, 0, len(texts))
	for _, t := range texts {
		a, err := planner.ParseAttachment(t)
		if err != nil {
			return nil, true, fmt.Errorf("%v; attach takes the attachments a hedgehog_server_class or hedgehog_switch_class exports", err)
		}
		out = append(out, a)
	}
	return out, true, nil
}

var objectAsOptions = basetypes.ObjectAsOptions{}

// planContextFrom reads a class's `plan` attribute.
func planContextFrom(ctx context.Context, o types.Object) (planner.PlanContext, bool) {
	if o.IsNull() || o.IsUnknown() {
		return planner.PlanContext{}, false
	}
	var m planContextModel
	if d := o.As(ctx, &m, objectAsOptions); d.HasError() {
		return planner.PlanContext{}, false
	}
	if !allKnown(m.Name, m.Site, m.Tenant, m.DeviceStatus, m.Tags) {
		return planner.PlanContext{}, false
	}
	tags, ok := stringsFromList(ctx, m.Tags)
	return planner.PlanContext{Name: m.Name.ValueString(), Site: m.Site.ValueString(), Tenant: m.Tenant.ValueString(),
		DeviceStatus: m.DeviceStatus.ValueString(), Tags: tags}, ok
}

func stringList(s []string) types.List {
	elems := make([]attr.Value, len(s))
	for i, v := range s {
		elems[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elems)
}

func stringsFromList(ctx context.Context, l types.List) ([]string, bool) {
	if l.IsNull() {
		return nil, true
	}
	if l.IsUnknown() {
		return nil, false
	}
	var out []types.String
	if d := l.ElementsAs(ctx, &out, false); d.HasError() {
		return nil, false
	}
	s := make([]string, len(out))
	for i, v := range out {
		if v.IsUnknown() {
			return nil, false
		}
		s[i] = v.ValueString()
	}
	return s, true
}

// allKnown reports whether none of the values is unknown.
func allKnown(values ...attr.Value) bool {
	for _, v := range values {
		if v.IsUnknown() {
			return false
		}
	}
	return true
}

// addPlannerDiagnostics turns planner diagnostics into attribute diagnostics.
func addPlannerDiagnostics(diags *diag.Diagnostics, ds planner.Diagnostics) {
	for _, d := range ds {
		p := toPath(d.Path)
		detail := d.Detail
		if len(d.Path) > 1 {
			// Terraform 1.5 shows only the resource header for nested attributes; name the path.
			detail = "Attribute " + d.Path.String() + ": " + detail
		}
		if d.Severity == planner.SeverityError {
			diags.AddAttributeError(p, d.Summary, detail)
		} else {
			diags.AddAttributeWarning(p, d.Summary, detail)
		}
	}
}

func toPath(p planner.Path) path.Path {
	if len(p) == 0 {
		return path.Empty()
	}
	out := path.Root(p[0].Name)
	for _, s := range p[1:] {
		if s.IsKey {
			out = out.AtMapKey(s.Name)
		} else {
			out = out.AtName(s.Name)
		}
	}
	return out
}

// allocationValue is the compact allocation map: "device:port" of the upstream end ->
// "switch:port". Keyed by endpoint, so a plan diff shows only the links that move.
func allocationValue(links []planner.Link) types.Map {
	elems := make(map[string]attr.Value, len(links))
	for _, l := range links {
		elems[l.AKey()] = types.StringValue(l.BKey())
	}
	return types.MapValueMust(types.StringType, elems)
}

// linksFromAllocation reads a prior allocation map back into links for sticky allocation.
func linksFromAllocation(ctx context.Context, m types.Map) []planner.Link {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	var raw map[string]types.String
	if d := m.ElementsAs(ctx, &raw, false); d.HasError() {
		return nil
	}
	keys := slices.Sorted(maps.Keys(raw))
	links := make([]planner.Link, 0, len(raw))
	for _, k := range keys {
		aDev, aPort, ok1 := planner.SplitPortKey(k)
		bDev, bPort, ok2 := planner.SplitPortKey(raw[k].ValueString())
		if ok1 && ok2 {
			links = append(links, planner.Link{ADevice: aDev, APort: aPort, BDevice: bDev, BPort: bPort})
		}
	}
	return links
}

var moveAttrTypes = map[string]attr.Type{"from": types.StringType, "to": types.StringType}

var cablingChangesAttrTypes = map[string]attr.Type{
	"added":   types.Int64Type,
	"removed": types.Int64Type,
	"moved":   types.Int64Type,
	"moves":   types.MapType{ElemType: types.ObjectType{AttrTypes: moveAttrTypes}},
}

// cablingChangesValue is a class's cabling_changes: counts, and the moves keyed by cable.
func cablingChangesValue(c planner.CablingChanges) types.Object {
	moves := make(map[string]attr.Value, len(c.Moved))
	for _, mv := range c.Moved {
		moves[mv.Cable] = types.ObjectValueMust(moveAttrTypes, map[string]attr.Value{
			"from": types.StringValue(mv.From), "to": types.StringValue(mv.To)})
	}
	return types.ObjectValueMust(cablingChangesAttrTypes, map[string]attr.Value{
		"added": types.Int64Value(int64(c.Added)), "removed": types.Int64Value(int64(c.Removed)),
		"moved": types.Int64Value(int64(len(c.Moved))),
		"moves": types.MapValueMust(types.ObjectType{AttrTypes: moveAttrTypes}, moves),
	})
}

// noCablingChange reports whether a known cabling_changes value adds, removes and moves nothing.
func noCablingChange(v types.Object) bool {
	if v.IsNull() || v.IsUnknown() {
		return false
	}
	for _, name := range []string{"added", "removed", "moved"} {
		if n, ok := v.Attributes()[name].(types.Int64); !ok || n.ValueInt64() != 0 {
			return false
		}
	}
	return true
}
