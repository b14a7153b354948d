package provider

import (
	"context"
	"math"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// The switch class's model and its conversions: to the planner's input, and from the plan
// back to the computed attributes and the NetBox objects the class owns.

type switchClassModel struct {
	ID                 types.String  `tfsdk:"id"`
	Plan               types.Object  `tfsdk:"plan"`
	Name               types.String  `tfsdk:"name"`
	Fabric             types.String  `tfsdk:"fabric"`
	FabricClass        types.String  `tfsdk:"fabric_class"`
	Role               types.String  `tfsdk:"role"`
	DeviceType         types.String  `tfsdk:"device_type"`
	Profile            types.String  `tfsdk:"profile"`
	Ports              types.List    `tfsdk:"ports"`
	NameTemplate       types.String  `tfsdk:"name_template"`
	OverrideQuantity   types.Int64   `tfsdk:"override_quantity"`
	Redundancy         types.Object  `tfsdk:"redundancy"`
	Topology           types.String  `tfsdk:"topology"`
	Zones              types.Map     `tfsdk:"zones"`
	AllowRecabling     types.Bool    `tfsdk:"allow_recabling"`
	MaxOversub         types.Float64 `tfsdk:"max_oversubscription"`
	Identities         types.Map     `tfsdk:"identities"`
	CalculatedQuantity types.Int64   `tfsdk:"calculated_quantity"`
	EffectiveQuantity  types.Int64   `tfsdk:"effective_quantity"`
	DeviceNames        types.List    `tfsdk:"device_names"`
	ZoneUsage          types.Map     `tfsdk:"zone_usage"`
	Allocation         types.Map     `tfsdk:"allocation"`
	Attachments        types.Map     `tfsdk:"attachments"`
	DeviceIDs          types.Map     `tfsdk:"device_ids"`
	InterfaceIDs       types.Map     `tfsdk:"interface_ids"`
	CableIDs           types.Map     `tfsdk:"cable_ids"`
	Drift              types.Map     `tfsdk:"drift"`
	Calculation        types.Object  `tfsdk:"calculation"`
	CablingChanges     types.Object  `tfsdk:"cabling_changes"`
	Summary            types.String  `tfsdk:"summary"`
}

func (m *switchClassModel) classIDs() classIDs {
	return classIDs{Devices: m.DeviceIDs, Interfaces: m.InterfaceIDs, Cables: m.CableIDs, Drift: m.Drift}
}

func (m *switchClassModel) setClassIDs(ids classIDs) {
	m.DeviceIDs, m.InterfaceIDs, m.CableIDs, m.Drift = ids.Devices, ids.Interfaces, ids.Cables, ids.Drift
}

func (m *switchClassModel) allocationMap() types.Map { return m.Allocation }

func (m *switchClassModel) recordedFields(ctx context.Context) inventory.Fields {
	pc, _ := planContextFrom(ctx, m.Plan)
	sc, _, _ := m.toPlanner(ctx)
	return inventory.SwitchFields(pc, sc)
}

type customPortsModel struct {
	First           types.Int64  `tfsdk:"first"`
	Last            types.Int64  `tfsdk:"last"`
	NativeSpeed     types.Int64  `tfsdk:"native_speed"`
	Connector       types.String `tfsdk:"connector"`
	DefaultBreakout types.String `tfsdk:"default_breakout"`
	Breakouts       types.List   `tfsdk:"breakouts"`
}

type redundancyModel struct {
	Type  types.String `tfsdk:"type"`
	Group types.String `tfsdk:"group"`
}

type zoneModel struct {
	Kind        types.String  `tfsdk:"kind"`
	Ports       types.String  `tfsdk:"ports"`
	Breakout    types.String  `tfsdk:"breakout"`
	Strategy    types.String  `tfsdk:"strategy"`
	Order       types.List    `tfsdk:"order"`
	Priority    types.Int64   `tfsdk:"priority"`
	Medium      types.String  `tfsdk:"medium"`
	Transceiver types.String  `tfsdk:"transceiver"`
	Cable       types.String  `tfsdk:"cable"`
	CableLength types.Float64 `tfsdk:"cable_length"`
	Attach      types.List    `tfsdk:"attach"`
}

var calculationAttrTypes = map[string]attr.Type{
	"algorithm_version":  types.Int64Type,
	"inputs_hash":        types.StringType,
	"binding_zone":       types.StringType,
	"demand":             types.Int64Type,
	"lanes_per_switch":   types.Int64Type,
	"formula_quantity":   types.Int64Type,
	"allocator_quantity": types.Int64Type,
	"rule":               types.StringType,
	"headroom":           types.Int64Type,
	"headroom_of":        types.StringType,
	"reason":             types.StringType,
	"downlink_gbps":      types.Int64Type,
	"uplink_gbps":        types.Int64Type,
	"oversubscription":   types.Float64Type,
	"busiest_switch":     types.StringType,
}

func calculationValue(c planner.Calculation) types.Object {
	return types.ObjectValueMust(calculationAttrTypes, map[string]attr.Value{
		"algorithm_version": types.Int64Value(int64(c.AlgorithmVersion)), "inputs_hash": types.StringValue(c.InputsHash),
		"binding_zone": types.StringValue(c.BindingZone), "demand": types.Int64Value(int64(c.Demand)),
		"lanes_per_switch": types.Int64Value(int64(c.LanesPerSwitch)), "formula_quantity": types.Int64Value(int64(c.FormulaQuantity)),
		"allocator_quantity": types.Int64Value(int64(c.AllocatorQuantity)), "rule": types.StringValue(c.Rule),
		"headroom": types.Int64Value(int64(c.Headroom)), "headroom_of": types.StringValue(c.HeadroomOf),
		"reason":           types.StringValue(c.Reason),
		"downlink_gbps":    types.Int64Value(int64(c.Oversubscription.DownlinkGbps)),
		"uplink_gbps":      types.Int64Value(int64(c.Oversubscription.UplinkGbps)),
		"oversubscription": oversubscriptionValue(c.Oversubscription), "busiest_switch": types.StringValue(c.Oversubscription.Switch),
	})
}

// oversubscriptionValue is the ratio rounded to hundredths, null for a class without uplinks.
func oversubscriptionValue(o planner.Oversubscription) types.Float64 {
	if o.UplinkGbps == 0 {
		return types.Float64Null()
	}
	return types.Float64Value(math.Round(o.Ratio*100) / 100)
}

var zoneUsageAttrTypes = map[string]attr.Type{
	"kind":             types.StringType,
	"breakout":         types.StringType,
	"ports":            types.StringType,
	"lane_speed":       types.Int64Type,
	"lanes_per_switch": types.Int64Type,
	"used":             types.Int64Type,
	"free":             types.Int64Type,
}

// priorFrom is the sticky-allocation prior that a class's allocation, zone usage and quantity
// describe.
func priorFrom(ctx context.Context, alloc, usage types.Map, switches int) *planner.Prior {
	prior := &planner.Prior{Links: linksFromAllocation(ctx, alloc), Breakouts: map[string]string{}, Switches: switches}
	if usage.IsNull() || usage.IsUnknown() {
		return prior
	}
	for zone, v := range usage.Elements() {
		if o, ok := v.(types.Object); ok {
			if b, ok := o.Attributes()["breakout"].(types.String); ok && !b.IsNull() && !b.IsUnknown() {
				prior.Breakouts[zone] = b.ValueString()
			}
		}
	}
	return prior
}

// compute plans the class when every input is known; otherwise the computed attributes stay
// unknown until apply.
func (m *switchClassModel) compute(ctx context.Context, prior *planner.Prior) (want *inventory.Want, diags diag.Diagnostics) {
	pc, ok := planContextFrom(ctx, m.Plan)
	if !ok {
		return nil, nil
	}
	sc, ok, d := m.toPlanner(ctx)
	if d.HasError() || !ok {
		return nil, d
	}
	started := time.Now()
	sp := planner.PlanSwitchClass(pc, sc, prior)
	tflog.Debug(ctx, "planned switch class", map[string]any{
		"class": sc.Name, "quantity": sp.Effective, "links": len(sp.Links), "elapsed_us": time.Since(started).Microseconds(),
	})
	addPlannerDiagnostics(&diags, sp.Diagnostics)
	if sp.Diagnostics.HasError() {
		return nil, diags
	}
	if ids := planner.CheckIdentities(sc, sp.Devices); len(ids) > 0 {
		if addPlannerDiagnostics(&diags, ids); ids.HasError() {
			return nil, diags
		}
	}
	m.ID = types.StringValue(pc.Name + "/" + sc.Name)
	m.CalculatedQuantity = types.Int64Value(int64(sp.Calculated))
	m.EffectiveQuantity = types.Int64Value(int64(sp.Effective))
	m.Calculation = calculationValue(sp.Calculation)
	m.CablingChanges = cablingChangesValue(sp.Changes)
	m.Summary = types.StringValue(planner.Summary(sc, sp))
	m.DeviceNames = stringList(sp.Devices)
	m.Allocation = allocationValue(sp.Links)
	m.Attachments = attachmentsValue(sp.Exports)
	usage := make(map[string]attr.Value, len(sp.Zones))
	for _, z := range sp.Zones {
		usage[z.Name] = types.ObjectValueMust(zoneUsageAttrTypes, map[string]attr.Value{
			"kind": types.StringValue(z.Kind), "breakout": types.StringValue(z.Breakout), "ports": types.StringValue(z.Ports),
			"lane_speed": types.Int64Value(int64(z.LaneSpeed)), "lanes_per_switch": types.Int64Value(int64(z.LanesPerSwitch)),
			"used": types.Int64Value(int64(z.Used)), "free": types.Int64Value(int64(z.Free)),
		})
	}
	m.ZoneUsage = types.MapValueMust(types.ObjectType{AttrTypes: zoneUsageAttrTypes}, usage)
	w := inventory.ForSwitchClass(pc, sc, sp)
	return &w, diags
}

// toPlanner converts the model; known is false while any input is unknown, and a malformed attachment is an error.
func (m *switchClassModel) toPlanner(ctx context.Context) (sc planner.SwitchClass, known bool, diags diag.Diagnostics) {
	if !allKnown(m.Name, m.Fabric, m.FabricClass, m.Role, m.DeviceType, m.Profile, m.Ports, m.NameTemplate,
		m.OverrideQuantity, m.Redundancy, m.Topology, m.Zones, m.AllowRecabling, m.MaxOversub) {
		return planner.SwitchClass{}, false, nil
	}
	sc = planner.SwitchClass{Name: m.Name.ValueString(), Fabric: m.Fabric.ValueString(), FabricClass: m.FabricClass.ValueString(),
		Role: m.Role.ValueString(), DeviceType: m.DeviceType.ValueString(), Profile: m.Profile.ValueString(),
		NameTemplate: m.NameTemplate.ValueString(), Override: int(m.OverrideQuantity.ValueInt64()),
		HasOverride: !m.OverrideQuantity.IsNull(), Topology: m.Topology.ValueString(), Zones: map[string]planner.Zone{},
		AllowRecabling: m.AllowRecabling.ValueBool(), MaxOversubscription: m.MaxOversub.ValueFloat64()}
	if !m.Redundancy.IsNull() {
		var red redundancyModel
		if m.Redundancy.As(ctx, &red, objectAsOptions).HasError() || !allKnown(red.Type, red.Group) {
			return sc, false, nil
		}
		sc.Redundancy = &planner.Redundancy{Type: red.Type.ValueString(), Group: red.Group.ValueString()}
	}
	if sc.Identities, known = identitiesFrom(ctx, m.Identities); !known {
		return sc, false, nil
	}
	var groups []customPortsModel
	if m.Ports.ElementsAs(ctx, &groups, false).HasError() {
		return sc, false, nil
	}
	for _, g := range groups {
		breakouts, ok := stringsFromList(ctx, g.Breakouts)
		if !ok || !allKnown(g.First, g.Last, g.NativeSpeed, g.Connector, g.DefaultBreakout) {
			return sc, false, nil
		}
		sc.CustomPorts = append(sc.CustomPorts, planner.PortGroup{First: int(g.First.ValueInt64()), Last: int(g.Last.ValueInt64()),
			NativeSpeed: int(g.NativeSpeed.ValueInt64()), Connector: g.Connector.ValueString(),
			Default: g.DefaultBreakout.ValueString(), Breakouts: breakouts})
	}
	var zones map[string]zoneModel
	if m.Zones.ElementsAs(ctx, &zones, false).HasError() {
		return sc, false, nil
	}
	for name, z := range zones {
		if !allKnown(z.Kind, z.Ports, z.Breakout, z.Strategy, z.Order, z.Priority, z.Medium, z.Transceiver, z.Cable, z.CableLength) {
			return sc, false, nil
		}
		var order []int64
		if !z.Order.IsNull() && z.Order.ElementsAs(ctx, &order, false).HasError() {
			return sc, false, nil
		}
		attach, ok, err := attachmentsFromList(ctx, z.Attach)
		if err != nil {
			diags.AddAttributeError(path.Root("zones").AtMapKey(name).AtName("attach"), "Invalid attachment",
				"Attribute zones[\""+name+"\"].attach: "+err.Error())
			return sc, false, diags
		}
		if !ok {
			return sc, false, nil
		}
		pz := planner.Zone{Kind: z.Kind.ValueString(), Ports: z.Ports.ValueString(), Breakout: z.Breakout.ValueString(),
			Strategy: z.Strategy.ValueString(), Priority: int(z.Priority.ValueInt64()), Attach: attach,
			Physical: physicalOf(z.Medium, z.Transceiver, z.Cable, z.CableLength)}
		for _, o := range order {
			pz.Order = append(pz.Order, int(o))
		}
		sc.Zones[name] = pz
	}
	return sc, true, nil
}
