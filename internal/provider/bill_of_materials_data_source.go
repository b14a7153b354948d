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
	SwitchClasses  types.List   `tfsdk:"switch_classes"`
	ServerClasses  types.List   `tfsdk:"server_classes"`
	Switches       types.Map    `tfsdk:"switches"`
	Servers        types.Map    `tfsdk:"servers"`
	Transceivers   types.Map    `tfsdk:"transceivers"`
	CablesBySpeed  types.Map    `tfsdk:"cables_by_speed"`
	CablesByFabric types.Map    `tfsdk:"cables_by_fabric"`
	BreakoutCables types.Map    `tfsdk:"breakout_cables"`
	CSV            types.String `tfsdk:"csv"`
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
var serverInputAttrs = []string{"name", "device_type", "quantity", "connections"}

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
		MarkdownDescription: "The purchase list of a design, known during plan: switches and servers by device type, " +
			"transceivers by model (from the optional `transceiver` of zones and server connections), cables by speed " +
			"and by fabric, and breakout cables; and all of it as CSV. Write the CSV to a file with " +
			"`terraform output -raw bom_csv > bom.csv`.",
		Attributes: map[string]schema.Attribute{
			"switch_classes": schema.ListAttribute{Required: true, ElementType: classInputType(ctx),
				MarkdownDescription: "The design's switch classes." + classesThroughLocal("hedgehog_switch_class", "switch_classes")},
			"server_classes": schema.ListAttribute{Required: true, ElementType: subsetType(serverClassTypes(ctx), serverInputAttrs),
				MarkdownDescription: "The design's server classes." + classesThroughLocal("hedgehog_server_class", "server_classes")},
			"switches": counts("Switches by device type."),
			"servers":  counts("Servers by device type."),
			"transceivers": counts("Transceivers by model: on the switch side one per used physical port of a zone " +
				"that names one (every port of an uplink zone is used), on the server side one per cabled NIC port " +
				"of a connection that names one."),
			"cables_by_speed":  counts("Cables (one per link) by link speed, e.g. `200G`."),
			"cables_by_fabric": counts("Cables by the fabric of the switch class they land on."),
			"breakout_cables": counts("Physical ports that carry several lanes, by breakout mode: each takes one " +
				"breakout cable (their links are counted in the cable totals too)."),
			"csv": schema.StringAttribute{Computed: true,
				MarkdownDescription: "One row per line item, columns `category,item,quantity,notes`."},
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
		switches = append(switches, bom.SwitchClass{Input: c.input, Plan: c.plan, Transceivers: zoneTransceivers(ctx, c.model.Zones)})
	}
	passed := serverClassModels(ctx, m.ServerClasses, &resp.Diagnostics)
	servers := serverClassesForBOM(ctx, passed, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	warnUnattachedConnections(ctx, planned, passed, &resp.Diagnostics)
	b := bom.Build(switches, servers)
	m.Switches, m.Servers, m.Transceivers = int64MapValue(b.Switches), int64MapValue(b.Servers), int64MapValue(b.Transceivers)
	m.CablesBySpeed, m.CablesByFabric = int64MapValue(b.CablesBySpeed), int64MapValue(b.CablesByFabric)
	m.BreakoutCables = int64MapValue(b.BreakoutCables)
	m.CSV = types.StringValue(b.CSV())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func zoneTransceivers(ctx context.Context, zones types.Map) map[string]string {
	var zs map[string]zoneModel
	out := map[string]string{}
	if zones.ElementsAs(ctx, &zs, false).HasError() {
		return out
	}
	for name, z := range zs {
		out[name] = z.Transceiver.ValueString()
	}
	return out
}

func serverClassesForBOM(ctx context.Context, passed []passedServerClass, diags *diag.Diagnostics) []bom.ServerClass {
	var out []bom.ServerClass
	for _, m := range passed {
		var conns map[string]connectionModel
		diags.Append(m.Connections.ElementsAs(ctx, &conns, false)...)
		s := bom.ServerClass{Name: m.Name.ValueString(), DeviceType: m.DeviceType.ValueString(),
			Quantity: int(m.Quantity.ValueInt64()), Transceivers: map[string]string{}}
		for name, c := range conns {
			s.Transceivers[name] = c.Transceiver.ValueString()
		}
		out = append(out, s)
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
