package provider

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// Schema pieces the class resources share.

func idMapAttribute(desc string) schema.MapAttribute {
	return schema.MapAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: desc}
}

func driftAttribute() schema.MapAttribute {
	return schema.MapAttribute{Computed: true, ElementType: types.StringType,
		MarkdownDescription: "Devices whose owned fields (status, description, site, tenant, role, device type, tags, and the " +
			"serial a switch class's identities give) " +
			"were changed in NetBox outside Terraform, with what differs. Found by refresh; the next apply " +
			"writes the fields back and empties it."}
}

func planAttribute() schema.ObjectAttribute {
	return schema.ObjectAttribute{
		Required: true, AttributeTypes: planContextAttrTypes,
		MarkdownDescription: "The `context` of the `hedgehog_topology_plan` this class belongs to.",
	}
}

func classIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Computed: true, MarkdownDescription: "`<plan>/<class>`.",
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func speedAttribute(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{Required: true, MarkdownDescription: desc,
		Validators: []validator.Int64{int64validator.Between(1, 1600)}}
}

// nicAttributes describe one NIC model of a server.
func nicAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"ports": schema.Int64Attribute{Required: true, MarkdownDescription: "Ports on the NIC.",
			Validators: []validator.Int64{int64validator.Between(1, 64)}},
		"speed":          speedAttribute("Port speed in Gbit/s."),
		"interface_type": schema.StringAttribute{Optional: true, MarkdownDescription: "NetBox interface type; derived from the speed when unset."},
		"module_type": schema.StringAttribute{Optional: true, MarkdownDescription: "Module type (the card's model) of the NIC. " +
			"A NIC that names one is a part `hedgehog_bill_of_materials` counts under `nic`, one per server; a NIC " +
			"without one is part of the server (an onboard BMC port)."},
		"cage": schema.StringAttribute{Optional: true, MarkdownDescription: "Cage of the NIC's ports, which decides the " +
			"optic or cable end that goes in them: one of " + codeList(planner.Cages) + ". Default: the common cage " +
			"of the speed (1G `RJ45`, 10G `SFP+`, 25G `SFP28`, 100G `QSFP28`, 200G `QSFP56`, 400G `QSFP112`, " +
			"800G `OSFP`).",
			Validators: []validator.String{stringvalidator.OneOf(planner.Cages...)}},
	}
}

// physicalAttributes are how a connection or a zone builds its links (the media and optics
// guide): whose names the cages a transceiver goes in, links the links concerned, and
// precedence how a value meets the other end's.
func physicalAttributes(whose, links, precedence string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"medium": schema.StringAttribute{Optional: true, MarkdownDescription: "Medium of the links " + links + ": " +
			"`dac` (passive copper; a patch cord between RJ45 ports), `acc` or `aec` (active copper), `aoc` (active " +
			"optical cable), `mmf` or `smf` (multi- or single-mode fibre between two optics). The optics and the cable " +
			"part follow from it, the cages at both ends and the breakout. " + precedence,
			Validators: []validator.String{stringvalidator.OneOf(planner.Media...)}},
		"transceiver": schema.StringAttribute{Optional: true, MarkdownDescription: "Optic in " + whose + ", instead of " +
			"the catalogue's (a part outside the catalogue is taken as it is). Not with a direct-attach medium."},
		"cable": schema.StringAttribute{Optional: true, MarkdownDescription: "Cable part of the links " + links +
			", instead of the derived one."},
		"cable_length": schema.Float64Attribute{Optional: true, MarkdownDescription: "Length in metres of the links " +
			links + ", written to their NetBox cables.",
			Validators: []validator.Float64{float64validator.Between(0.1, 10000)}},
	}
}

// physicalOf converts the physical attributes of a connection or a zone.
func physicalOf(medium, transceiver, cable types.String, length types.Float64) planner.Physical {
	return planner.Physical{Medium: medium.ValueString(), Transceiver: transceiver.ValueString(), Cable: cable.ValueString(),
		Length: length.ValueFloat64()}
}

func codeList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = "`" + s + "`"
	}
	return strings.Join(quoted, ", ")
}

// withAttributes merges attribute maps (later ones win).
func withAttributes(maps ...map[string]schema.Attribute) map[string]schema.Attribute {
	out := map[string]schema.Attribute{}
	for _, m := range maps {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}
