package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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

var (
	planNameRegexp = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$`)
	slugRegexp     = regexp.MustCompile(`^[-a-zA-Z0-9_]+$`)
)

// NewTopologyPlanResource is the root of a design: name, site, tenant, status and tags.
func NewTopologyPlanResource() resource.Resource { return &topologyPlanResource{} }

type topologyPlanResource struct{ netBoxResource }

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
				MarkdownDescription: "NetBox status of every device of the plan. Cables follow: `connected` for `active`, " +
					"`offline` and `failed`, `decommissioning` for `decommissioning`, `planned` otherwise. Changing it " +
					"updates the devices and cables in place (same NetBox IDs), in bulk. Default `planned`.",
				Validators: []validator.String{stringvalidator.OneOf(inventory.DeviceStatuses...)},
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
	recompute(ctx, req.Plan.Get, resp.Plan.Set, &resp.Diagnostics, func(m *topologyPlanModel) diag.Diagnostics { m.compute(ctx); return nil })
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
	check := func(p path.Path, kind inventory.Kind, v types.String) {
		if v.IsUnknown() || v.IsNull() || v.ValueString() == "" {
			return
		}
		if ok, err := x.Exists(ctx, kind, v.ValueString()); err != nil || !ok {
			addLookupError(diags, p, kind, v.ValueString(), err)
		}
	}
	check(path.Root("site"), inventory.KindSite, m.Site)
	check(path.Root("tenant"), inventory.KindTenant, m.Tenant)
	if !m.Tags.IsNull() && !m.Tags.IsUnknown() {
		for _, e := range m.Tags.Elements() {
			if t, ok := e.(types.String); ok {
				check(path.Root("tags"), inventory.KindTag, t)
			}
		}
	}
}

func (r *topologyPlanResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m topologyPlanModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.compute(ctx)
	owned, created := inventory.PlanOwned{}, inventory.PlanOwned{}
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
	exists, err := r.data.Inventory.Plans().TagExists(ctx, m.TagID.ValueInt64(), m.Tag.ValueString())
	switch {
	case err == nil && !exists:
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
	m.compute(ctx)
	owned, created := ownedOf(ctx, req.Private), inventory.PlanOwned{}
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

// writeNetBox resolves site and tenant, checks the extra tags, and makes sure the plan tag and
// the device roles exist, recording in owned what the plan deletes on destroy and in created
// what this call created (a failed create or update deletes only that).
func (r *topologyPlanResource) writeNetBox(ctx context.Context, m *topologyPlanModel, owned, created *inventory.PlanOwned, diags *diag.Diagnostics) {
	m.SiteID, m.TenantID, m.TagID = types.Int64Null(), types.Int64Null(), types.Int64Null()
	m.RoleIDs = types.MapNull(types.Int64Type)
	if r.mode() != modeOnline {
		return
	}
	x := r.executor(diags)
	if x == nil {
		return
	}
	spec := m.netBoxSpec(ctx, diags)
	if diags.HasError() {
		return
	}
	ids, err := x.Plans().Write(ctx, spec, owned, created)
	if err != nil {
		addPlanError(diags, err)
		return
	}
	m.setIDs(ids)
}

// addPlanError reports a failed plan write or read: on the attribute that names the object
// when there is one.
func addPlanError(diags *diag.Diagnostics, err error) {
	var pe *inventory.PlanError
	if !errors.As(err, &pe) {
		diags.AddError("NetBox request failed", err.Error())
		return
	}
	attribute := map[inventory.Kind]string{inventory.KindSite: "site", inventory.KindTenant: "tenant",
		inventory.KindTag: "tags", inventory.KindDeviceRole: "role_ids", inventory.KindDeviceType: "id"}
	if pe.Kind != "" {
		addLookupError(diags, path.Root(attribute[pe.Kind]), pe.Kind, pe.Slug, pe.Err)
		return
	}
	diags.AddError(strings.ToUpper(pe.Op[:1])+pe.Op[1:]+" failed", pe.Err.Error())
}

// addLookupError reports a failed look-up of an object the plan names: missing (err is nil or
// not-found: say what to create or correct), or NetBox refusing or failing the read (its own
// message says why).
func addLookupError(diags *diag.Diagnostics, p path.Path, kind inventory.Kind, slug string, err error) {
	if err == nil || errors.Is(err, netbox.ErrNotFound) {
		k := string(kind)
		diags.AddAttributeError(p, strings.ToUpper(k[:1])+k[1:]+" not found",
			fmt.Sprintf("NetBox has no %s with slug %q. Create it in NetBox first, or correct the slug.", kind, slug))
		return
	}
	diags.AddAttributeError(p, fmt.Sprintf("Reading %s %s from NetBox failed", kind, slug), err.Error())
}

// deleteOwned deletes the roles and the tag the plan owns. Roles stay while another plan
// exists, and a role that devices still use is left in place with a warning.
func (r *topologyPlanResource) deleteOwned(ctx context.Context, o inventory.PlanOwned, diags *diag.Diagnostics) {
	if r.data == nil || r.data.Inventory == nil {
		return
	}
	kept, err := r.data.Inventory.Plans().Delete(ctx, o)
	for _, k := range kept {
		diags.AddWarning("Device role "+k.Slug+" kept", "The plan created it, but it could not be deleted: "+k.Err.Error())
	}
	if err != nil {
		diags.AddError("Deleting the plan tag failed", err.Error())
	}
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
	slug := planner.PlanTag(name)
	found, err := r.data.Inventory.Plans().Read(ctx, slug)
	if err != nil {
		var pe *inventory.PlanError
		if errors.As(err, &pe) && pe.Kind == inventory.KindTag {
			addLookupError(&resp.Diagnostics, path.Root("id"), pe.Kind, pe.Slug, pe.Err)
		} else {
			addPlanError(&resp.Diagnostics, err)
		}
		return
	}
	pc, ok := storedPlanContext(ctx, found.Contexts)
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
	description, customer := parsePlanTagDescription(name, found.TagDescription)
	m.Description, m.Customer = optionalString(description), optionalString(customer)
	m.compute(ctx)
	owned := inventory.PlanOwned{Tag: slug}
	r.readIDs(ctx, &m, found.TagID, &owned, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(setOwned(ctx, resp.Private, owned)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importKey, nil)...)
}

// readIDs fills the NetBox IDs of an imported plan without writing anything; the roles this
// provider created become the plan's (see inventory.RoleDescription).
func (r *topologyPlanResource) readIDs(ctx context.Context, m *topologyPlanModel, tagID int64, owned *inventory.PlanOwned, diags *diag.Diagnostics) {
	ids, ours, err := r.data.Inventory.Plans().ReadIDs(ctx, m.Site.ValueString(), m.Tenant.ValueString())
	if err != nil {
		addPlanError(diags, err)
		return
	}
	owned.Roles = append(owned.Roles, ours...)
	ids.Tag = tagID
	m.setIDs(ids)
}
