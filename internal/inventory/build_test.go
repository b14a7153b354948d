package inventory

import (
	"strings"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner/plantest"
)

// The reference design of SPEC §10 owns 175 devices, 1017 cables and 1313 switch
// interfaces that carry a cable.
func TestReferenceDesignObjects(t *testing.T) {
	pc := planner.PlanContext{Name: "ai", Site: "dc1", DeviceStatus: "planned"}
	ref, err := plantest.PlanReference(pc, 1)
	if err != nil {
		t.Fatal(err)
	}
	devices, cables, switchIfs, serverIfs := 0, 0, 0, 0
	cabled := map[string]bool{}
	for name, sp := range ref.Servers {
		w := ForServerClass(pc, ref.ServerClasses[name], sp)
		devices += len(w.Devices)
		serverIfs += len(w.Interfaces)
		if w.Fields.Role != RoleServer || len(w.Cables) != 0 {
			t.Errorf("server class %s: role %q, %d cables", name, w.Fields.Role, len(w.Cables))
		}
	}
	for name, sp := range ref.Switches {
		w := ForSwitchClass(pc, ref.SwitchClasses[name], sp)
		devices += len(w.Devices)
		cables += len(w.Cables)
		switchIfs += len(w.Interfaces)
		for _, c := range w.Cables {
			cabled[c.A], cabled[c.B] = true, true
		}
	}
	if devices != 175 || cables != 1017 {
		t.Errorf("devices %d, cables %d; want 175, 1017", devices, cables)
	}
	if switchIfs != 1313 {
		t.Errorf("switch interfaces %d, want 1313 (every one carries a cable)", switchIfs)
	}
	if len(cabled) != 2*1017 {
		t.Errorf("%d cable ends, want %d: an interface carries two cables", len(cabled), 2*1017)
	}
}

func TestSwitchRolesAndLaneTypes(t *testing.T) {
	pc := planner.PlanContext{Name: "ai", Site: "dc1", DeviceStatus: "active", Tags: []string{"lab", "lab"}}
	ref, err := plantest.PlanReference(pc, 1)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{"fe-spine": RoleSpine, "fe-border-leaf": RoleBorder, "oob-mgmt-leaf": RoleOOB, "be-rail-leaf": RoleLeaf}
	for class, role := range roles {
		w := ForSwitchClass(pc, ref.SwitchClasses[class], ref.Switches[class])
		if w.Fields.Role != role {
			t.Errorf("%s: role %q, want %q", class, w.Fields.Role, role)
		}
		if got := w.Fields.Tags; len(got) != 2 || got[0] != "hedgehog-plan-ai" || got[1] != "lab" {
			t.Errorf("%s: tags %v", class, got)
		}
		if w.Fields.CableStatus() != "connected" {
			t.Errorf("active devices get connected cables")
		}
	}
	types := map[string]string{}
	for _, class := range []string{"fe-spine", "oob-mgmt-leaf", "fe-border-leaf"} {
		for _, i := range ForSwitchClass(pc, ref.SwitchClasses[class], ref.Switches[class]).Interfaces {
			types[i.Key()] = i.Type
		}
	}
	for key, want := range map[string]string{
		"fe-spine-01:E1/2":          "800gbase-x-osfp",   // 1x800g on an OSFP cage
		"fe-spine-01:E1/64/1":       "100gbase-x-qsfp28", // 8x100g breakout lane
		"fe-spine-01:E1/1/1":        "200gbase-x-qsfp56",
		"oob-mgmt-leaf-01:E1/1":     "1000base-t",
		"oob-mgmt-leaf-01:E1/49":    "25gbase-x-sfp28",
		"fe-border-leaf-01:E1/14/1": "25gbase-x-sfp28",
	} {
		if types[key] != want {
			t.Errorf("%s: type %q, want %q", key, types[key], want)
		}
	}
}

func TestCableLabel(t *testing.T) {
	c := Cable{A: "gpu-fe-only-001:fe-p0", B: "fe-gpu-leaf-01:E1/1/1"}
	if c.Label() != "gpu-fe-only-001:fe-p0--fe-gpu-leaf-01:E1/1/1" {
		t.Error(c.Label())
	}
	long := Cable{A: strings.Repeat("a", 80) + ":p", B: strings.Repeat("b", 40) + ":y"}
	if len(long.Label()) != MaxCableLabel {
		t.Errorf("label of %d characters", len(long.Label()))
	}
}
