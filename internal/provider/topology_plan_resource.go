package provider

import (
	"context"
	"regexp"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

var (
	_ resource.Resource               = &topologyPlanResource{}
	_ resource.ResourceWithModifyPlan = &topologyPlanResource{}
)

// NetBox device statuses a plan may give its devices.
var deviceStatuses = []string{"offline", "active", "planned", "staged", "failed", "inventory", "decommissioning"}

var (
	planNameRegexp = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$`)
	slugRegexp     = regexp.MustCompile(`^[-a-zA-Z0-9_]+$`)
)

// NewTopologyPlanResource is the root of a design: name, site, tenant, status and tags.
func NewTopologyPlanResource() resource.Resource { return &topologyPlanResource{} }

type topologyPlanResource struct{}

type topologyPlanModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	Description  types.String `tfsdk:"description"`
	Customer     types.String `tfsdk:"customer"`
	Site         types.String `tfsdk:"site"`
	Tenant       types.String `tfsdk:"tenant"`
	DeviceStatus types.String `tfsdk:"device_status"`
	Tags         types.Set    `tfsdk:"tags"`
	Tag          types.String `tfsdk:"tag"`
	Context      types.Object `tfsdk:"context"`
}

func (r *topologyPlanResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_topology_plan"
}

func (r *topologyPlanResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The root of a Hedgehog fabric design. Server and switch classes take its `context`. " +
			"Every NetBox object the design creates carries the plan's tag `hedgehog-plan-<name>`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The plan name.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Plan name: a lowercase RFC 1123 label of at most 50 characters, unique per NetBox. Changing it replaces the plan.",
				Validators: []validator.String{stringvalidator.RegexMatches(planNameRegexp,
					"must be a lowercase RFC 1123 label (a-z, 0-9, '-', not starting or ending with '-') of at most 50 characters")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"description": schema.StringAttribute{Optional: true, MarkdownDescription: "Free text."},
			"customer":    schema.StringAttribute{Optional: true, MarkdownDescription: "Customer the design is for."},
			"site": schema.StringAttribute{
				Required: true, MarkdownDescription: "Slug of the NetBox site the devices go to (must exist at apply).",
				Validators: []validator.String{stringvalidator.RegexMatches(slugRegexp, "must be a NetBox slug")},
			},
			"tenant": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Slug of the NetBox tenant of the generated devices.",
				Validators: []validator.String{stringvalidator.RegexMatches(slugRegexp, "must be a NetBox slug")},
			},
			"device_status": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString("planned"),
				MarkdownDescription: "NetBox status of generated devices; cables are `planned` unless this is `active`. Default `planned`.",
				Validators:          []validator.String{stringvalidator.OneOf(deviceStatuses...)},
			},
			"tags": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Extra NetBox tag slugs for every generated object.",
			},
			"tag": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The plan's own NetBox tag, `hedgehog-plan-<name>`.",
			},
			"context": schema.ObjectAttribute{
				Computed: true, AttributeTypes: planContextAttrTypes,
				MarkdownDescription: "What server and switch classes need from the plan; pass it as their `plan`.",
			},
		},
	}
}

// ModifyPlan computes tag and context during plan, so that classes can use them at once.
func (r *topologyPlanResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	recompute(ctx, req.Plan.Get, resp.Plan.Set, &resp.Diagnostics, r.computer(ctx))
}

func (r *topologyPlanResource) computer(ctx context.Context) func(*topologyPlanModel) diag.Diagnostics {
	return func(m *topologyPlanModel) diag.Diagnostics {
		r.compute(ctx, m)
		return nil
	}
}

// compute fills the derived attributes when their inputs are known.
func (r *topologyPlanResource) compute(ctx context.Context, m *topologyPlanModel) {
	if !allKnown(m.Name, m.Site, m.Tenant, m.DeviceStatus, m.Tags) {
		return
	}
	var tags []string
	if !m.Tags.IsNull() {
		m.Tags.ElementsAs(ctx, &tags, false)
	}
	sort.Strings(tags)
	m.ID = m.Name
	m.Tag = types.StringValue(planner.PlanTag(m.Name.ValueString()))
	m.Context = types.ObjectValueMust(planContextAttrTypes, map[string]attr.Value{
		"name":          m.Name,
		"site":          m.Site,
		"tenant":        types.StringValue(m.Tenant.ValueString()),
		"device_status": m.DeviceStatus,
		"tags":          stringList(tags),
		"tag":           m.Tag,
	})
}

func (r *topologyPlanResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	recompute(ctx, req.Plan.Get, resp.State.Set, &resp.Diagnostics, r.computer(ctx))
}

func (r *topologyPlanResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	recompute(ctx, req.State.Get, resp.State.Set, &resp.Diagnostics, r.computer(ctx))
}

func (r *topologyPlanResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	recompute(ctx, req.Plan.Get, resp.State.Set, &resp.Diagnostics, r.computer(ctx))
}

func (r *topologyPlanResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}
