package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
		"module_type":    schema.StringAttribute{Optional: true, MarkdownDescription: "NetBox module type of the NIC (informational)."},
	}
}
