package provider

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

var (
	_ resource.ResourceWithModifyPlan  = &switchClassResource{}
	_ resource.ResourceWithConfigure   = &switchClassResource{}
	_ resource.ResourceWithImportState = &switchClassResource{}
)

// NewSwitchClassResource declares a group of identical switches with port zones.
func NewSwitchClassResource() resource.Resource { return &switchClassResource{} }

type switchClassResource struct{ netBoxResource }

func (r *switchClassResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_switch_class"
}

func (r *switchClassResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = switchClassSchema()
}

// switchClassSchema is the schema of hedgehog_switch_class; the data sources that take classes read its types.
func switchClassSchema() schema.Schema {
	return schema.Schema{
		// Bump with a state upgrader (UpgradeState) for every change of the stored shape; the
		// inputs a resource stores in NetBox for import carry it too (design.md).
		Version: 0,
		MarkdownDescription: "A group of identical switches. Its zones attach server connections and other classes' uplink " +
			"zones; at plan time it computes how many switches are needed and where every cable lands. Exports one " +
			"`attachments` entry per `uplink` zone.",
		Attributes: map[string]schema.Attribute{
			"id":   classIDAttribute(),
			"plan": planAttribute(),
			"name": schema.StringAttribute{Required: true, MarkdownDescription: "Class name, unique within the plan (lowercase RFC 1123 label).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"fabric": schema.StringAttribute{Required: true, MarkdownDescription: "Fabric name (`frontend`, `backend`, `oob-mgmt`, ...). Spines size from the leaves of their fabric."},
			"fabric_class": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(planner.FabricManaged),
				MarkdownDescription: "`managed` (default; Hedgehog controls the switches) or `unmanaged` (e.g. an OOB management switch).",
				Validators:          []validator.String{stringvalidator.OneOf(planner.FabricClasses...)}},
			"role": schema.StringAttribute{Required: true, MarkdownDescription: "`spine`, `server-leaf`, `border-leaf` or `mixed-leaf`.",
				Validators: []validator.String{stringvalidator.OneOf(planner.SwitchRoles...)}},
			"device_type": schema.StringAttribute{Required: true, MarkdownDescription: "NetBox device type slug. The profile defaults to it when it is a catalogue name."},
			"profile":     schema.StringAttribute{Optional: true, MarkdownDescription: "Hedgehog switch profile (see the `hedgehog_switch_profile` data source)."},
			"ports": schema.ListNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Port groups of a model outside the Hedgehog catalogue (only with `fabric_class = \"unmanaged\"`).",
				NestedObject:        schema.NestedAttributeObject{Attributes: customPortsAttributes()},
			},
			"name_template": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Device name template; default `{class}-{index:02d}`. Placeholders: `{plan}`, `{site}`, `{class}`, `{fabric}`, `{role}`, `{index}`, `{index:NNd}`."},
			"override_quantity": schema.Int64Attribute{Optional: true,
				MarkdownDescription: "Use this many switches instead of the calculated quantity. Below the need is an error.",
				Validators:          []validator.Int64{int64validator.Between(0, planner.MaxSwitchesPerClass)}},
			"redundancy": schema.SingleNestedAttribute{Optional: true,
				MarkdownDescription: "Redundancy group of the leaves: `eslag` (2 to 4 switches). `mclag` is refused with an error: Hedgehog " +
					"no longer supports it, and its peer and session links are not planned.",
				Attributes: map[string]schema.Attribute{
					"type":  schema.StringAttribute{Required: true, MarkdownDescription: "`eslag`.", Validators: []validator.String{stringvalidator.OneOf(planner.RedundancyTypes...)}},
					"group": schema.StringAttribute{Required: true, MarkdownDescription: "Name of the Hedgehog SwitchGroup."},
				}},
			"topology": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(planner.TopologySpineLeaf),
				MarkdownDescription: "`spine-leaf` (default) or `mesh` (2 or 3 leaves cabled to each other; needs `override_quantity`).",
				Validators:          []validator.String{stringvalidator.OneOf(planner.Topologies...)}},
			"zones": schema.MapNestedAttribute{
				Required: true, MarkdownDescription: "Port zones by name.",
				NestedObject: schema.NestedAttributeObject{Attributes: withAttributes(physicalAttributes("the zone's cages",
					"that land on the zone", "A default for server connections, whose own `medium` wins. The two zones "+
						"of a switch-to-switch link (an `uplink` zone and the zone it lands on) must agree, and the "+
						"`uplink` zone must declare its end whenever the other does, since only it knows its cages."), map[string]schema.Attribute{
					"kind": schema.StringAttribute{Required: true, MarkdownDescription: "`server`, `uplink`, `fabric`, `oob` or `mesh`.",
						Validators: []validator.String{stringvalidator.OneOf(planner.ZoneKinds...)}},
					"ports": schema.StringAttribute{Required: true, MarkdownDescription: "Port spec: `N`, `A-B`, `A-B:S`, comma separated (e.g. `1-63:2`)."},
					"breakout": schema.StringAttribute{Required: true, MarkdownDescription: "Breakout mode of every port of the zone, " +
						"e.g. `4x200g`, `1x800g`: the number of lanes (logical ports) each physical port is split into, and their " +
						"speed. Some switches feed their ports in pipelines, groups of ports that carry a maximum number of " +
						"lanes together: a DS5000 pairs the outer and the inner ports of every four (1+4, 2+3, 5+8, ...), 10 " +
						"lanes a pair, so `8x100g` on port 1 leaves 2 lanes for port 4. A zone that overfills a pipeline is an " +
						"error naming the ports that pair up; use a breakout with fewer lanes or every other port " +
						"(`1-63:2`). The `hedgehog_switch_profile` data source lists each profile's pipelines."},
					"strategy": schema.StringAttribute{Optional: true, MarkdownDescription: "Lane order: `sequential` (default), `interleaved`, `spaced` or `custom` (with `order`).",
						Validators: []validator.String{stringvalidator.OneOf(planner.Strategies...)}},
					"order": schema.ListAttribute{Optional: true, ElementType: types.Int64Type, MarkdownDescription: "Port order for `custom`: a permutation of the zone's ports."},
					"priority": schema.Int64Attribute{Optional: true, MarkdownDescription: "Order of the zone among the " +
						"class's zones, lower first, then by name: the order of `summary`, the zone that sets the quantity " +
						"when two need as many switches, and the zone an overlap is reported on. Each zone places its " +
						"attachments on its own lanes, so the order moves no cable."},
					"attach": schema.ListAttribute{Optional: true, ElementType: attachmentType,
						MarkdownDescription: "What lands on the zone, in placement order: server classes' `attachments[...]` or other switch classes' uplink `attachments[...]`."},
				})},
			},
			"identities": identitiesAttribute(),
			"max_oversubscription": schema.Float64Attribute{Optional: true,
				MarkdownDescription: "Bound on the ratio of a switch's server-facing bandwidth (the links on its `server` and " +
					"`oob` zones) to its uplink bandwidth (every lane of its `uplink` zones), e.g. `3` for 3:1; `1` means " +
					"non-blocking. A plan whose busiest switch is above it is an error that says how many uplink lanes " +
					"bring it within. `calculation` reports the ratio whether or not this is set."},
			"allow_recabling": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Let a plan move existing cables of this class (default `false`). Growth that keeps " +
					"a valid fabric only by moving cables, such as spines added to a CLOS whose leaves use all their " +
					"uplinks, is an error without it; with it, the plan moves the fewest cables and lists them in " +
					"`cabling_changes`. See the growth guide."},
			"cabling_changes": schema.ObjectAttribute{Computed: true, AttributeTypes: cablingChangesAttrTypes,
				MarkdownDescription: "What the plan does to the class's cables, known during plan: how many are `added`, " +
					"`removed` and `moved`, and each moved cable in `moves`, keyed by its upstream end (`\"<device>:<port>\"`), " +
					"with its switch end `from` and `to`. A plan that changes no cable keeps the last change's value, so an " +
					"unchanged class plans no change."},
			"calculated_quantity": schema.Int64Attribute{Computed: true, MarkdownDescription: "Switches the demand needs, checked by the allocator."},
			"effective_quantity":  schema.Int64Attribute{Computed: true, MarkdownDescription: "`override_quantity` when set, else `calculated_quantity`."},
			"device_names":        schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Switch names in index order."},
			"zone_usage": schema.MapAttribute{Computed: true, ElementType: types.ObjectType{AttrTypes: zoneUsageAttrTypes},
				MarkdownDescription: "Per zone: breakout, lane speed, lanes per switch, lanes used and free over all switches."},
			"allocation": schema.MapAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Every cable landing on this class: `\"<device>:<port>\" = \"<switch>:<port>\"`, keyed by the upstream end."},
			"attachments": schema.MapAttribute{Computed: true, ElementType: attachmentType,
				MarkdownDescription: "One attachment per `uplink` zone, keyed by zone name, for other classes' zones to attach."},
			"device_ids": idMapAttribute("NetBox IDs of the switches, by device name. IDs of objects that stay are " +
				"known during plan; new objects' IDs are known after apply."),
			"interface_ids": idMapAttribute("NetBox IDs of the switch interfaces the class uses (every cabled lane and " +
				"every uplink lane), by `\"<device>:<port>\"`, e.g. `interface_ids[\"fe-spine-01:E1/1\"]`."),
			"cable_ids": idMapAttribute("NetBox IDs of the cables landing on the class's zones, keyed like `allocation` " +
				"(by the upstream end)."),
			"drift": driftAttribute(),
			"summary": schema.StringAttribute{Computed: true,
				MarkdownDescription: "One line for a reviewer, known during plan: quantity, model, role and fabric, the lanes " +
					"used of each zone, and for spines the links per leaf-spine pair, e.g. `4 x celestica-ds5000 spine " +
					"(frontend); lanes used: border 32/32, fabric 128/248, servers 4/16; 4 to 8 links per leaf-spine pair`."},
			"calculation": schema.ObjectAttribute{Computed: true, AttributeTypes: calculationAttrTypes,
				MarkdownDescription: "Why the class has its quantity, known during plan and identical for identical inputs: " +
					"`algorithm_version` (of the planner's rules), `inputs_hash` (SHA-256 of everything that decided the " +
					"result), `binding_zone` with its `demand` and `lanes_per_switch`, `formula_quantity` (the demand formula) and " +
					"`allocator_quantity` (what the allocator needed), `rule` (what raised it above the binding zone's need: " +
					"alternating, redundancy, override, mesh), `headroom` (how many more devices of the binding " +
					"zone's largest attachment, `headroom_of`, fit before the quantity grows) and a one-line `reason`. " +
					"For a class with uplink zones, the busiest switch's oversubscription: `downlink_gbps` (its links on " +
					"`server` and `oob` zones), `uplink_gbps` (every lane of its `uplink` zones), `oversubscription` " +
					"(their ratio, e.g. `16` for 16:1; null without uplinks) and `busiest_switch`."},
		},
	}
}

func (r *switchClassResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyClassPlan[switchClassModel](ctx, &r.netBoxResource, kindOf(ctx, r), req, resp, r.computer(req.State))
}

// computer plans the class against the prior state (sticky allocation). Planning is
// deterministic, so apply, which plans again, gets exactly the reviewed plan.
func (r *switchClassResource) computer(state tfsdk.State) classComputer[switchClassModel] {
	return func(ctx context.Context, m *switchClassModel) (*inventory.Want, diag.Diagnostics) {
		want, diags := m.compute(ctx, r.priorState(ctx, state))
		keepLastCablingChanges(ctx, state, m)
		return want, diags
	}
}

// keepLastCablingChanges leaves cabling_changes as state has it when the plan changes no
// cable: the value describes the last change, and an unchanged class must plan no change.
func keepLastCablingChanges(ctx context.Context, state tfsdk.State, m *switchClassModel) {
	if state.Raw.IsNull() || !noCablingChange(m.CablingChanges) {
		return
	}
	var last types.Object
	if !state.GetAttribute(ctx, path.Root("cabling_changes"), &last).HasError() && !last.IsNull() && !last.IsUnknown() {
		m.CablingChanges = last
	}
}

// priorState reads what the current state holds for sticky allocation: the allocation map
// and each zone's breakout.
func (r *switchClassResource) priorState(ctx context.Context, state tfsdk.State) *planner.Prior {
	if state.Raw.IsNull() {
		return nil
	}
	var alloc, usage types.Map
	var quantity types.Int64
	if state.GetAttribute(ctx, path.Root("allocation"), &alloc).HasError() ||
		state.GetAttribute(ctx, path.Root("zone_usage"), &usage).HasError() ||
		state.GetAttribute(ctx, path.Root("effective_quantity"), &quantity).HasError() {
		return nil
	}
	return priorFrom(ctx, alloc, usage, int(quantity.ValueInt64()))
}

func (r *switchClassResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	createClass[switchClassModel](ctx, &r.netBoxResource, kindOf(ctx, r), req, resp, r.computer(tfsdk.State{}))
}

func (r *switchClassResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readClass[switchClassModel](ctx, &r.netBoxResource, classImport[switchClassModel]{kind: kindOf(ctx, r), what: "switch class",
		compute: r.computerFrom}, req, resp)
}

// computerFrom plans an imported class against the cables NetBox has: a cable whose ends the
// design still allows keeps its ports (sticky allocation), so an unchanged fabric imports with
// no change.
func (r *switchClassResource) computerFrom(found inventory.Recorded) classComputer[switchClassModel] {
	prior := &planner.Prior{Breakouts: map[string]string{}, Switches: len(found.Devices)}
	for _, a := range slices.Sorted(maps.Keys(found.CableEnds)) {
		aDev, aPort := inventory.SplitKey(a)
		bDev, bPort := inventory.SplitKey(found.CableEnds[a])
		prior.Links = append(prior.Links, planner.Link{ADevice: aDev, APort: aPort, BDevice: bDev, BPort: bPort})
	}
	return func(ctx context.Context, m *switchClassModel) (*inventory.Want, diag.Diagnostics) {
		want, diags := m.compute(ctx, prior)
		if want != nil {
			// Import brings the class under management: its cables count as added, as after the
			// apply that creates a class (there is no last change to tell).
			m.CablingChanges = cablingChangesValue(planner.CablingChanges{Added: len(m.Allocation.Elements())})
		}
		return want, diags
	}
}

// ImportState takes "<plan>/<class>"; Read then builds the class from its switches and cables
// in NetBox.
func (r *switchClassResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importClass(ctx, req, resp)
}

func (r *switchClassResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateClass[switchClassModel](ctx, &r.netBoxResource, kindOf(ctx, r), req, resp, r.computer(req.State))
}

func (r *switchClassResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteClass[switchClassModel](ctx, &r.netBoxResource, req, resp)
}

// customPortsAttributes describe the port groups of a switch outside the catalogue.
func customPortsAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"first":            schema.Int64Attribute{Required: true, MarkdownDescription: "First port number.", Validators: []validator.Int64{int64validator.Between(1, planner.MaxPort)}},
		"last":             schema.Int64Attribute{Required: true, MarkdownDescription: "Last port number.", Validators: []validator.Int64{int64validator.Between(1, planner.MaxPort)}},
		"native_speed":     schema.Int64Attribute{Required: true, MarkdownDescription: "Native speed in Gbit/s.", Validators: []validator.Int64{int64validator.Between(1, 1600)}},
		"connector":        schema.StringAttribute{Optional: true, MarkdownDescription: "Connector, e.g. `RJ45`, `SFP28`."},
		"default_breakout": schema.StringAttribute{Optional: true, MarkdownDescription: "Default breakout, e.g. `1x1g`."},
		"breakouts":        schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Allowed breakouts."},
	}
}
