package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

var (
	_ resource.Resource                = &topologyPlanResource{}
	_ resource.ResourceWithModifyPlan  = &topologyPlanResource{}
	_ resource.ResourceWithConfigure   = &topologyPlanResource{}
	_ resource.ResourceWithImportState = &topologyPlanResource{}
)

// NetBox device statuses a plan may give its devices.
var deviceStatuses = []string{"offline", "active", "planned", "staged", "failed", "inventory", "decommissioning"}

var (
	planNameRegexp = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$`)
	slugRegexp     = regexp.MustCompile(`^[-a-zA-Z0-9_]+$`)
)

// NewTopologyPlanResource is the root of a design: name, site, tenant, status and tags.
func NewTopologyPlanResource() resource.Resource { return &topologyPlanResource{} }

type topologyPlanResource struct{ netBoxResource }

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

func (r *topologyPlanResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_topology_plan"
}

func (r *topologyPlanResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		// Bump with a state upgrader (UpgradeState) for every change of the stored shape; the
		// inputs a resource stores in NetBox for import carry it too (design.md).
		Version: 0,
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
			"site_id": schema.Int64Attribute{Computed: true, MarkdownDescription: "NetBox ID of the site (null offline).",
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}},
			"tenant_id": schema.Int64Attribute{Computed: true, MarkdownDescription: "NetBox ID of the tenant (null without a tenant or offline).",
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}},
			"tag_id": schema.Int64Attribute{Computed: true, MarkdownDescription: "NetBox ID of the plan's tag (null offline).",
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}},
			"role_ids": schema.MapAttribute{Computed: true, ElementType: types.Int64Type,
				MarkdownDescription: "NetBox IDs of the device roles the plan's devices use (`server`, `leaf`, `spine`, `border`, " +
					"`oob`), by slug. Roles that exist are reused; the plan deletes on destroy only the ones it created.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.UseStateForUnknown()}},
		},
	}
}

// ModifyPlan computes tag and context during plan, so that classes can use them at once, and
// checks what apply will need from NetBox (SPEC §6), before anything is written.
func (r *topologyPlanResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	recompute(ctx, req.Plan.Get, resp.Plan.Set, &resp.Diagnostics, r.computer(ctx))
	if resp.Diagnostics.HasError() {
		return
	}
	var m topologyPlanModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &m)...)
	r.preflight(ctx, m, &resp.Diagnostics)
}

// preflight reports at plan what would make apply fail on NetBox: NetBox unreachable, a
// rejected token, a missing permission, a site, tenant or tag that does not exist. Offline it
// says once that these checks were skipped.
func (r *topologyPlanResource) preflight(ctx context.Context, m topologyPlanModel, diags *diag.Diagnostics) {
	switch r.mode() {
	case modeUnknown:
		return
	case modeOffline:
		diags.AddWarning("NetBox checks skipped",
			"No NetBox is configured (url or "+EnvNetBoxURL+"), so the plan was not checked against NetBox: site, tenant, "+
				"tags, device types, token permissions and device name collisions. Apply writes nothing to NetBox.")
		return
	}
	x := r.executor(diags)
	if x == nil {
		return
	}
	if err := x.Preflight(ctx); err != nil {
		diags.AddError("NetBox cannot apply this plan", err.Error())
		return
	}
	check := func(p path.Path, kind string, v types.String) {
		if v.IsUnknown() || v.IsNull() || v.ValueString() == "" {
			return
		}
		ok, err := x.Exists(ctx, kind, v.ValueString())
		if err != nil {
			addLookupError(diags, p, kind, v.ValueString(), err)
		} else if !ok {
			addLookupError(diags, p, kind, v.ValueString(), netbox.ErrNotFound)
		}
	}
	check(path.Root("site"), "site", m.Site)
	check(path.Root("tenant"), "tenant", m.Tenant)
	if !m.Tags.IsNull() && !m.Tags.IsUnknown() {
		for _, e := range m.Tags.Elements() {
			if t, ok := e.(types.String); ok {
				check(path.Root("tags"), "tag", t)
			}
		}
	}
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

func (r *topologyPlanResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m topologyPlanModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.compute(ctx, &m)
	owned, created := planOwned{}, planOwned{}
	r.writeNetBox(ctx, &m, &owned, &created, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		r.deleteOwned(ctx, created, &resp.Diagnostics)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(setOwned(ctx, resp.Private, owned)...)
}

// Read returns what state holds: nothing is recomputed, so a provider upgrade cannot show
// changes the user did not make. A plan tag deleted in NetBox makes the plan be created again.
func (r *topologyPlanResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if name := importingID(ctx, req.Private); name != "" {
		r.readImported(ctx, name, resp)
		return
	}
	if r.mode() != modeOnline || r.data.Inventory == nil {
		return
	}
	var m topologyPlanModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.TagID.IsNull() || m.TagID.IsUnknown() {
		return
	}
	_, err := r.data.Inventory.NB.Tags().Get(ctx, m.TagID.ValueInt64())
	switch {
	case netbox.IsNotFound(err):
		r.data.Inventory.Forget("tag", m.Tag.ValueString())
		resp.State.RemoveResource(ctx)
	case err != nil:
		resp.Diagnostics.AddError("NetBox refresh failed", err.Error())
	}
}

func (r *topologyPlanResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m topologyPlanModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.compute(ctx, &m)
	owned, created := ownedOf(ctx, req.Private), planOwned{}
	r.writeNetBox(ctx, &m, &owned, &created, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		r.deleteOwned(ctx, created, &resp.Diagnostics)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(setOwned(ctx, resp.Private, owned)...)
}

func (r *topologyPlanResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if r.mode() != modeOnline {
		return
	}
	r.deleteOwned(ctx, ownedOf(ctx, req.Private), &resp.Diagnostics)
}

// planOwned is what a plan created in NetBox (kept in private state): only that is deleted.
type planOwned struct {
	Tag   string   `json:"tag,omitempty"`
	Roles []string `json:"roles,omitempty"`
}

const planOwnedKey = "owned"

func ownedOf(ctx context.Context, p privateState) planOwned {
	var o planOwned
	if b, _ := p.GetKey(ctx, planOwnedKey); len(b) > 0 {
		_ = json.Unmarshal(b, &o)
	}
	return o
}

func setOwned(ctx context.Context, p privateStateSetter, o planOwned) diag.Diagnostics {
	b, _ := json.Marshal(o)
	return p.SetKey(ctx, planOwnedKey, b)
}

// writeNetBox resolves site and tenant, checks the extra tags, and makes sure the plan tag and
// the device roles exist, recording in owned what the plan deletes on destroy and in created
// what this call created (a failed create or update deletes only that).
func (r *topologyPlanResource) writeNetBox(ctx context.Context, m *topologyPlanModel, owned, created *planOwned, diags *diag.Diagnostics) {
	m.SiteID, m.TenantID, m.TagID = types.Int64Null(), types.Int64Null(), types.Int64Null()
	m.RoleIDs = types.MapNull(types.Int64Type)
	if r.mode() != modeOnline {
		return
	}
	x := r.executor(diags)
	if x == nil {
		return
	}
	nb := x.NB
	if !resolveSiteTenant(ctx, nb, m, diags) {
		return
	}
	var extra []string
	if !m.Tags.IsNull() {
		diags.Append(m.Tags.ElementsAs(ctx, &extra, false)...)
	}
	sort.Strings(extra)
	for _, t := range extra {
		if _, err := nb.Tags().GetBySlug(ctx, t); err != nil {
			addLookupError(diags, path.Root("tags"), "tag", t, err)
			return
		}
	}
	slug := m.Tag.ValueString()
	desc := planTagDescription(m.Name.ValueString(), m.Description.ValueString(), m.Customer.ValueString())
	tag, tagCreated, err := nb.EnsureTag(ctx, netbox.TagRequest{Name: slug, Slug: slug, Color: "00add8", Description: desc})
	if err == nil && tag.Description != desc {
		tag, err = nb.Tags().Update(ctx, netbox.Patch{ID: tag.ID, Name: slug, Fields: map[string]any{"description": desc}})
	}
	if err != nil {
		diags.AddError("Writing the plan tag failed", err.Error())
		return
	}
	// The tag is named for the plan, so it is the plan's even when it existed (an interrupted
	// apply, or an import): destroy deletes it.
	owned.Tag = slug
	if tagCreated {
		created.Tag = slug
	}
	m.TagID = types.Int64Value(tag.ID)
	roles := map[string]attr.Value{}
	for _, slug := range inventory.RoleSlugs {
		role, roleCreated, err := nb.EnsureDeviceRole(ctx, netbox.DeviceRoleRequest{Name: roleName(slug), Slug: slug,
			Description: roleDescription})
		if err != nil {
			diags.AddError("Creating device role "+slug+" failed", err.Error())
			return
		}
		if roleCreated {
			created.Roles = append(created.Roles, slug)
		}
		if (roleCreated || role.Description == roleDescription) && !slices.Contains(owned.Roles, slug) {
			owned.Roles = append(owned.Roles, slug)
		}
		roles[slug] = types.Int64Value(role.ID)
	}
	m.RoleIDs = types.MapValueMust(types.Int64Type, roles)
}

// roleDescription marks the device roles this provider created. A plan deletes such a role on
// destroy when no device uses it any more (NetBox refuses while one does), whichever plan
// created it: after an interrupted apply or an import nothing else says who did.
const roleDescription = "Device role used by Hedgehog fabric plans"

// resolveSiteTenant fills site_id and tenant_id, reporting a missing site or tenant on its
// attribute; false when one is missing.
func resolveSiteTenant(ctx context.Context, nb *netbox.Client, m *topologyPlanModel, diags *diag.Diagnostics) bool {
	site, err := nb.LookupSite(ctx, m.Site.ValueString())
	if err != nil {
		addLookupError(diags, path.Root("site"), "site", m.Site.ValueString(), err)
		return false
	}
	m.SiteID = types.Int64Value(site.ID)
	if t := m.Tenant.ValueString(); t != "" {
		tenant, err := nb.LookupTenant(ctx, t)
		if err != nil {
			addLookupError(diags, path.Root("tenant"), "tenant", t, err)
			return false
		}
		m.TenantID = types.Int64Value(tenant.ID)
	}
	return true
}

func roleName(slug string) string {
	if slug == inventory.RoleOOB {
		return "OOB"
	}
	return strings.ToUpper(slug[:1]) + slug[1:]
}

// addLookupError reports a failed look-up of an object the plan names: missing (say what to
// create or correct), or NetBox refusing or failing the read (its own message says why).
func addLookupError(diags *diag.Diagnostics, p path.Path, kind, slug string, err error) {
	if errors.Is(err, netbox.ErrNotFound) {
		diags.AddAttributeError(p, strings.ToUpper(kind[:1])+kind[1:]+" not found",
			fmt.Sprintf("NetBox has no %s with slug %q. Create it in NetBox first, or correct the slug.", kind, slug))
		return
	}
	diags.AddAttributeError(p, "Reading "+kind+" "+slug+" from NetBox failed", err.Error())
}

// otherPlans lists the tags of other plans in NetBox (slugs starting hedgehog-plan-).
func otherPlans(ctx context.Context, nb *netbox.Client, own string) ([]string, error) {
	tags, err := nb.Tags().List(ctx, url.Values{"slug__isw": {planner.PlanTag("")}, "fields": {"id,slug"}})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range tags {
		if t.Slug != own && strings.HasPrefix(t.Slug, planner.PlanTag("")) {
			out = append(out, t.Slug)
		}
	}
	return out, nil
}

// deleteOwned deletes the roles and the tag the plan owns. Roles stay while another plan
// exists, and a role that devices still use is left in place with a warning.
func (r *topologyPlanResource) deleteOwned(ctx context.Context, o planOwned, diags *diag.Diagnostics) {
	if r.data == nil || r.data.Inventory == nil {
		return
	}
	x := r.data.Inventory
	if others, err := otherPlans(ctx, x.NB, o.Tag); err != nil || len(others) > 0 {
		// Roles are shared by the plans of a NetBox: the last plan destroyed deletes them.
		o.Roles = nil
	}
	for _, slug := range o.Roles {
		role, err := x.NB.DeviceRoles().GetBySlug(ctx, slug)
		if netbox.IsNotFound(err) {
			continue
		}
		if err == nil {
			err = x.NB.DeviceRoles().Delete(ctx, role.ID)
		}
		x.Forget("device role", slug)
		if err != nil {
			diags.AddWarning("Device role "+slug+" kept", "The plan created it, but it could not be deleted: "+err.Error())
		}
	}
	if o.Tag == "" {
		return
	}
	tag, err := x.NB.Tags().GetBySlug(ctx, o.Tag)
	if err == nil {
		err = x.NB.Tags().Delete(ctx, tag.ID)
	}
	x.Forget("tag", o.Tag)
	if err != nil && !netbox.IsNotFound(err) {
		diags.AddError("Deleting the plan tag failed", err.Error())
	}
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

// ImportState takes the plan name; Read then builds the plan from NetBox: its tag, and the
// plan settings that its devices' stored inputs hold.
func (r *topologyPlanResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !planNameRegexp.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%q is not a plan name (a lowercase RFC 1123 label).", req.ID))
		return
	}
	startImport(ctx, req, resp)
}

// readImported rebuilds an imported plan: name from the ID, description and customer from
// its tag, site, tenant, status and extra tags from the stored inputs of one of its devices
// (every class stores the plan context it was planned with).
func (r *topologyPlanResource) readImported(ctx context.Context, name string, resp *resource.ReadResponse) {
	if !r.canImport("topology plan", &resp.Diagnostics) {
		return
	}
	nb := r.data.Inventory.NB
	slug := planner.PlanTag(name)
	tag, err := nb.Tags().GetBySlug(ctx, slug)
	if err != nil {
		addLookupError(&resp.Diagnostics, path.Root("id"), "tag", slug, err)
		return
	}
	devices, err := nb.Devices().List(ctx, url.Values{"tag": {slug}, "fields": {"id,name,local_context_data"}, "ordering": {"name"}})
	if err != nil {
		resp.Diagnostics.AddError("Reading the plan's devices failed", err.Error())
		return
	}
	pc, ok := storedPlanContext(ctx, devices)
	if !ok {
		resp.Diagnostics.AddError("Nothing to import",
			fmt.Sprintf("No device tagged %s carries the inputs of a class of terraform-provider-hedgehog, so NetBox does not "+
				"say where plan %q goes. Import a plan that has devices, or create it again.", slug, name))
		return
	}
	m := topologyPlanModel{Name: types.StringValue(name), Site: pc.Site, DeviceStatus: pc.DeviceStatus,
		Tenant: types.StringNull(), Tags: types.SetNull(types.StringType)}
	if pc.Tenant.ValueString() != "" {
		m.Tenant = pc.Tenant
	}
	if tags, _ := stringsFromList(ctx, pc.Tags); len(tags) > 0 {
		m.Tags = types.SetValueMust(types.StringType, stringList(tags).Elements())
	}
	description, customer := parsePlanTagDescription(name, tag.Description)
	m.Description, m.Customer = optionalString(description), optionalString(customer)
	r.compute(ctx, &m)
	owned := planOwned{Tag: slug}
	r.readIDs(ctx, &m, tag.ID, &owned, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(setOwned(ctx, resp.Private, owned)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importKey, nil)...)
}

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// storedPlanContext is the plan context in the stored inputs of the first device that has one.
func storedPlanContext(ctx context.Context, devices []netbox.Device) (planContextModel, bool) {
	for _, d := range devices {
		var wrapped map[string]storedInputs
		if json.Unmarshal(d.LocalContextData, &wrapped) != nil {
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

// readIDs fills the NetBox IDs of an imported plan without writing anything; the roles this
// provider created become the plan's (see roleDescription).
func (r *topologyPlanResource) readIDs(ctx context.Context, m *topologyPlanModel, tagID int64, owned *planOwned, diags *diag.Diagnostics) {
	x := r.data.Inventory
	m.TagID = types.Int64Value(tagID)
	m.TenantID = types.Int64Null()
	if !resolveSiteTenant(ctx, x.NB, m, diags) {
		return
	}
	roles := map[string]attr.Value{}
	for _, slug := range inventory.RoleSlugs {
		role, err := x.NB.DeviceRoles().GetBySlug(ctx, slug)
		if err != nil {
			addLookupError(diags, path.Root("role_ids"), "device role", slug, err)
			return
		}
		roles[slug] = types.Int64Value(role.ID)
		if role.Description == roleDescription {
			owned.Roles = append(owned.Roles, slug)
		}
	}
	m.RoleIDs = types.MapValueMust(types.Int64Type, roles)
}
