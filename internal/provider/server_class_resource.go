package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

var (
	_ resource.ResourceWithModifyPlan  = &serverClassResource{}
	_ resource.ResourceWithConfigure   = &serverClassResource{}
	_ resource.ResourceWithImportState = &serverClassResource{}
)

// NewServerClassResource declares a group of identical servers and their connection intents.
func NewServerClassResource() resource.Resource { return &serverClassResource{} }

type serverClassResource struct{ netBoxResource }

type serverClassModel struct {
	ID            types.String `tfsdk:"id"`
	Plan          types.Object `tfsdk:"plan"`
	Name          types.String `tfsdk:"name"`
	Quantity      types.Int64  `tfsdk:"quantity"`
	DeviceType    types.String `tfsdk:"device_type"`
	Category      types.String `tfsdk:"category"`
	GPUsPerServer types.Int64  `tfsdk:"gpus_per_server"`
	NameTemplate  types.String `tfsdk:"name_template"`
	NICs          types.Map    `tfsdk:"nics"`
	Connections   types.Map    `tfsdk:"connections"`
	DeviceNames   types.List   `tfsdk:"device_names"`
	Interfaces    types.List   `tfsdk:"interfaces"`
	Attachments   types.Map    `tfsdk:"attachments"`
	DeviceIDs     types.Map    `tfsdk:"device_ids"`
	InterfaceIDs  types.Map    `tfsdk:"interface_ids"`
	Drift         types.Map    `tfsdk:"drift"`
}

func (m *serverClassModel) classIDs() classIDs {
	return classIDs{Devices: m.DeviceIDs, Interfaces: m.InterfaceIDs, Cables: types.MapNull(types.Int64Type), Drift: m.Drift}
}

func (m *serverClassModel) setClassIDs(ids classIDs) {
	m.DeviceIDs, m.InterfaceIDs, m.Drift = ids.Devices, ids.Interfaces, ids.Drift
}

func (m *serverClassModel) allocationMap() types.Map { return types.MapNull(types.StringType) }

func (m *serverClassModel) recordedFields(ctx context.Context) inventory.Fields {
	pc, _ := planContextFrom(ctx, m.Plan)
	return inventory.ServerFields(pc, m.DeviceType.ValueString(), m.Name.ValueString())
}

type nicModel struct {
	Ports         types.Int64  `tfsdk:"ports"`
	Speed         types.Int64  `tfsdk:"speed"`
	InterfaceType types.String `tfsdk:"interface_type"`
	ModuleType    types.String `tfsdk:"module_type"`
}

type connectionModel struct {
	NIC          types.String `tfsdk:"nic"`
	FirstPort    types.Int64  `tfsdk:"first_port"`
	Ports        types.Int64  `tfsdk:"ports"`
	Speed        types.Int64  `tfsdk:"speed"`
	Distribution types.String `tfsdk:"distribution"`
	Rail         types.Int64  `tfsdk:"rail"`
	Kind         types.String `tfsdk:"kind"`
	PortType     types.String `tfsdk:"port_type"`
	// Transceiver is the optic of each cabled NIC port, for the bill of materials only.
	Transceiver types.String `tfsdk:"transceiver"`
}

func (r *serverClassResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_server_class"
}

func planAttribute() schema.ObjectAttribute {
	return schema.ObjectAttribute{
		Required: true, AttributeTypes: planContextAttrTypes,
		MarkdownDescription: "The `context` of the `hedgehog_topology_plan` this class belongs to.",
	}
}

func classIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Computed: true, MarkdownDescription: "`<plan>/<class>`.",
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func speedAttribute(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{Required: true, MarkdownDescription: desc,
		Validators: []validator.Int64{int64validator.Between(1, 1600)}}
}

func (r *serverClassResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		// Bump with a state upgrader (UpgradeState) for every change of the stored shape; the
		// inputs a resource stores in NetBox for import carry it too (design.md).
		Version: 0,
		MarkdownDescription: "A group of identical servers with NICs and connection intents. Exports one " +
			"`attachments` entry per connection for switch zones to attach.",
		Attributes: map[string]schema.Attribute{
			"id":   classIDAttribute(),
			"plan": planAttribute(),
			"name": schema.StringAttribute{Required: true, MarkdownDescription: "Class name, unique within the plan (lowercase RFC 1123 label).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"quantity": schema.Int64Attribute{Required: true, MarkdownDescription: "Number of servers.",
				Validators: []validator.Int64{int64validator.Between(0, planner.MaxServersPerClass)}},
			"device_type": schema.StringAttribute{Required: true, MarkdownDescription: "NetBox device type slug of the servers."},
			"category": schema.StringAttribute{Optional: true, MarkdownDescription: "One of `gpu`, `storage`, `compute`, `infrastructure`.",
				Validators: []validator.String{stringvalidator.OneOf(planner.ServerCategories...)}},
			"gpus_per_server": schema.Int64Attribute{Optional: true, MarkdownDescription: "GPUs in each server (informational).",
				Validators: []validator.Int64{int64validator.Between(0, 64)}},
			"name_template": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Device name template; default `{class}-{index:03d}`. Placeholders: `{plan}`, `{site}`, `{class}`, `{index}`, `{index:NNd}`."},
			"nics": schema.MapNestedAttribute{
				Required: true, MarkdownDescription: "NICs by name. A server's NIC interface is `<nic>-p<i>`, i from 0.",
				NestedObject: schema.NestedAttributeObject{Attributes: nicAttributes()},
			},
			"connections": schema.MapNestedAttribute{
				Required: true, MarkdownDescription: "Connection intents by name: which NIC ports are cabled, how, and to what kind of zone.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"nic": schema.StringAttribute{Required: true, MarkdownDescription: "Name of a NIC in `nics`."},
					"first_port": schema.Int64Attribute{Optional: true, MarkdownDescription: "First NIC port used (default 0).",
						Validators: []validator.Int64{int64validator.Between(0, 63)}},
					"ports": schema.Int64Attribute{Required: true, MarkdownDescription: "Consecutive NIC ports used.",
						Validators: []validator.Int64{int64validator.Between(1, 64)}},
					"speed": speedAttribute("Link speed in Gbit/s; must equal the lane speed of the zone that attaches it."),
					"distribution": schema.StringAttribute{Optional: true,
						MarkdownDescription: "`same-switch` (default), `alternating` or `rail-optimized`.",
						Validators:          []validator.String{stringvalidator.OneOf(planner.Distributions...)}},
					"rail": schema.Int64Attribute{Optional: true, MarkdownDescription: "Rail number, required for `rail-optimized`.",
						Validators: []validator.Int64{int64validator.Between(0, 63)}},
					"kind": schema.StringAttribute{Optional: true,
						MarkdownDescription: "`unbundled` (default), `bundled`, `eslag` or the deprecated `mclag`.",
						Validators:          []validator.String{stringvalidator.OneOf(planner.ConnectionKinds...)}},
					"transceiver": schema.StringAttribute{Optional: true, MarkdownDescription: "Transceiver (a module type model " +
						"name) in each cabled NIC port; counted by `hedgehog_bill_of_materials`, nothing else."},
					"port_type": schema.StringAttribute{Optional: true, MarkdownDescription: "`data` (default), `ipmi` or `pxe`.",
						Validators: []validator.String{stringvalidator.OneOf(planner.PortTypes...)}},
				}},
			},
			"device_names": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Names of the servers, in index order."},
			"interfaces": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "NIC interface names of each server."},
			"attachments": schema.MapAttribute{Computed: true, ElementType: attachmentType,
				MarkdownDescription: "One attachment per connection, keyed by connection name, for a switch zone's `attach`."},
			"device_ids": idMapAttribute("NetBox IDs of the servers, by device name. IDs of servers that stay are known " +
				"during plan; new servers' IDs are known after apply."),
			"interface_ids": idMapAttribute("NetBox IDs of the servers' NIC interfaces, by `\"<device>:<interface>\"`, " +
				"e.g. for an IP address on `interface_ids[\"gpu-001:fe-p0\"]`."),
			"drift": driftAttribute(),
		},
	}
}

func (r *serverClassResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyClassPlan[serverClassModel](ctx, &r.netBoxResource, kindOf(ctx, r), req, resp, r.compute)
}

// compute plans the class when every input is known; otherwise it leaves the computed
// attributes unknown, to be filled at apply.
func (r *serverClassResource) compute(ctx context.Context, m *serverClassModel) (want *inventory.Want, diags diag.Diagnostics) {
	pc, ok := planContextFrom(ctx, m.Plan)
	if !ok || !allKnown(m.Name, m.Quantity, m.DeviceType, m.NameTemplate, m.NICs, m.Connections) {
		return nil, nil
	}
	sc := planner.ServerClass{Name: m.Name.ValueString(), Quantity: int(m.Quantity.ValueInt64()),
		DeviceType: m.DeviceType.ValueString(), NameTemplate: m.NameTemplate.ValueString(),
		Category: m.Category.ValueString(), GPUsPerServer: int(m.GPUsPerServer.ValueInt64()),
		NICs: map[string]planner.NIC{}, Connections: map[string]planner.Connection{}}
	var nics map[string]nicModel
	var conns map[string]connectionModel
	if d := m.NICs.ElementsAs(ctx, &nics, false); d.HasError() {
		return nil, nil
	}
	if d := m.Connections.ElementsAs(ctx, &conns, false); d.HasError() {
		return nil, nil
	}
	for k, n := range nics {
		if !allKnown(n.Ports, n.Speed, n.InterfaceType, n.ModuleType) {
			return nil, nil
		}
		sc.NICs[k] = planner.NIC{Ports: int(n.Ports.ValueInt64()), Speed: int(n.Speed.ValueInt64()),
			InterfaceType: n.InterfaceType.ValueString(), ModuleType: n.ModuleType.ValueString()}
	}
	for k, c := range conns {
		if !allKnown(c.NIC, c.FirstPort, c.Ports, c.Speed, c.Distribution, c.Rail, c.Kind, c.PortType) {
			return nil, nil
		}
		sc.Connections[k] = planner.Connection{NIC: c.NIC.ValueString(), FirstPort: int(c.FirstPort.ValueInt64()),
			Ports: int(c.Ports.ValueInt64()), Speed: int(c.Speed.ValueInt64()), Distribution: c.Distribution.ValueString(),
			Rail: int(c.Rail.ValueInt64()), HasRail: !c.Rail.IsNull(), Kind: c.Kind.ValueString(), PortType: c.PortType.ValueString()}
	}
	sp := planner.PlanServerClass(pc, sc)
	addPlannerDiagnostics(&diags, sp.Diagnostics)
	if sp.Diagnostics.HasError() {
		return nil, diags
	}
	m.ID = types.StringValue(pc.Name + "/" + sc.Name)
	m.DeviceNames = stringList(sp.Devices)
	m.Interfaces = stringList(sp.Interfaces)
	m.Attachments = attachmentsValue(sp.Attachments)
	w := inventory.ForServerClass(pc, sc, sp)
	return &w, diags
}

func (r *serverClassResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	createClass[serverClassModel](ctx, &r.netBoxResource, kindOf(ctx, r), req, resp, r.compute)
}

func (r *serverClassResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readClass[serverClassModel](ctx, &r.netBoxResource, classImport[serverClassModel]{kind: kindOf(ctx, r), what: "server class",
		compute: func(inventory.Recorded) classComputer[serverClassModel] { return r.compute }}, req, resp)
}

// ImportState takes "<plan>/<class>"; Read then builds the class from its devices in NetBox.
func (r *serverClassResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importClass(ctx, req, resp)
}

func (r *serverClassResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateClass[serverClassModel](ctx, &r.netBoxResource, kindOf(ctx, r), req, resp, r.compute)
}

func (r *serverClassResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteClass[serverClassModel](ctx, &r.netBoxResource, req, resp)
}

// nicAttributes describe one NIC model of a server.
func nicAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"ports": schema.Int64Attribute{Required: true, MarkdownDescription: "Ports on the NIC.",
			Validators: []validator.Int64{int64validator.Between(1, 64)}},
		"speed":          speedAttribute("Port speed in Gbit/s."),
		"interface_type": schema.StringAttribute{Optional: true, MarkdownDescription: "NetBox interface type; derived from the speed when unset."},
		"module_type":    schema.StringAttribute{Optional: true, MarkdownDescription: "NetBox module type of the NIC (informational)."},
	}
}
