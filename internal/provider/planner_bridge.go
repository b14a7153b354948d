package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// attachmentAttrTypes is the object type of one attachment: what a server connection or an
// uplink zone hands to the zone that attaches it. Every field is known during plan.
var attachmentAttrTypes = map[string]attr.Type{
	"source":       types.StringType,
	"class":        types.StringType,
	"name":         types.StringType,
	"devices":      types.ListType{ElemType: types.StringType},
	"ports":        types.ListType{ElemType: types.StringType},
	"speed":        types.Int64Type,
	"distribution": types.StringType,
	"rail":         types.Int64Type,
	"kind":         types.StringType,
	"port_type":    types.StringType,
	"fabric":       types.StringType,
	"managed":      types.BoolType,
	"mesh":         types.BoolType,
}

var attachmentObjectType = types.ObjectType{AttrTypes: attachmentAttrTypes}

// planContextAttrTypes is the object type of a topology plan's `context`.
var planContextAttrTypes = map[string]attr.Type{
	"name":          types.StringType,
	"site":          types.StringType,
	"tenant":        types.StringType,
	"device_status": types.StringType,
	"tags":          types.ListType{ElemType: types.StringType},
	"tag":           types.StringType,
}

type attachmentModel struct {
	Source       types.String `tfsdk:"source"`
	Class        types.String `tfsdk:"class"`
	Name         types.String `tfsdk:"name"`
	Devices      types.List   `tfsdk:"devices"`
	Ports        types.List   `tfsdk:"ports"`
	Speed        types.Int64  `tfsdk:"speed"`
	Distribution types.String `tfsdk:"distribution"`
	Rail         types.Int64  `tfsdk:"rail"`
	Kind         types.String `tfsdk:"kind"`
	PortType     types.String `tfsdk:"port_type"`
	Fabric       types.String `tfsdk:"fabric"`
	Managed      types.Bool   `tfsdk:"managed"`
	Mesh         types.Bool   `tfsdk:"mesh"`
}

type planContextModel struct {
	Name         types.String `tfsdk:"name"`
	Site         types.String `tfsdk:"site"`
	Tenant       types.String `tfsdk:"tenant"`
	DeviceStatus types.String `tfsdk:"device_status"`
	Tags         types.List   `tfsdk:"tags"`
	Tag          types.String `tfsdk:"tag"`
}

// attachmentValue converts a planner attachment into its Terraform object.
func attachmentValue(a planner.Attachment) types.Object {
	return types.ObjectValueMust(attachmentAttrTypes, map[string]attr.Value{
		"source":       types.StringValue(a.Source),
		"class":        types.StringValue(a.Class),
		"name":         types.StringValue(a.Name),
		"devices":      stringList(a.Devices),
		"ports":        stringList(a.Ports),
		"speed":        types.Int64Value(int64(a.Speed)),
		"distribution": types.StringValue(a.Distribution),
		"rail":         types.Int64Value(int64(a.Rail)),
		"kind":         types.StringValue(a.Kind),
		"port_type":    types.StringValue(a.PortType),
		"fabric":       types.StringValue(a.Fabric),
		"managed":      types.BoolValue(a.Managed),
		"mesh":         types.BoolValue(a.Mesh),
	})
}

func attachmentsValue(m map[string]planner.Attachment) types.Map {
	elems := make(map[string]attr.Value, len(m))
	for k, a := range m {
		elems[k] = attachmentValue(a)
	}
	return types.MapValueMust(attachmentObjectType, elems)
}

// attachmentsFromList reads a zone's `attach` list. ok is false when any value is not yet
// known (it comes from a resource that is itself waiting), so planning must be deferred.
func attachmentsFromList(ctx context.Context, l types.List) ([]planner.Attachment, bool) {
	if l.IsNull() {
		return nil, true
	}
	if l.IsUnknown() {
		return nil, false
	}
	var models []attachmentModel
	if d := l.ElementsAs(ctx, &models, false); d.HasError() {
		// Elements that are themselves unknown objects cannot be decoded into the model.
		return nil, false
	}
	out := make([]planner.Attachment, 0, len(models))
	for _, m := range models {
		if !allKnown(m.Source, m.Class, m.Name, m.Devices, m.Ports, m.Speed, m.Distribution, m.Rail,
			m.Kind, m.PortType, m.Fabric, m.Managed, m.Mesh) {
			return nil, false
		}
		devices, ok1 := stringsFromList(ctx, m.Devices)
		ports, ok2 := stringsFromList(ctx, m.Ports)
		if !ok1 || !ok2 {
			return nil, false
		}
		out = append(out, planner.Attachment{
			Source: m.Source.ValueString(), Class: m.Class.ValueString(), Name: m.Name.ValueString(),
			Devices: devices, Ports: ports, Speed: int(m.Speed.ValueInt64()),
			Distribution: m.Distribution.ValueString(), Rail: int(m.Rail.ValueInt64()), Kind: m.Kind.ValueString(),
			PortType: m.PortType.ValueString(), Fabric: m.Fabric.ValueString(), Managed: m.Managed.ValueBool(),
			Mesh: m.Mesh.ValueBool(),
		})
	}
	return out, true
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
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	links := make([]planner.Link, 0, len(raw))
	for _, k := range keys {
		aDev, aPort, ok1 := splitEndpoint(k)
		bDev, bPort, ok2 := splitEndpoint(raw[k].ValueString())
		if ok1 && ok2 {
			links = append(links, planner.Link{ADevice: aDev, APort: aPort, BDevice: bDev, BPort: bPort})
		}
	}
	return links
}

// splitEndpoint splits "device:port" at the first colon; device names never hold one.
func splitEndpoint(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return s[:i], s[i+1:], i > 0 && i < len(s)-1
		}
	}
	return "", "", false
}
