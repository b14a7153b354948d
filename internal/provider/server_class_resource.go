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

func (r *serverClassResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_server_class"
}

func (r *serverClassResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = serverClassSchema()
}

// serverClassSchema is the schema of hedgehog_server_class; the data sources that take classes read its types.
func serverClassSchema() schema.Schema {
	return schema.Schema{
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
				NestedObject: schema.NestedAttributeObject{Attributes: withAttributes(physicalAttributes("each cabled NIC port",
					"of this connection", "It wins over the `medium` of the zone the connection lands on."), map[string]schema.Attribute{
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
						MarkdownDescription: "`unbundled` (default), `bundled` or `eslag` (over the leaves of a switch class with an ESLAG " +
							"`redundancy` group). `mclag` is refused with an error: Hedgehog no longer supports it.",
						Validators: []validator.String{stringvalidator.OneOf(planner.ConnectionKinds...)}},
					"port_type": schema.StringAttribute{Optional: true, MarkdownDescription: "`data` (default), `ipmi` or `pxe`.",
						Validators: []validator.String{stringvalidator.OneOf(planner.PortTypes...)}},
				})},
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
	modifyClassPlan[serverClassModel](ctx, &r.netBoxResource, kindOf(ctx, r), req, resp, computeServerClass)
	if !resp.Diagnostics.HasError() {
		r.checkDeviceTypeNICs(ctx, resp.Plan, &resp.Diagnostics)
	}
}

func (r *serverClassResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	createClass[serverClassModel](ctx, &r.netBoxResource, kindOf(ctx, r), req, resp, computeServerClass)
}

func (r *serverClassResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readClass[serverClassModel](ctx, &r.netBoxResource, classImport[serverClassModel]{kind: kindOf(ctx, r), what: "server class",
		compute: func(inventory.Recorded) classComputer[serverClassModel] { return computeServerClass }}, req, resp)
}

// ImportState takes "<plan>/<class>"; Read then builds the class from its devices in NetBox.
func (r *serverClassResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importClass(ctx, req, resp)
}

func (r *serverClassResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateClass[serverClassModel](ctx, &r.netBoxResource, kindOf(ctx, r), req, resp, computeServerClass)
}

func (r *serverClassResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteClass[serverClassModel](ctx, &r.netBoxResource, req, resp)
}

// computeServerClass plans a server class: it needs nothing but the model.
func computeServerClass(ctx context.Context, m *serverClassModel) (*inventory.Want, diag.Diagnostics) {
	return m.compute(ctx)
}
