package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/wiring"
)

// The switch class's identities: the serial and boot MAC of each switch, by switch name.

type identityModel struct {
	Serial  types.String `tfsdk:"serial"`
	BootMAC types.String `tfsdk:"boot_mac"`
}

func identitiesAttribute() schema.MapNestedAttribute {
	return schema.MapNestedAttribute{
		Optional: true,
		MarkdownDescription: "The real identity of each switch, by switch name (one of `device_names`): `serial` (the " +
			"chassis serial number, written to the NetBox device's serial and the wiring's `boot.serial`) and " +
			"`boot_mac` (the management port's MAC, `xx:xx:xx:xx:xx:xx`, written to the wiring's `boot.mac` and, on a " +
			"managed class, as the primary MAC of the NetBox device's `M1` interface; the token needs permission to add " +
			"MAC addresses). Hedgehog " +
			"recognises a booting switch by either. A switch without `boot_mac` gets a MAC derived from its name, " +
			"which no real switch has; `hedgehog_wiring_diagram` warns about switches with neither. A serial the class " +
			"gives is owned (refresh reports a change made in NetBox as drift; removing it clears it); other devices' " +
			"serials are left as NetBox has them. Typically read from the inventory of delivered switches, e.g. " +
			"`{ for s in csvdecode(file(\"switches.csv\")) : s.name => { serial = s.serial, boot_mac = s.mac } }`.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"serial":   schema.StringAttribute{Optional: true, MarkdownDescription: "Chassis serial number (at most 50 characters)."},
			"boot_mac": schema.StringAttribute{Optional: true, MarkdownDescription: "MAC address of the management port, e.g. `0c:29:ef:a1:b2:c3`."},
		}},
	}
}

// identitiesFrom converts the identities attribute; known is false while any of it is unknown.
func identitiesFrom(ctx context.Context, m types.Map) (ids map[string]planner.SwitchIdentity, known bool) {
	if m.IsNull() {
		return nil, true
	}
	var models map[string]identityModel
	if m.IsUnknown() || m.ElementsAs(ctx, &models, false).HasError() {
		return nil, false
	}
	ids = make(map[string]planner.SwitchIdentity, len(models))
	for name, id := range models {
		if !allKnown(id.Serial, id.BootMAC) {
			return nil, false
		}
		ids[name] = planner.SwitchIdentity{Serial: id.Serial.ValueString(), BootMAC: id.BootMAC.ValueString()}
	}
	return ids, true
}

// warnUnidentified warns once per class of the wiring whose switches Hedgehog could not
// recognise at boot: no serial, and a boot MAC derived from the name.
func warnUnidentified(classes []plannedClass, fabric string, diags *diag.Diagnostics) {
	for _, c := range classes {
		if c.input.Fabric != fabric {
			continue
		}
		names := wiring.Class{Input: c.input, Plan: c.plan}.Unidentified()
		if len(names) == 0 {
			continue
		}
		shown := names[:min(len(names), 5)]
		more := ""
		if len(names) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(names)-len(shown))
		}
		diags.AddAttributeWarning(path.Root("switch_classes").AtListIndex(c.index), "Boot MACs derived from switch names",
			fmt.Sprintf("Switch class %q: %d of its %d switches (%s%s) have no serial and a boot.mac derived from their "+
				"name (%s for %s), which no real switch has, so Hedgehog cannot recognise them when they boot. Give the "+
				"class each switch's management port MAC or serial: identities = { %q = { boot_mac = \"0c:29:ef:a1:b2:c3\", "+
				"serial = \"...\" } }.", c.input.Name, len(names), len(c.plan.Devices), strings.Join(shown, ", "), more,
				wiring.BootMAC(names[0]), names[0], names[0]))
	}
}
