package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

var (
	_ resource.ResourceWithModifyPlan     = &deviceTypeResource{}
	_ resource.ResourceWithConfigure      = &deviceTypeResource{}
	_ resource.ResourceWithValidateConfig = &deviceTypeResource{}
	_ resource.ResourceWithImportState    = &deviceTypeResource{}
)

// NewDeviceTypeResource creates a NetBox device type (and its manufacturer) for a Hedgehog
// switch profile, a switch outside the catalogue, or a server model, so that a design can be
// applied to an empty NetBox.
func NewDeviceTypeResource() resource.Resource { return &deviceTypeResource{} }

type deviceTypeResource struct{ netBoxResource }

type deviceTypeModel struct {
	ID             types.String  `tfsdk:"id"`
	Model          types.String  `tfsdk:"model"`
	Slug           types.String  `tfsdk:"slug"`
	Manufacturer   types.String  `tfsdk:"manufacturer"`
	Profile        types.String  `tfsdk:"profile"`
	Ports          types.List    `tfsdk:"ports"`
	NICs           types.Map     `tfsdk:"nics"`
	UHeight        types.Float64 `tfsdk:"u_height"`
	AdoptExisting  types.Bool    `tfsdk:"adopt_existing"`
	Adopted        types.Bool    `tfsdk:"adopted"`
	InterfaceNames types.List    `tfsdk:"interface_names"`
}

var slugInvalidRun = regexp.MustCompile(`[^a-z0-9_]+`)

func slugify(s string) string {
	return strings.Trim(slugInvalidRun.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

func (r *deviceTypeResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_device_type"
}

func (r *deviceTypeResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		// Bump with a state upgrader (UpgradeState) for every change of the stored shape; the
		// inputs a resource stores in NetBox for import carry it too (design.md).
		Version: 0,
		MarkdownDescription: "A NetBox device type with one interface template per port, so that a design applies to an " +
			"empty NetBox. Give exactly one of `profile` (a Hedgehog catalogue switch: templates `E1/1..` typed by " +
			"cage and speed, and `M1`), `ports` (a switch outside the catalogue, such as an OOB switch) or `nics` " +
			"(a server: templates `<nic>-p<i>`, the names a `hedgehog_server_class` with the same NICs uses). " +
			"Classes reference its `slug`, which also makes Terraform create it first and delete it last.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "NetBox ID of the device type.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"model": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "Model name, e.g. `DS5000` or `GPU server (FE only)`.",
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 100)}},
			"slug": schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: replace,
				MarkdownDescription: "NetBox slug; default the profile name, else the model as a slug. Known during plan, " +
					"so classes that reference it plan at once.",
				Validators: []validator.String{stringvalidator.RegexMatches(slugRegexp, "must be a NetBox slug")}},
			"manufacturer": schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: replace,
				MarkdownDescription: "Manufacturer name; created when absent (and then deleted with the last device type " +
					"that needs it). Default: the profile's vendor (`Celestica`, `Dell`, `Edgecore`, ...), else `Generic`."},
			"profile": schema.StringAttribute{Optional: true, PlanModifiers: replace,
				MarkdownDescription: "A Hedgehog switch profile of the catalogue, e.g. `celestica-ds5000`."},
			"ports": schema.ListNestedAttribute{Optional: true, MarkdownDescription: "Port groups of a switch outside the " +
				"catalogue, as in `hedgehog_switch_class.ports`.",
				PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplace()},
				NestedObject:  schema.NestedAttributeObject{Attributes: customPortsAttributes()}},
			"nics": schema.MapNestedAttribute{Optional: true, MarkdownDescription: "NICs of a server model, by name, as in " +
				"`hedgehog_server_class.nics`.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
				NestedObject:  schema.NestedAttributeObject{Attributes: nicAttributes()}},
			"u_height": schema.Float64Attribute{Optional: true, Computed: true, Default: float64default.StaticFloat64(1),
				MarkdownDescription: "Height in rack units (default 1).",
				PlanModifiers:       []planmodifier.Float64{float64planmodifier.RequiresReplace()},
				Validators:          []validator.Float64{float64validator.Between(0, 100)}},
			"adopt_existing": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Use a device type that already exists in NetBox with this slug instead of failing. " +
					"An adopted device type is left in NetBox on destroy."},
			"adopted": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the device type existed and was adopted."},
			"interface_names": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Names of the interface templates, in order."},
		},
	}
}

func (r *deviceTypeResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m deviceTypeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	given := 0
	for _, v := range []bool{!m.Profile.IsNull(), !m.Ports.IsNull(), !m.NICs.IsNull()} {
		if v {
			given++
		}
	}
	if given != 1 {
		resp.Diagnostics.AddAttributeError(path.Root("profile"), "One kind of device type",
			"Give exactly one of profile (a catalogue switch), ports (a switch outside the catalogue) or nics (a server).")
	}
	if !m.Profile.IsNull() && !m.Profile.IsUnknown() {
		if _, ok := planner.LookupProfile(m.Profile.ValueString()); !ok {
			resp.Diagnostics.AddAttributeError(path.Root("profile"), "Unknown switch profile",
				fmt.Sprintf("%q is not a Hedgehog switch profile (%v)", m.Profile.ValueString(), planner.ProfileNames()))
		}
	}
}

// ModifyPlan fills slug, manufacturer and the template names during plan, so that classes
// that reference the slug plan at once. Unset, they are null in the config and unknown in
// the plan; compute fills them.
func (r *deviceTypeResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var m deviceTypeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var cfg deviceTypeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if cfg.Slug.IsNull() {
		m.Slug = types.StringNull()
	}
	if cfg.Manufacturer.IsNull() {
		m.Manufacturer = types.StringNull()
	}
	r.compute(ctx, &m)
	if r.data != nil && !m.Slug.IsUnknown() && !m.Slug.IsNull() {
		planned := plannedDeviceType{}
		if !m.NICs.IsNull() {
			planned.nics, _ = plannerNICs(ctx, m.NICs)
		}
		r.data.plannedDeviceTypes.Store(m.Slug.ValueString(), planned)
	}
	if !req.State.Raw.IsNull() {
		var prior deviceTypeModel
		resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
		m.ID, m.Adopted = prior.ID, prior.Adopted
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &m)...)
}

func (r *deviceTypeResource) compute(ctx context.Context, m *deviceTypeModel) {
	if !allKnown(m.Model, m.Slug, m.Manufacturer, m.Profile, m.Ports, m.NICs) {
		return
	}
	if m.Slug.IsNull() || m.Slug.ValueString() == "" {
		s := m.Profile.ValueString()
		if s == "" {
			s = slugify(m.Model.ValueString())
		}
		m.Slug = types.StringValue(s)
	}
	if m.Manufacturer.IsNull() || m.Manufacturer.ValueString() == "" {
		m.Manufacturer = types.StringValue(defaultManufacturer(m.Profile.ValueString()))
	}
	templates, err := r.templates(ctx, m)
	if err != nil {
		return
	}
	names := make([]string, len(templates))
	for i, t := range templates {
		names[i] = t.Name
	}
	m.InterfaceNames = stringList(names)
}

func defaultManufacturer(profile string) string {
	if p, ok := planner.LookupProfile(profile); ok && p.DisplayName != "" {
		return strings.Fields(p.DisplayName)[0]
	}
	return "Generic"
}

// templates are the interface templates of the device type.
func (r *deviceTypeResource) templates(ctx context.Context, m *deviceTypeModel) ([]inventory.Interface, error) {
	var out []inventory.Interface
	add := func(ifs []inventory.Interface) { out = append(out, ifs...) }
	switch {
	case !m.Profile.IsNull():
		p, ok := planner.LookupProfile(m.Profile.ValueString())
		if !ok {
			return nil, fmt.Errorf("unknown profile %q", m.Profile.ValueString())
		}
		add(inventory.SwitchTemplates(p.Ports))
	case !m.Ports.IsNull():
		var groups []customPortsModel
		if d := m.Ports.ElementsAs(ctx, &groups, false); d.HasError() {
			return nil, errors.New("ports are not readable")
		}
		pg := make([]planner.PortGroup, 0, len(groups))
		for _, g := range groups {
			breakouts, _ := stringsFromList(ctx, g.Breakouts)
			pg = append(pg, planner.PortGroup{First: int(g.First.ValueInt64()), Last: int(g.Last.ValueInt64()),
				NativeSpeed: int(g.NativeSpeed.ValueInt64()), Connector: g.Connector.ValueString(),
				Default: g.DefaultBreakout.ValueString(), Breakouts: breakouts})
		}
		prof, err := planner.NewCustomProfile(m.Slug.ValueString(), pg)
		if err != nil {
			return nil, err
		}
		add(inventory.SwitchTemplates(prof.Ports))
	case !m.NICs.IsNull():
		pn, ok := plannerNICs(ctx, m.NICs)
		if !ok {
			return nil, errors.New("nics are not readable")
		}
		add(inventory.NICInterfaces(pn))
	}
	return out, nil
}

func (r *deviceTypeResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m deviceTypeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.compute(ctx, &m)
	m.Adopted = types.BoolValue(false)
	if r.mode() != modeOnline {
		m.ID = types.StringValue(m.Slug.ValueString())
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		return
	}
	x := r.executor(&resp.Diagnostics)
	if x == nil {
		return
	}
	slug := m.Slug.ValueString()
	existing, found, err := x.DeviceTypes().Find(ctx, slug)
	switch {
	case err != nil:
		resp.Diagnostics.AddError("Reading device types failed", err.Error())
		return
	case found && m.AdoptExisting.ValueBool():
		m.ID, m.Adopted = types.StringValue(strconv.FormatInt(existing.ID, 10)), types.BoolValue(true)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		return
	case found:
		resp.Diagnostics.AddAttributeError(path.Root("slug"), "Device type already exists",
			fmt.Sprintf("NetBox already has a device type with slug %q (ID %d, %s). Set adopt_existing = true to use it "+
				"(it is then left in NetBox on destroy), or choose another slug.", slug, existing.ID, existing.Display))
		return
	}
	templates, err := r.templates(ctx, &m)
	if err != nil {
		resp.Diagnostics.AddError("Invalid device type", err.Error())
		return
	}
	comments, err := deviceTypeComments(kindOf(ctx, r), req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Encoding the device type's inputs failed", err.Error())
		return
	}
	id, err := x.DeviceTypes().Create(ctx, inventory.DeviceType{Slug: slug, Model: m.Model.ValueString(),
		Manufacturer: m.Manufacturer.ValueString(), ManufacturerSlug: slugify(m.Manufacturer.ValueString()),
		UHeight: m.UHeight.ValueFloat64(), Comments: comments, InterfaceTemplates: templates})
	if err != nil {
		addPlanError(&resp.Diagnostics, err)
		return
	}
	m.ID = types.StringValue(strconv.FormatInt(id, 10))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read drops a device type deleted in NetBox from state, so the next plan creates it again.
func (r *deviceTypeResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if slug := importingID(ctx, req.Private); slug != "" {
		r.readImported(ctx, slug, resp)
		return
	}
	if r.mode() != modeOnline || r.data.Inventory == nil {
		return
	}
	var m deviceTypeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	id, err := strconv.ParseInt(m.ID.ValueString(), 10, 64)
	if resp.Diagnostics.HasError() || err != nil {
		return
	}
	if exists, err := r.data.Inventory.DeviceTypes().Exists(ctx, id, m.Slug.ValueString()); err == nil && !exists {
		resp.State.RemoveResource(ctx)
	} else if err != nil {
		resp.Diagnostics.AddError("NetBox refresh failed", err.Error())
	}
}

// Update only changes adopt_existing (every other attribute replaces the device type).
func (r *deviceTypeResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m deviceTypeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	}
}

// Delete deletes a device type this resource created (an adopted one stays), then its
// manufacturer if no other device type uses it.
func (r *deviceTypeResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m deviceTypeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || r.mode() != modeOnline || m.Adopted.ValueBool() {
		return
	}
	x := r.executor(&resp.Diagnostics)
	id, err := strconv.ParseInt(m.ID.ValueString(), 10, 64)
	if x == nil || err != nil {
		return
	}
	warning, err := x.DeviceTypes().Delete(ctx, id, m.Slug.ValueString(), slugify(m.Manufacturer.ValueString()))
	if err != nil {
		resp.Diagnostics.AddError("Deleting the device type failed", err.Error()+
			" (devices that are not managed by this configuration may still use it)")
		return
	}
	if warning != nil {
		resp.Diagnostics.AddWarning("Manufacturer kept", warning.Error())
	}
}

// deviceTypeComments are the comments of a device type this provider creates: its inputs in a
// JSON block (Markdown, as NetBox shows comments), which import reads back.
func deviceTypeComments(kind resourceKind, raw tftypes.Value) (string, error) {
	in, err := kind.inputs(raw)
	if err != nil {
		return "", err
	}
	return inventory.CreatedByHedgehog + ". `terraform import` reads the inputs below; do not edit them.\n\n" +
		jsonFence + in + "\n```", nil
}

const jsonFence = "```json\n"

// storedInComments extracts the JSON block of deviceTypeComments.
func storedInComments(comments string) ([]byte, bool) {
	_, rest, ok := strings.Cut(comments, jsonFence)
	if !ok {
		return nil, false
	}
	block, _, ok := strings.Cut(rest, "\n```")
	return []byte(block), ok
}

// ImportState takes the device type's slug; Read then rebuilds it from its NetBox comments.
func (r *deviceTypeResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	startImport(ctx, req, resp)
}

// readImported rebuilds a device type that this provider created from the inputs its
// comments hold. One it did not create has none: adopt_existing is the way to use it.
func (r *deviceTypeResource) readImported(ctx context.Context, slug string, resp *resource.ReadResponse) {
	if !r.canImport("device type", &resp.Diagnostics) {
		return
	}
	dt, found, err := r.data.Inventory.DeviceTypes().Find(ctx, slug)
	if err != nil || !found {
		addLookupError(&resp.Diagnostics, path.Root("id"), inventory.KindDeviceType, slug, err)
		return
	}
	stored, ok := storedInComments(dt.Comments)
	if !ok {
		resp.Diagnostics.AddError("Device type not created by this provider",
			fmt.Sprintf("Device type %q carries no inputs of terraform-provider-hedgehog in its comments, so it cannot be "+
				"imported. Use it with adopt_existing = true instead (it is then left in NetBox on destroy).", slug))
		return
	}
	var m deviceTypeModel
	if !restoreInto(ctx, kindOf(ctx, r), stored, "device type "+slug, resp, &m) {
		return
	}
	r.compute(ctx, &m)
	m.ID, m.Adopted = types.StringValue(strconv.FormatInt(dt.ID, 10)), types.BoolValue(false)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importKey, nil)...)
}
