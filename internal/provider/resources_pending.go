package provider

// TEMPORARY: placeholder resources that keep the provider building until the
// real hedgehog_topology_plan, hedgehog_server_class and hedgehog_switch_class
// resources land (topology_plan_resource.go, server_class_resource.go,
// switch_class_resource.go). Delete this file together with that change.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewTopologyPlanResource is a placeholder constructor.
func NewTopologyPlanResource() resource.Resource { return &pendingResource{suffix: "topology_plan"} }

// NewServerClassResource is a placeholder constructor.
func NewServerClassResource() resource.Resource { return &pendingResource{suffix: "server_class"} }

// NewSwitchClassResource is a placeholder constructor.
func NewSwitchClassResource() resource.Resource { return &pendingResource{suffix: "switch_class"} }

type pendingResource struct{ suffix string }

type pendingResourceModel struct {
	ID types.String `tfsdk:"id"`
}

func (r *pendingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.suffix
}

func (r *pendingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Not implemented yet.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "Identifier.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *pendingResource) Create(ctx context.Context, _ resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(resp.State.Set(ctx, pendingResourceModel{ID: types.StringValue(r.suffix)})...)
}

func (r *pendingResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *pendingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m pendingResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *pendingResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
