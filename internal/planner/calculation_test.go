package planner_test

import (
	"strings"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// The seven classes of SPEC §10 explain their quantities.
func TestCalculationOfTheReferenceDesign(t *testing.T) {
	c := planCanonical128(t, 1)
	want := map[string]struct {
		zone                          string
		demand, lanes, formula, alloc int
		rule                          string
		reasonHas                     string
	}{
		"fe-gpu-leaf":     {"servers", 256, 128, 2, 2, "", `2 = ceil(256 server ports / 128 per switch) on zone "servers"`},
		"fe-storage-leaf": {"servers", 36, 128, 2, 2, planner.RuleAlternating, "raised to 2: alternating connections need 2 switches"},
		"fe-border-leaf":  {"servers-100g", 12, 13, 2, 2, planner.RuleAlternating, `zone "servers-25g" needs 1`},
		"fe-spine":        {"border", 32, 8, 4, 4, "", `4 = ceil(32 uplink lanes / 8 per switch) on zone "border"; zone "fabric" needs 3`},
		"be-rail-leaf":    {"servers", 256, 66, 4, 4, "", `4 = ceil(256 server ports / 66 per switch)`},
		"be-spine":        {"fabric", 128, 64, 2, 2, "", `2 = ceil(128 uplink lanes / 64 per switch) on zone "fabric"`},
		"oob-mgmt-leaf":   {"oob", 155, 48, 4, 4, "", `4 = ceil(155 server ports / 48 per switch) on zone "oob"`},
	}
	for class, w := range want {
		got := c.Switches[class].Calculation
		if got.BindingZone != w.zone || got.Demand != w.demand || got.LanesPerSwitch != w.lanes ||
			got.FormulaQuantity != w.formula || got.AllocatorQuantity != w.alloc || got.Rule != w.rule {
			t.Errorf("%s: %+v", class, got)
		}
		if !strings.Contains(got.Reason, w.reasonHas) {
			t.Errorf("%s: reason %q lacks %q", class, got.Reason, w.reasonHas)
		}
		if got.AlgorithmVersion != planner.AlgorithmVersion || len(got.InputsHash) != 64 {
			t.Errorf("%s: version %d hash %q", class, got.AlgorithmVersion, got.InputsHash)
		}
	}
	// 256 of 256 lanes used: no room; the OOB switches have 4x48-155 = 37 ports left.
	if h := c.Switches["fe-gpu-leaf"].Calculation; h.Headroom != 0 {
		t.Errorf("fe-gpu-leaf headroom %d", h.Headroom)
	}
	if h := c.Switches["oob-mgmt-leaf"].Calculation; h.Headroom != 37 || h.HeadroomOf != `"gpu-fe-only" servers` {
		t.Errorf("oob headroom %d of %s", h.Headroom, h.HeadroomOf)
	}
	// Eight rail connections per server: 4x66-256 = 8 free lanes are room for one server.
	if h := c.Switches["be-rail-leaf"].Calculation; h.Headroom != 1 || h.HeadroomOf != `"gpu-with-backend" servers` {
		t.Errorf("be-rail-leaf headroom %d of %s", h.Headroom, h.HeadroomOf)
	}
	if r := c.Switches["fe-gpu-leaf"].Calculation.Reason; !strings.HasSuffix(r, `no room for more "gpu-fe-only" servers`) {
		t.Errorf("fe-gpu-leaf reason %q", r)
	}
}

// In the 1024-GPU-server variant the formula gives 10 spines; an even spread of 32 uplinks over
// 10 spines overloads the first ones, so the allocator needs 11 (design.md §10).
func TestCalculationFormulaAndAllocatorDiffer(t *testing.T) {
	c := planCanonical128(t, 8).Switches["fe-spine"].Calculation
	if c.FormulaQuantity != 10 || c.AllocatorQuantity != 11 || !strings.Contains(c.Reason, "the allocator needs 11") {
		t.Errorf("%+v", c)
	}
}

func TestInputsHash(t *testing.T) {
	testPlan := planner.TestPlan
	c := planCanonical128(t, 1)
	leaf := feGPULeafWith(t, c, "4x200g")
	base := planner.InputsHash(testPlan, leaf)
	if again := planner.InputsHash(testPlan, feGPULeafWith(t, c, "4x200g")); again != base {
		t.Fatal("the hash differs across runs")
	}
	// Zones inserted in the other order: the same map, the same hash.
	reordered := leaf
	reordered.Zones = map[string]planner.Zone{"uplinks": leaf.Zones["uplinks"], "servers": leaf.Zones["servers"]}
	if planner.InputsHash(testPlan, reordered) != base {
		t.Error("the hash depends on map order")
	}
	withDefault := leaf
	withDefault.Zones = map[string]planner.Zone{"uplinks": leaf.Zones["uplinks"], "servers": withStrategy(leaf.Zones["servers"], planner.StrategySequential)}
	if planner.InputsHash(testPlan, withDefault) != base {
		t.Error("an explicit default strategy changes the hash")
	}
	change := func(f func(*planner.SwitchClass)) planner.SwitchClass {
		sc := feGPULeafWith(t, c, "4x200g")
		f(&sc)
		return sc
	}
	zone := func(f func(*planner.Zone)) func(*planner.SwitchClass) {
		return func(sc *planner.SwitchClass) {
			z := sc.Zones["servers"]
			f(&z)
			sc.Zones["servers"] = z
		}
	}
	for _, tc := range []struct {
		name string
		sc   planner.SwitchClass
		pc   planner.PlanContext
	}{
		{"class name", change(func(sc *planner.SwitchClass) { sc.Name = "other" }), testPlan},
		{"fabric", change(func(sc *planner.SwitchClass) { sc.Fabric = "backend" }), testPlan},
		{"role", change(func(sc *planner.SwitchClass) { sc.Role = planner.RoleMixedLeaf }), testPlan},
		{"device type", change(func(sc *planner.SwitchClass) { sc.DeviceType = "celestica-ds4000" }), testPlan},
		{"name template", change(func(sc *planner.SwitchClass) { sc.NameTemplate = "{plan}-{class}-{index}" }), testPlan},
		{"override", change(func(sc *planner.SwitchClass) { sc.Override, sc.HasOverride = 3, true }), testPlan},
		{"redundancy", change(func(sc *planner.SwitchClass) {
			sc.Redundancy = &planner.Redundancy{Type: planner.KindESLAG, Group: "g"}
		}), testPlan},
		{"zone ports", change(zone(func(z *planner.Zone) { z.Ports = "1-61:2" })), testPlan},
		{"zone breakout", change(zone(func(z *planner.Zone) { z.Breakout = "2x400g" })), testPlan},
		{"zone strategy", change(zone(func(z *planner.Zone) { z.Strategy = planner.StrategySpaced })), testPlan},
		{"zone priority", change(zone(func(z *planner.Zone) { z.Priority = 5 })), testPlan},
		{"attachment order", change(zone(func(z *planner.Zone) { z.Attach = []planner.Attachment{z.Attach[1], z.Attach[0]} })), testPlan},
		{"attachment devices", change(zone(func(z *planner.Zone) {
			a := z.Attach[0]
			a.Devices = a.Devices[:len(a.Devices)-1]
			z.Attach = []planner.Attachment{a, z.Attach[1]}
		})), testPlan},
		{"attachment speed", change(zone(func(z *planner.Zone) {
			a := z.Attach[0]
			a.Speed = 100
			z.Attach = []planner.Attachment{a, z.Attach[1]}
		})), testPlan},
		{"plan name", leaf, planner.PlanContext{Name: "other", Site: testPlan.Site, DeviceStatus: testPlan.DeviceStatus}},
		{"site", leaf, planner.PlanContext{Name: testPlan.Name, Site: "dc2", DeviceStatus: testPlan.DeviceStatus}},
	} {
		if planner.InputsHash(tc.pc, tc.sc) == base {
			t.Errorf("%s: the hash did not change", tc.name)
		}
	}
	// What does not decide the result does not change the hash: the device status.
	if planner.InputsHash(planner.PlanContext{Name: testPlan.Name, Site: testPlan.Site, DeviceStatus: "active"}, leaf) != base {
		t.Error("the device status changed the hash")
	}
}

func withStrategy(z planner.Zone, s string) planner.Zone {
	z.Strategy = s
	return z
}

func TestSummary(t *testing.T) {
	c := planCanonical128(t, 1)
	for class, want := range map[string]string{
		"fe-spine":    "4 x celestica-ds5000 spine (frontend); lanes used: border 32/32, fabric 128/248, servers 4/16; 4 to 8 links per leaf-spine pair",
		"be-spine":    "2 x celestica-ds5000 spine (backend); lanes used: fabric 128/128; 16 links per leaf-spine pair",
		"fe-gpu-leaf": "2 x celestica-ds5000 server-leaf (frontend); lanes used: servers 256/256, uplinks 64/64",
	} {
		sc := planner.SwitchClass{Name: class, Role: planner.RoleServerLeaf, DeviceType: "celestica-ds5000", Fabric: "frontend"}
		switch class {
		case "fe-spine":
			sc.Role = planner.RoleSpine
		case "be-spine":
			sc.Role, sc.Fabric = planner.RoleSpine, "backend"
		}
		if got := planner.Summary(sc, c.Switches[class]); got != want {
			t.Errorf("%s:\n got %s\nwant %s", class, got, want)
		}
	}
}
