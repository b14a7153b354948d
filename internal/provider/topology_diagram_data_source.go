package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/diagram"
)

var _ datasource.DataSource = &topologyDiagramDataSource{}

// NewTopologyDiagramDataSource returns the hedgehog_topology_diagram data source.
func NewTopologyDiagramDataSource() datasource.DataSource { return &topologyDiagramDataSource{} }

// topologyDiagramDataSource draws the design for review. It needs no NetBox.
type topologyDiagramDataSource struct{}

type topologyDiagramModel struct {
	SwitchClasses types.List   `tfsdk:"switch_classes"`
	ServerClasses types.List   `tfsdk:"server_classes"`
	Level         types.String `tfsdk:"level"`
	Title         types.String `tfsdk:"title"`
	Mermaid       types.String `tfsdk:"mermaid"`
	DOT           types.String `tfsdk:"dot"`
	SVG           types.String `tfsdk:"svg"`
}

func (d *topologyDiagramDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_topology_diagram"
}

func (d *topologyDiagramDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	levels := make([]string, len(diagram.Levels))
	for i, l := range diagram.Levels {
		levels[i] = string(l)
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A picture of the design, known during plan: spines on top, leaves below them, server " +
			"classes at the bottom, fabrics side by side in their own colour, and on every line how many links of " +
			"which speed it stands for (`64×800G`, with `8 per pair` or `96 per switch` when they are spread " +
			"alike). The same design as a Mermaid flowchart (renders in GitHub and GitLab comments and Markdown), " +
			"Graphviz DOT, and an SVG the provider lays out itself. The same design gives the same bytes. Write " +
			"the SVG with `terraform output -raw <output> > fabric.svg`.",
		Attributes: map[string]schema.Attribute{
			"switch_classes": schema.ListAttribute{Required: true, ElementType: classInputType(ctx),
				MarkdownDescription: "The design's switch classes. Switch classes a link names but that are not " +
					"passed are drawn as dashed boxes at the bottom." + classesThroughLocal("hedgehog_switch_class", "switch_classes")},
			"server_classes": schema.ListAttribute{Optional: true, ElementType: subsetType(serverClassTypes(ctx), serverInputAttrs),
				MarkdownDescription: "The design's server classes, for their device types and for classes that no " +
					"zone attaches yet. Without them, server classes are drawn from the links, with the servers that " +
					"have one." + classesThroughLocal("hedgehog_server_class", "server_classes")},
			"level": schema.StringAttribute{Optional: true, Computed: true, Validators: []validator.String{stringvalidator.OneOf(levels...)},
				MarkdownDescription: "`class` (default): one box per class with its quantity. `device`: one box per " +
					"switch, in a frame per switch class (more than 16 switches wrap into rows); server classes stay " +
					"one box each. Links spread alike over every switch of a class are one line to its frame, and so " +
					"are all links of a wrapped class or of a class pair that would take more than 24 lines."},
			"title": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "Heads the drawing, before the counts of switches, servers and links. Default: " +
					"the topology plan's name."},
			"mermaid": schema.StringAttribute{Computed: true, MarkdownDescription: "A Mermaid flowchart, top to " +
				"bottom, with a subgraph per fabric (and per switch class at device level)."},
			"dot": schema.StringAttribute{Computed: true, MarkdownDescription: "Graphviz DOT: a cluster per fabric, " +
				"rows pinned with `rank=same`. Render with `dot -Tsvg`."},
			"svg": schema.StringAttribute{Computed: true, MarkdownDescription: "A self-contained SVG with a legend; " +
				"shortened names and every box and line have a tooltip with the full text."},
		},
	}
}

func (d *topologyDiagramDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m topologyDiagramModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var switches []diagram.SwitchClass
	planned := plannedClasses(ctx, m.SwitchClasses, &resp.Diagnostics)
	for _, c := range planned {
		switches = append(switches, diagram.SwitchClass{Input: c.input, Plan: c.plan})
	}
	var servers []diagram.ServerClass
	passed := serverClassModels(ctx, m.ServerClasses, &resp.Diagnostics)
	for _, s := range passed {
		servers = append(servers, diagram.ServerClass{Name: s.Name.ValueString(), DeviceType: s.DeviceType.ValueString(),
			Quantity: int(s.Quantity.ValueInt64())})
	}
	if resp.Diagnostics.HasError() {
		return
	}
	warnUnattachedConnections(ctx, planned, passed, &resp.Diagnostics)
	if m.Level.IsNull() {
		m.Level = types.StringValue(string(diagram.LevelClass))
	}
	if m.Title.IsNull() {
		title := ""
		if len(planned) > 0 {
			title = planned[0].context.Name
		}
		m.Title = types.StringValue(title)
	}
	g, err := diagram.Build(switches, servers, diagram.Options{Level: diagram.Level(m.Level.ValueString()), Title: m.Title.ValueString()})
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("level"), "Invalid level", err.Error())
		return
	}
	m.Mermaid = types.StringValue(diagram.Mermaid(g))
	m.DOT = types.StringValue(diagram.DOT(g))
	m.SVG = types.StringValue(diagram.SVG(g))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
