package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/bom"
)

var _ datasource.DataSource = &billOfMaterialsDataSource{}

// NewBillOfMaterialsDataSource returns the hedgehog_bill_of_materials data source.
func NewBillOfMaterialsDataSource() datasource.DataSource { return &billOfMaterialsDataSource{} }

// billOfMaterialsDataSource counts what a design needs to buy. It needs no NetBox.
type billOfMaterialsDataSource struct{}

type billOfMaterialsModel struct {
	SwitchClasses   types.List   `tfsdk:"switch_classes"`
	ServerClasses   types.List   `tfsdk:"server_classes"`
	Switches        types.Map    `tfsdk:"switches"`
	Servers         types.Map    `tfsdk:"servers"`
	NICs            types.Map    `tfsdk:"nics"`
	Transceivers    types.Map    `tfsdk:"transceivers"`
	Cables          types.Map    `tfsdk:"cables"`
	Links           types.Object `tfsdk:"links"`
	CSV             types.String `tfsdk:"csv"`
	CablingSchedule types.List   `tfsdk:"cabling_schedule"`
	CablingCSV      types.String `tfsdk:"cabling_csv"`
}

var linksAttrTypes = map[string]attr.Type{"total": types.Int64Type, "by_speed": types.MapType{ElemType: types.Int64Type},
	"by_fabric": types.MapType{ElemType: types.Int64Type}}

// scheduleRowAttrTypes are the columns of the cabling schedule, each a string.
func scheduleRowAttrTypes() map[string]attr.Type {
	out := map[string]attr.Type{}
	for _, c := range bom.ScheduleColumns {
		out[c] = types.StringType
	}
	return out
}

// classesThroughLocal ends the description of a data source's switch_classes or server_classes:
// pass the resources through a local so that the data source is read during plan (decision 76);
// the object's attributes are not written by hand.
func classesThroughLocal(resource, local string) string {
	kept := "the attributes the data source reads"
	if local == "switch_classes" {
		kept += ", the computed `allocation` and `zone_usage` among them"
	}
	return fmt.Sprintf(" Pass the `%s` resources through a local (`%s = local.%s`, as in the example), not as "+
		"direct references: a data source that names a resource directly is read only during apply whenever "+
		"that resource has changes pending. Terraform keeps of each object %s; none is written by hand.",
		resource, local, local, kept)
}

// serverInputAttrs are the server class attributes the bill of materials reads.
var serverInputAttrs = []string{"name", "device_type", "quantity", "nics", "connections"}

func serverClassTypes(ctx context.Context) map[string]attr.Type {
	return serverClassSchema().Type().(types.ObjectType).AttrTypes
}

func (d *billOfMaterialsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bill_of_materials"
}

func (d *billOfMaterialsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	counts := func(desc string) schema.MapAttribute {
		return schema.MapAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "What a design needs bought and installed, known during plan: the purchase list (switches " +
			"and servers by device type, NICs by module type, transceivers and cables by part) as maps and as CSV, the " +
			"link counts, and the cabling schedule, one row per link. Optics and cable parts come from each link's " +
			"`medium` and the cages at its ends (the media and optics guide). Write the files with " +
			"`terraform output -raw bom_csv > bom.csv` and `terraform output -raw cabling_csv > cabling.csv`.",
		Attributes: map[string]schema.Attribute{
			"switch_classes": schema.ListAttribute{Required: true, ElementType: classInputType(ctx),
				MarkdownDescription: "The design's switch classes." + classesThroughLocal("hedgehog_switch_class", "switch_classes")},
			"server_classes": schema.ListAttribute{Required: true, ElementType: subsetType(serverClassTypes(ctx), serverInputAttrs),
				MarkdownDescription: "The design's server classes." + classesThroughLocal("hedgehog_server_class", "server_classes")},
			"switches": counts("Switches by device type."),
			"servers":  counts("Servers by device type."),
			"nics":     counts("NIC cards by `module_type`, one per server for each NIC that names one."),
			"transceivers": counts("Optics by part, one per cage at each end that takes one: a breakout optic serves " +
				"all lanes of its cage. Derived from `mmf`/`smf` links, or named by `transceiver`."),
			"cables": counts("Cables by part. A splitter (a DAC or AOC that breaks out), or a breakout fibre from an " +
				"optic whose connector carries several lanes, is one cable for all its lanes. Links whose ends set no " +
				"`medium` are counted as `<speed> link, medium not set`, one per link."),
			"links": schema.ObjectAttribute{Computed: true, AttributeTypes: linksAttrTypes,
				MarkdownDescription: "Links (one per lane pair, which is what NetBox holds as a cable): `total`, `by_speed` " +
					"(`\"200G\"`) and `by_fabric` (the fabric of the switch class they land on). Not parts: a splitter " +
					"carries several."},
			"csv": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The purchase list, one row per part, columns `category,part,quantity,notes`. " +
					"`category` is `switch`, `server`, `nic`, `transceiver` or `cable`; summing `quantity` over a category " +
					"gives the units to buy. `notes` names the classes (switches, servers, NICs), the switch-side and " +
					"server-side counts (transceivers), or the links a cable line carries."},
			"cabling_schedule": schema.ListAttribute{Computed: true, ElementType: types.ObjectType{AttrTypes: scheduleRowAttrTypes()},
				MarkdownDescription: "One row per link, sorted switch by switch (the switch end, then its ports in order): " +
					"`label` (the NetBox cable label, `\"<a_device>:<a_port>--<b_device>:<b_port>\"`), `fabric`, `zone`, " +
					"`a_device`, `a_port`, `a_optic`, `b_device`, `b_port`, `b_optic`, `speed`, `medium`, `cable` (the part). " +
					"The B end is the switch the link lands on. After apply, a row's NetBox cable ID is the landing switch " +
					"class's `cable_ids[\"<a_device>:<a_port>\"]`."},
			"cabling_csv": schema.StringAttribute{Computed: true,
				MarkdownDescription: "`cabling_schedule` as CSV, with its column names as the header."},
		},
	}
}

func (d *billOfMaterialsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m billOfMaterialsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var switches []bom.SwitchClass
	planned := plannedClasses(ctx, m.SwitchClasses, &resp.Diagnostics)
	for _, c := range planned {
		switches = append(switches, bom.SwitchClass{Input: c.input, Plan: c.plan})
	}
	passed := serverClassModels(ctx, m.ServerClasses, &resp.Diagnostics)
	servers := serverClassesForBOM(ctx, passed)
	if resp.Diagnostics.HasError() {
		return
	}
	warnUnattachedConnections(ctx, planned, passed, &resp.Diagnostics)
	b := bom.Build(switches, servers)
	m.Switches, m.Servers, m.NICs = int64MapValue(b.Switches), int64MapValue(b.Servers), int64MapValue(b.NICs)
	m.Transceivers, m.Cables = int64MapValue(b.Transceivers), int64MapValue(b.Cables)
	m.Links = types.ObjectValueMust(linksAttrTypes, map[string]attr.Value{"total": types.Int64Value(int64(b.Links.Total)),
		"by_speed": int64MapValue(b.Links.BySpeed), "by_fabric": int64MapValue(b.Links.ByFabric)})
	m.CSV = types.StringValue(b.CSV())
	m.CablingSchedule = scheduleValue(b.Schedule)
	m.CablingCSV = types.StringValue(b.ScheduleCSV())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// scheduleValue is the cabling schedule as a list of objects.
func scheduleValue(rows []bom.Row) types.List {
	rowType := types.ObjectType{AttrTypes: scheduleRowAttrTypes()}
	elems := make([]attr.Value, len(rows))
	for i, r := range rows {
		vals := map[string]attr.Value{}
		for j, v := range r.Values() {
			vals[bom.ScheduleColumns[j]] = types.StringValue(v)
		}
		elems[i] = types.ObjectValueMust(rowType.AttrTypes, vals)
	}
	return types.ListValueMust(rowType, elems)
}

func serverClassesForBOM(ctx context.Context, passed []passedServerClass) []bom.ServerClass {
	var out []bom.ServerClass
	for _, m := range passed {
		nics, _ := plannerNICs(ctx, m.NICs)
		out = append(out, bom.ServerClass{Name: m.Name.ValueString(), DeviceType: m.DeviceType.ValueString(),
			Quantity: int(m.Quantity.ValueInt64()), NICs: nics})
	}
	return out
}

// passedServerClass is a server class passed to a data source, with its index in the list (for
// diagnostics on it).
type passedServerClass struct {
	index int
	serverClassModel
}

// serverClassModels decodes the server classes passed to a data source (objects that hold some
// of the resource's attributes) into the resource's model; null elements are left out.
func serverClassModels(ctx context.Context, list types.List, diags *diag.Diagnostics) []passedServerClass {
	full := serverClassTypes(ctx)
	var out []passedServerClass
	for i, elem := range list.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || obj.IsNull() {
			continue
		}
		var m serverClassModel
		if !widenInto(ctx, obj, full, &m, diags) {
			return nil
		}
		out = append(out, passedServerClass{i, m})
	}
	return out
}

func int64MapValue(m map[string]int) types.Map {
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.Int64Value(int64(v))
	}
	return types.MapValueMust(types.Int64Type, elems)
}
