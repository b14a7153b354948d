package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// switchRoles are the Hedgehog switch roles, in the order reported by the
// roles attribute.
var switchRoles = []string{"spine", "server-leaf", "border-leaf", "mixed-leaf"}

var _ datasource.DataSource = &switchProfileDataSource{}

// NewSwitchProfileDataSource returns the hedgehog_switch_profile data source.
func NewSwitchProfileDataSource() datasource.DataSource {
	return &switchProfileDataSource{}
}

// switchProfileDataSource reads the provider's built-in Hedgehog switch
// profile catalogue. It needs no NetBox and works offline.
type switchProfileDataSource struct{}

type switchProfileDataSourceModel struct {
	Name        types.String            `tfsdk:"name"`
	DisplayName types.String            `tfsdk:"display_name"`
	Roles       []string                `tfsdk:"roles"`
	Features    switchProfileFeatures   `tfsdk:"features"`
	MaxPorts    types.Int64             `tfsdk:"max_ports"`
	Ports       []switchProfilePorts    `tfsdk:"ports"`
	Pipelines   []switchProfilePipeline `tfsdk:"pipelines"`
}

type switchProfileFeatures struct {
	ESLAG   bool `tfsdk:"eslag"`
	MCLAG   bool `tfsdk:"mclag"`
	RoCE    bool `tfsdk:"roce"`
	Virtual bool `tfsdk:"virtual"`
}

type switchProfilePorts struct {
	First           int64    `tfsdk:"first"`
	Last            int64    `tfsdk:"last"`
	NativeSpeed     int64    `tfsdk:"native_speed"`
	Connector       string   `tfsdk:"connector"`
	DefaultBreakout string   `tfsdk:"default_breakout"`
	Breakouts       []string `tfsdk:"breakouts"`
}

type switchProfilePipeline struct {
	Ports    []int64 `tfsdk:"ports"`
	MaxLanes int64   `tfsdk:"max_lanes"`
}

func (d *switchProfileDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_switch_profile"
}

func (d *switchProfileDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	names := planner.ProfileNames()
	resp.Schema = schema.Schema{
		Description: "Looks up a switch profile in the provider's built-in Hedgehog switch catalogue: " +
			"ports, breakouts, features and limits. Works offline.",
		MarkdownDescription: "Looks up a switch profile in the provider's built-in " +
			"[Hedgehog switch catalogue](https://docs.githedgehog.com/latest/reference/profiles/): ports, " +
			"breakout modes, features and limits. Needs no NetBox; works offline.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Required:            true,
				Description:         "Hedgehog switch profile name, one of: " + strings.Join(names, ", ") + ".",
				MarkdownDescription: "Hedgehog switch profile name, one of: " + codeList(names) + ".",
				Validators:          []validator.String{stringvalidator.OneOf(names...)},
			},
			"display_name": schema.StringAttribute{
				Computed:    true,
				Description: "Human-readable model name.",
			},
			"roles": schema.ListAttribute{
				Computed:    true,
				ElementType: types.StringType,
				Description: "Switch roles the profile can serve, out of spine, server-leaf, border-leaf, mixed-leaf.",
				MarkdownDescription: "Switch roles the profile can serve, out of `spine`, `server-leaf`, " +
					"`border-leaf` and `mixed-leaf`.",
			},
			"features": schema.SingleNestedAttribute{
				Computed:    true,
				Description: "Fabric features the profile supports.",
				Attributes: map[string]schema.Attribute{
					"eslag": schema.BoolAttribute{
						Computed:    true,
						Description: "ESLAG (EVPN multihoming) redundancy groups of 2..4 leaves.",
					},
					"mclag": schema.BoolAttribute{
						Computed:    true,
						Description: "MCLAG redundancy pairs (deprecated in Hedgehog).",
					},
					"roce": schema.BoolAttribute{
						Computed:    true,
						Description: "RoCE (lossless RDMA) support.",
					},
					"virtual": schema.BoolAttribute{
						Computed:    true,
						Description: "A virtual lab switch rather than hardware.",
					},
				},
			},
			"max_ports": schema.Int64Attribute{
				Computed: true,
				Description: "Maximum number of logical ports (lanes after breakout) the switch supports; " +
					"0 when the profile sets no limit.",
			},
			"ports": schema.ListNestedAttribute{
				Computed:    true,
				Description: "Data port groups: consecutive front-panel ports E1/first..E1/last of one kind.",
				MarkdownDescription: "Data port groups: consecutive front-panel ports `E1/<first>`..`E1/<last>` " +
					"of one kind. The management port `M1` is not listed.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"first": schema.Int64Attribute{
							Computed:    true,
							Description: "First port number of the group.",
						},
						"last": schema.Int64Attribute{
							Computed:    true,
							Description: "Last port number of the group (inclusive).",
						},
						"native_speed": schema.Int64Attribute{
							Computed:    true,
							Description: "Native port speed in Gbit/s.",
						},
						"connector": schema.StringAttribute{
							Computed:    true,
							Description: "Cage or connector type (OSFP, QSFP-DD, QSFP28, SFP28, RJ45, ...).",
						},
						"default_breakout": schema.StringAttribute{
							Computed:    true,
							Description: "Breakout mode the switch boots with, e.g. 1x800g.",
						},
						"breakouts": schema.ListAttribute{
							Computed:    true,
							ElementType: types.StringType,
							Description: "Breakout modes the ports support, e.g. [\"1x800g\", \"2x400g\", \"4x200g\"].",
						},
					},
				},
			},
			"pipelines": schema.ListNestedAttribute{
				Computed: true,
				Description: "ASIC pipelines that cap the number of logical ports on a group of " +
					"physical ports; empty when the profile has none.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"ports": schema.ListAttribute{
							Computed:    true,
							ElementType: types.Int64Type,
							Description: "Physical port numbers of the pipeline.",
						},
						"max_lanes": schema.Int64Attribute{
							Computed:    true,
							Description: "Maximum logical ports (lanes) on those ports together.",
						},
					},
				},
			},
		},
	}
}

func (d *switchProfileDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var name types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name"), &name)...)
	if resp.Diagnostics.HasError() {
		return
	}

	p, ok := planner.LookupProfile(name.ValueString())
	if !ok {
		// The schema validator normally catches this first.
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Unknown switch profile",
			fmt.Sprintf("%q is not a Hedgehog switch profile; known profiles: %s.",
				name.ValueString(), strings.Join(planner.ProfileNames(), ", ")))
		return
	}

	resp.Diagnostics.Append(resp.State.Set(ctx, switchProfileModel(p))...)
}

// switchProfileModel converts a catalogue profile into the data source state.
func switchProfileModel(p *planner.Profile) switchProfileDataSourceModel {
	m := switchProfileDataSourceModel{
		Name:        types.StringValue(p.Name),
		DisplayName: types.StringValue(p.DisplayName),
		Roles:       []string{},
		Features: switchProfileFeatures{
			ESLAG:   p.ESLAG,
			MCLAG:   p.MCLAG,
			RoCE:    p.RoCE,
			Virtual: p.Virtual,
		},
		MaxPorts:  types.Int64Value(int64(p.MaxPorts)),
		Ports:     make([]switchProfilePorts, 0, len(p.Ports)),
		Pipelines: make([]switchProfilePipeline, 0, len(p.Pipelines)),
	}
	for _, role := range switchRoles {
		if p.CanServe(role) {
			m.Roles = append(m.Roles, role)
		}
	}
	for _, g := range p.Ports {
		m.Ports = append(m.Ports, switchProfilePorts{
			First:           int64(g.First),
			Last:            int64(g.Last),
			NativeSpeed:     int64(g.NativeSpeed),
			Connector:       g.Connector,
			DefaultBreakout: g.Default,
			Breakouts:       append([]string{}, g.Breakouts...),
		})
	}
	for _, pl := range p.Pipelines {
		ports := make([]int64, len(pl.Ports))
		for i, port := range pl.Ports {
			ports[i] = int64(port)
		}
		m.Pipelines = append(m.Pipelines, switchProfilePipeline{Ports: ports, MaxLanes: int64(pl.MaxLanes)})
	}
	return m
}
