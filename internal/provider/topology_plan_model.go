package provider

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// The topology plan's model and its conversions: the derived attributes, what NetBox is asked
// to write, the IDs it answers with, and what import reads back from NetBox.

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
	SiteID       types.Int64  `tfsdk:"site_id"`
	TenantID     types.Int64  `tfsdk:"tenant_id"`
	TagID        types.Int64  `tfsdk:"tag_id"`
	RoleIDs      types.Map    `tfsdk:"role_ids"`
}

// compute fills the derived attributes when their inputs are known.
func (m *topologyPlanModel) compute(ctx context.Context) {
	if !allKnown(m.Name, m.Site, m.Tenant, m.DeviceStatus, m.Tags) {
		return
	}
	var tags []string
	if !m.Tags.IsNull() {
		var elems []types.String
		if m.Tags.ElementsAs(ctx, &elems, false).HasError() {
			return
		}
		for _, e := range elems {
			if e.IsUnknown() {
				return // a tag slug from another resource: context is known at apply
			}
			tags = append(tags, e.ValueString())
		}
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

// netBoxSpec is what the plan writes to NetBox.
func (m *topologyPlanModel) netBoxSpec(ctx context.Context, diags *diag.Diagnostics) inventory.PlanSpec {
	var extra []string
	if !m.Tags.IsNull() {
		diags.Append(m.Tags.ElementsAs(ctx, &extra, false)...)
	}
	sort.Strings(extra)
	return inventory.PlanSpec{Site: m.Site.ValueString(), Tenant: m.Tenant.ValueString(), ExtraTags: extra,
		Tag: m.Tag.ValueString(), TagDescription: planTagDescription(m.Name.ValueString(), m.Description.ValueString(), m.Customer.ValueString())}
}

// setIDs loads the IDs NetBox answered with.
func (m *topologyPlanModel) setIDs(ids inventory.PlanIDs) {
	m.SiteID, m.TagID = types.Int64Value(ids.Site), types.Int64Value(ids.Tag)
	m.TenantID = types.Int64Null()
	if ids.Tenant != 0 {
		m.TenantID = types.Int64Value(ids.Tenant)
	}
	roles := make(map[string]attr.Value, len(ids.Roles))
	for slug, id := range ids.Roles {
		roles[slug] = types.Int64Value(id)
	}
	m.RoleIDs = types.MapValueMust(types.Int64Type, roles)
}

// planTagDescription is the description of the plan's tag: the plan's description (or a
// default) and its customer. NetBox holds them nowhere else; import reads them back.
func planTagDescription(name, description, customer string) string {
	d := description
	if d == "" {
		d = defaultPlanTagDescription(name)
	}
	if customer != "" {
		d += customerSeparator + customer
	}
	if len(d) > maxTagDescription {
		d = d[:maxTagDescription]
	}
	return d
}

const (
	customerSeparator = "; customer: "
	maxTagDescription = 200 // NetBox's limit
)

func defaultPlanTagDescription(name string) string {
	return "Objects of Hedgehog plan " + name + " (terraform-provider-hedgehog)"
}

// parsePlanTagDescription is the inverse of planTagDescription.
func parsePlanTagDescription(name, d string) (description, customer string) {
	if i := strings.LastIndex(d, customerSeparator); i >= 0 {
		d, customer = d[:i], d[i+len(customerSeparator):]
	}
	if d == defaultPlanTagDescription(name) {
		d = ""
	}
	return d, customer
}

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// storedPlanContext is the plan context in the stored inputs of the first device that has one.
func storedPlanContext(ctx context.Context, contexts []netbox.JSONObject) (planContextModel, bool) {
	for _, c := range contexts {
		var wrapped map[string]storedInputs
		if json.Unmarshal(c, &wrapped) != nil {
			continue
		}
		raw, ok := wrapped[storedKey].Inputs["plan"]
		if !ok {
			continue
		}
		v, err := tftypes.ValueFromJSONWithOpts(raw, types.ObjectType{AttrTypes: planContextAttrTypes}.TerraformType(ctx),
			tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true})
		if err != nil {
			continue
		}
		o, err := types.ObjectType{AttrTypes: planContextAttrTypes}.ValueFromTerraform(ctx, v)
		if err != nil {
			continue
		}
		var pc planContextModel
		if obj, ok := o.(types.Object); ok && !obj.As(ctx, &pc, objectAsOptions).HasError() {
			return pc, true
		}
	}
	return planContextModel{}, false
}
