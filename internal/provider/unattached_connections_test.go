package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestUnattachedConnectionWarns: a server class whose "bmc" connection no zone attaches gets a
// warning on that connection from the bill of materials and the diagram (which see the whole
// design), naming the fix; the attached "fe" connection gets none.
func TestUnattachedConnectionWarns(t *testing.T) {
	t.Parallel()
	p := newVDTProtocol(t)
	planCtx := p.planContext("ua")
	server, diags := p.plan("hedgehog_server_class", map[string]any{"plan": planCtx, "name": "gpu", "quantity": 4,
		"device_type": "server", "nics": map[string]any{"fe": map[string]any{"ports": 2, "speed": 200},
			"bmc": map[string]any{"ports": 1, "speed": 1}},
		"connections": map[string]any{"fe": map[string]any{"nic": "fe", "ports": 2, "speed": 200, "distribution": "alternating"},
			"bmc": map[string]any{"nic": "bmc", "ports": 1, "speed": 1, "port_type": "ipmi"}}})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	fe := p.attr(server, tftypes.NewAttributePath().WithAttributeName("attachments").WithElementKeyString("fe"))
	leaf, diags := p.plan("hedgehog_switch_class", map[string]any{"plan": planCtx, "name": "leaf", "fabric": "frontend",
		"role": "server-leaf", "device_type": "celestica-ds5000",
		"zones": map[string]any{"servers": map[string]any{"kind": "server", "ports": "1-63:2", "breakout": "4x200g", "attach": []any{fe}}}})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	list := func(v tftypes.Value) tftypes.Value {
		return tftypes.NewValue(tftypes.List{ElementType: v.Type()}, []tftypes.Value{v})
	}
	for _, ds := range []string{"hedgehog_bill_of_materials", "hedgehog_topology_diagram"} {
		diags := p.read(ds, map[string]tftypes.Value{"switch_classes": list(leaf), "server_classes": list(server)})
		var warned []string
		for _, d := range diags {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				t.Errorf("%s: error %s: %s", ds, d.Summary, d.Detail)
			}
			if d.Summary == "Connection attached to no zone" {
				warned = append(warned, vdtPathString(d.Attribute)+": "+d.Detail)
			}
		}
		want := `server_classes[0].connections["bmc"]: connection "bmc" of server class "gpu" is attached to no zone`
		if len(warned) != 1 || !strings.HasPrefix(warned[0], want) || !strings.Contains(warned[0], `Add its attachments["bmc"]`) {
			t.Errorf("%s: want one warning %q, got %q", ds, want, warned)
		}
	}
}
