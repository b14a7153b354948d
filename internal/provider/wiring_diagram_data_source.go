package provider

import (
	"context"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/wiring"
)

var _ datasource.DataSource = &wiringDiagramDataSource{}

// NewWiringDiagramDataSource returns the hedgehog_wiring_diagram data source.
func NewWiringDiagramDataSource() datasource.DataSource { return &wiringDiagramDataSource{} }

// wiringDiagramDataSource renders the Hedgehog wiring diagram of one fabric from the switch
// classes passed in. It needs no NetBox.
type wiringDiagramDataSource struct{}

type wiringDiagramModel struct {
	Fabric        types.String `tfsdk:"fabric"`
	SwitchClasses types.List   `tfsdk:"switch_classes"`
	YAML          types.String `tfsdk:"yaml"`
	Switches      types.Int64  `tfsdk:"switches"`
	Servers       types.Int64  `tfsdk:"servers"`
	Connections   types.Int64  `tfsdk:"connections"`
	ByKind        types.Map    `tfsdk:"connections_by_kind"`
}

// classInputAttrs are the attributes of a switch class that its wiring depends on. The data
// source takes whole class objects and Terraform drops the other attributes, so NetBox IDs that
// are unknown until apply never defer the diagram past plan.
var classInputAttrs = []string{"plan", "name", "fabric", "fabric_class", "role", "device_type", "profile", "ports",
	"name_template", "override_quantity", "redundancy", "topology", "zones", "allocation", "zone_usage", "identities"}

// switchClassTypes are the attribute types of the hedgehog_switch_class resource.
func switchClassTypes(ctx context.Context) map[string]attr.Type {
	return switchClassSchema().Type().(types.ObjectType).AttrTypes
}

func classInputType(ctx context.Context) types.ObjectType {
	return subsetType(switchClassTypes(ctx), classInputAttrs)
}

// subsetType is the object type of some of a resource's attributes.
func subsetType(all map[string]attr.Type, names []string) types.ObjectType {
	out := make(map[string]attr.Type, len(names))
	for _, name := range names {
		out[name] = all[name]
	}
	return types.ObjectType{AttrTypes: out}
}

func (d *wiringDiagramDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_wiring_diagram"
}

func (d *wiringDiagramDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Hedgehog wiring diagram (the YAML `hhfab` reads) of one managed fabric, built from " +
			"the switch classes during plan: Switches, Servers (and unmanaged switches cabled to a managed one, as " +
			"Server surrogates), Connections by kind (unbundled, bundled, eslag; fabric links per spine-leaf pair; " +
			"mesh links per pair), SwitchGroups, and the default VLAN and IPv4 namespaces. The same design gives the " +
			"same bytes. Write it to a file with `terraform output -raw <output> > fabric.yaml`.",
		Attributes: map[string]schema.Attribute{
			"fabric": schema.StringAttribute{Required: true, MarkdownDescription: "The managed fabric to export, e.g. `frontend`."},
			"switch_classes": schema.ListAttribute{Required: true, ElementType: classInputType(ctx),
				MarkdownDescription: "The design's switch classes (all of them may be passed; classes of other " +
					"fabrics give only the surrogates cabled to this one)." + classesThroughLocal("hedgehog_switch_class", "switch_classes")},
			"yaml": schema.StringAttribute{Computed: true, MarkdownDescription: "The wiring diagram: a YAML stream, " +
				"documents sorted by kind, then name."},
			"switches":    schema.Int64Attribute{Computed: true, MarkdownDescription: "Switch objects."},
			"servers":     schema.Int64Attribute{Computed: true, MarkdownDescription: "Server objects (servers and surrogates)."},
			"connections": schema.Int64Attribute{Computed: true, MarkdownDescription: "Connection objects."},
			"connections_by_kind": schema.MapAttribute{Computed: true, ElementType: types.Int64Type,
				MarkdownDescription: "Connection objects by kind: `unbundled`, `bundled`, `eslag`, `mclag`, `fabric`, `mesh`."},
		},
	}
}

func (d *wiringDiagramDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m wiringDiagramModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	planned := plannedClasses(ctx, m.SwitchClasses, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	classes := make([]wiring.Class, len(planned))
	for i, c := range planned {
		classes[i] = wiring.Class{Input: c.input, Plan: c.plan}
	}
	docs, err := wiring.Build(m.Fabric.ValueString(), classes)
	if err == nil {
		err = wiring.Validate(docs, classes)
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("fabric"), "Invalid wiring diagram", err.Error())
		return
	}
	yaml, err := wiring.Encode(docs)
	if err != nil {
		resp.Diagnostics.AddError("Encoding the wiring diagram failed", err.Error())
		return
	}
	counts := map[string]int64{}
	kinds := map[string]attr.Value{}
	for _, doc := range docs {
		counts[doc.Kind]++
		if spec, ok := doc.Spec.(wiring.ConnectionSpec); ok {
			k := spec.Kind()
			n, _ := kinds[k].(types.Int64)
			kinds[k] = types.Int64Value(n.ValueInt64() + 1)
		}
	}
	warnUnidentified(planned, m.Fabric.ValueString(), &resp.Diagnostics)
	m.YAML = types.StringValue(string(yaml))
	m.Switches = types.Int64Value(counts[wiring.KindSwitch])
	m.Servers = types.Int64Value(counts[wiring.KindServer])
	m.Connections = types.Int64Value(counts[wiring.KindConnection])
	m.ByKind = types.MapValueMust(types.Int64Type, kinds)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// plannedClass is a switch class passed to a data source, planned again.
type plannedClass struct {
	context planner.PlanContext
	input   planner.SwitchClass
	plan    planner.SwitchPlan
	model   switchClassModel
	index   int // in the list passed in
}

// plannedClasses plans the classes passed in again, each against its own allocation (sticky,
// so the placement is exactly the one the class holds), sorted by name.
func plannedClasses(ctx context.Context, list types.List, diags *diag.Diagnostics) []plannedClass {
	full := switchClassTypes(ctx)
	var out []plannedClass
	for i, elem := range list.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || obj.IsNull() {
			continue
		}
		var m switchClassModel
		if !widenInto(ctx, obj, full, &m, diags) {
			return nil
		}
		pc, ok := planContextFrom(ctx, m.Plan)
		sc, known, d := m.toPlanner(ctx)
		diags.Append(d...)
		if !ok || !known || diags.HasError() {
			diags.AddAttributeError(path.Root("switch_classes").AtListIndex(i), "Switch class not planned",
				"The switch class has inputs that are not known yet, or invalid ones; its wiring cannot be built.")
			return nil
		}
		sp := planner.PlanSwitchClass(pc, sc, priorFrom(ctx, m.Allocation, m.ZoneUsage, int(m.EffectiveQuantity.ValueInt64())))
		if sp.Diagnostics.HasError() {
			var msgs []string
			for _, x := range sp.Diagnostics {
				msgs = append(msgs, x.Summary+": "+x.Detail)
			}
			diags.AddAttributeError(path.Root("switch_classes").AtListIndex(i), "Switch class does not plan", strings.Join(msgs, "; "))
			return nil
		}
		out = append(out, plannedClass{context: pc, input: sc, plan: sp, model: m, index: i})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].input.Name < out[j].input.Name })
	return out
}

// widenInto decodes an object that holds some of a resource's attributes into the resource's
// model, the missing attributes null.
func widenInto(ctx context.Context, obj types.Object, full map[string]attr.Type, target any, diags *diag.Diagnostics) bool {
	attrs := obj.Attributes()
	values := make(map[string]attr.Value, len(full))
	for name, t := range full {
		if v, ok := attrs[name]; ok {
			values[name] = v
		} else {
			values[name] = nullOf(ctx, t)
		}
	}
	o, d := types.ObjectValue(full, values)
	diags.Append(d...)
	if d.HasError() {
		return false
	}
	diags.Append(o.As(ctx, target, objectAsOptions)...)
	return !diags.HasError()
}

// nullOf is a null value of a framework type.
func nullOf(ctx context.Context, t attr.Type) attr.Value {
	v, err := t.ValueFromTerraform(ctx, tftypes.NewValue(t.TerraformType(ctx), nil))
	if err != nil {
		return types.StringNull()
	}
	return v
}
