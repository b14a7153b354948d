package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// plannedDeviceType is what a hedgehog_device_type of this configuration plans, for the classes
// planned after it: that the slug will exist, and a server type's NICs (nil for a switch).
type plannedDeviceType struct {
	nics map[string]planner.NIC
}

// plannerNICs converts a nics map of a server class or a device type; ok is false while any of
// it is unknown or unreadable.
func plannerNICs(ctx context.Context, m types.Map) (map[string]planner.NIC, bool) {
	var nics map[string]nicModel
	if m.IsUnknown() || m.ElementsAs(ctx, &nics, false).HasError() {
		return nil, false
	}
	out := make(map[string]planner.NIC, len(nics))
	for k, n := range nics {
		if !allKnown(n.Ports, n.Speed, n.InterfaceType, n.ModuleType, n.Cage) {
			return nil, false
		}
		out[k] = planner.NIC{Ports: int(n.Ports.ValueInt64()), Speed: int(n.Speed.ValueInt64()),
			InterfaceType: n.InterfaceType.ValueString(), ModuleType: n.ModuleType.ValueString(), Cage: n.Cage.ValueString()}
	}
	return out, true
}

// checkDeviceTypeNICs compares a planned server class's nics with those of the
// hedgehog_device_type this configuration plans for its device_type. Terraform plans that
// device type first when the class refers to it (directly or through a local built from it),
// so the comparison is made whenever the two are linked; a device type made elsewhere is not
// compared.
func (r *netBoxResource) checkDeviceTypeNICs(ctx context.Context, plan tfsdk.Plan, diags *diag.Diagnostics) {
	if r.data == nil || plan.Raw.IsNull() {
		return
	}
	var slug types.String
	var nicsMap types.Map
	if plan.GetAttribute(ctx, path.Root("device_type"), &slug).HasError() ||
		plan.GetAttribute(ctx, path.Root("nics"), &nicsMap).HasError() || slug.IsUnknown() {
		return
	}
	v, ok := r.data.plannedDeviceTypes.Load(slug.ValueString())
	dt, _ := v.(plannedDeviceType)
	nics, known := plannerNICs(ctx, nicsMap)
	if !ok || dt.nics == nil || !known {
		return
	}
	if diff := planner.NICDifferences(nics, dt.nics); len(diff) > 0 {
		diags.AddAttributeError(path.Root("nics"), "NICs differ from the device type's",
			fmt.Sprintf("the servers are created as device type %q, whose interfaces NetBox makes from the "+
				"hedgehog_device_type's nics, but this class's nics differ: %s. Give both the same nics, e.g. one local "+
				"map that the device type and the class both use.", slug.ValueString(), strings.Join(diff, "; ")))
	}
}
