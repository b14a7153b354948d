package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// warnUnattachedConnections warns, on the connection, about each connection of the server
// classes passed in that no zone of the switch classes passed in attaches. A server class
// cannot see which zones take its connections, so only a data source that is handed the whole
// design can tell that one was forgotten: its servers get no cables, and they are missing from
// NetBox, the wiring and the bill of materials.
func warnUnattachedConnections(ctx context.Context, switches []plannedClass, servers []passedServerClass, diags *diag.Diagnostics) {
	attached := map[string]bool{}
	for _, c := range switches {
		for _, z := range c.input.Zones {
			for _, a := range z.Attach {
				attached[a.Key()] = true
			}
		}
	}
	for _, m := range servers {
		if m.Quantity.ValueInt64() == 0 {
			continue
		}
		var conns map[string]connectionModel
		if m.Connections.ElementsAs(ctx, &conns, false).HasError() {
			continue
		}
		class := m.Name.ValueString()
		for _, name := range slices.Sorted(maps.Keys(conns)) {
			key := planner.Attachment{Source: planner.SourceServer, Class: class, Name: name}.Key()
			if attached[key] {
				continue
			}
			diags.AddAttributeWarning(path.Root("server_classes").AtListIndex(m.index).AtName("connections").AtMapKey(name),
				"Connection attached to no zone",
				fmt.Sprintf("connection %q of server class %q is attached to no zone of the switch classes passed in, so "+
					"its servers get no cables for it: they are missing from NetBox, the wiring and the bill of materials. "+
					"Add its attachments[%q] to the attach list of a zone, or remove the connection.", name, class, name))
		}
	}
}
