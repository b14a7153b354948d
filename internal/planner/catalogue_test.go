package planner

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

var wantProfiles = []string{
	"celestica-ds2000", "celestica-ds3000", "celestica-ds4000", "celestica-ds4101", "celestica-ds5000",
	"dell-s5232f-on", "dell-s5248f-on", "dell-z9332f-on",
	"edgecore-dcs203", "edgecore-dcs204", "edgecore-dcs240", "edgecore-dcs501",
	"edgecore-eps202", "edgecore-eps203", "supermicro-sse-c4632sb", "vs",
}

func mustProfile(t *testing.T, name string) *Profile {
	t.Helper()
	p, ok := LookupProfile(name)
	if !ok {
		t.Fatalf("profile %q missing", name)
	}
	return p
}

func TestCatalogueNames(t *testing.T) {
	got := ProfileNames()
	if !reflect.DeepEqual(got, wantProfiles) {
		t.Errorf("ProfileNames() = %v, want %v", got, wantProfiles)
	}
	if !sort.StringsAreSorted(got) {
		t.Error("not sorted")
	}
	if p, ok := LookupProfile("  Celestica-DS5000 "); !ok || p.Name != "celestica-ds5000" {
		t.Error("lookup is not case-insensitive")
	}
	if _, ok := LookupProfile("es1000-48"); ok {
		t.Error("unexpected profile")
	}
}

// Every profile loads; its groups are sorted, disjoint, in range; every
// breakout exists in the table, fits the port, and includes the default.
func TestCatalogueProfilesConsistent(t *testing.T) {
	for _, name := range ProfileNames() {
		p := mustProfile(t, name)
		if p.Name != name || p.DisplayName == "" || len(p.Ports) == 0 {
			t.Errorf("%s: bad header %+v", name, p)
		}
		if !p.Leaf && !p.Spine {
			t.Errorf("%s: serves no role", name)
		}
		last := 0
		for _, g := range p.Ports {
			if g.First <= last || g.Last < g.First || g.Last > MaxPort {
				t.Errorf("%s: group %d-%d out of order or range", name, g.First, g.Last)
			}
			last = g.Last
			if g.Connector == "" {
				t.Errorf("%s: group %d-%d has no connector", name, g.First, g.Last)
			}
			hasDefault := false
			for _, id := range g.Breakouts {
				b, ok := LookupBreakout(id)
				if !ok || b.ID != id {
					t.Errorf("%s: group %d-%d lists %q, not a table id", name, g.First, g.Last, id)
					continue
				}
				if !BreakoutFits(b, g.NativeSpeed) {
					t.Errorf("%s: %q does not fit %dG", name, id, g.NativeSpeed)
				}
				if g.SpeedOnly && b.Lanes != 1 {
					t.Errorf("%s: speed-only group lists %q", name, id)
				}
				if id == g.Default {
					hasDefault = true
				}
				if !p.SupportsBreakout(g.First, id) || !p.SupportsBreakout(g.Last, strings.ToUpper(id)) {
					t.Errorf("%s: SupportsBreakout(%d, %q) false", name, g.First, id)
				}
			}
			if !hasDefault {
				t.Errorf("%s: default %q not in %v", name, g.Default, g.Breakouts)
			}
		}
		// Pipelines name existing ports, each at most once; the default
		// breakout respects the caps and MaxPorts.
		seen := map[int]bool{}
		for i, pl := range p.Pipelines {
			lanes := 0
			for _, port := range pl.Ports {
				g, ok := p.Port(port)
				if !ok || seen[port] {
					t.Errorf("%s: pipeline %d port %d missing or repeated", name, i, port)
					continue
				}
				seen[port] = true
				if p.PipelineOf(port) != i {
					t.Errorf("%s: PipelineOf(%d) = %d, want %d", name, port, p.PipelineOf(port), i)
				}
				b, _ := LookupBreakout(g.Default)
				lanes += b.Lanes
			}
			if lanes > pl.MaxLanes {
				t.Errorf("%s: pipeline %d default lanes %d above cap %d", name, i, lanes, pl.MaxLanes)
			}
		}
		if p.MaxPorts > 0 {
			total := 0
			for _, n := range p.PortNumbers() {
				g, _ := p.Port(n)
				b, _ := LookupBreakout(g.Default)
				total += b.Lanes
			}
			if total > p.MaxPorts {
				t.Errorf("%s: default lanes %d above maxPorts %d", name, total, p.MaxPorts)
			}
		}
	}
}

func TestCataloguePortsAndFeatures(t *testing.T) {
	type feat struct {
		spine, leaf, limited, l3only, eslag, mclag, roce, virtual bool
		maxPorts, pipelines                                       int
	}
	tests := []struct {
		name  string
		ports string // FormatPortSpec of PortNumbers
		feat  feat
	}{
		{"celestica-ds2000", "1-56", feat{spine: true, leaf: true, eslag: true, mclag: true}},
		{"celestica-ds3000", "1-33", feat{spine: true, leaf: true, eslag: true, mclag: true, roce: true}},
		{"celestica-ds4000", "1-33", feat{spine: true, roce: true, maxPorts: 144, pipelines: 8}},
		{"celestica-ds4101", "1-34", feat{spine: true, roce: true, maxPorts: 272, pipelines: 16}},
		{"celestica-ds5000", "1-66", feat{spine: true, leaf: true, l3only: true, roce: true, maxPorts: 320, pipelines: 32}},
		{"dell-s5232f-on", "1-34", feat{spine: true, leaf: true, eslag: true, mclag: true, roce: true}},
		{"dell-s5248f-on", "1-56", feat{spine: true, leaf: true, eslag: true, mclag: true, roce: true}},
		{"dell-z9332f-on", "1-34", feat{spine: true, roce: true, maxPorts: 144, pipelines: 8}},
		{"edgecore-dcs203", "1-58", feat{spine: true, leaf: true, eslag: true, mclag: true, roce: true}},
		{"edgecore-dcs204", "1-34", feat{spine: true, leaf: true, eslag: true, mclag: true, roce: true}},
		{"edgecore-dcs240", "1-34", feat{spine: true, leaf: true, eslag: true, roce: true, pipelines: 8}},
		{"edgecore-dcs501", "1-32", feat{spine: true}},
		{"edgecore-eps202", "1-54", feat{spine: true, leaf: true, limited: true, eslag: true}},
		{"edgecore-eps203", "1-54", feat{leaf: true, limited: true, eslag: true, mclag: true}},
		{"supermicro-sse-c4632sb", "1-33", feat{spine: true, leaf: true, eslag: true, mclag: true, roce: true}},
		{"vs", "1-48", feat{spine: true, leaf: true, eslag: true, mclag: true, roce: true, virtual: true}},
	}
	for _, tc := range tests {
		p := mustProfile(t, tc.name)
		if got := FormatPortSpec(p.PortNumbers()); got != tc.ports {
			t.Errorf("%s ports = %s, want %s", tc.name, got, tc.ports)
		}
		got := feat{p.Spine, p.Leaf, p.LimitedLeaf, p.L3OnlyLeaf, p.ESLAG, p.MCLAG, p.RoCE, p.Virtual, p.MaxPorts, len(p.Pipelines)}
		if got != tc.feat {
			t.Errorf("%s features = %+v, want %+v", tc.name, got, tc.feat)
		}
	}
}

func TestCatalogueGroups(t *testing.T) {
	tests := []struct {
		profile   string
		port      int
		speed     int
		connector string
		def       string
		speedOnly bool
	}{
		{"celestica-ds5000", 1, 800, "OSFP", "1x800g", false},
		{"celestica-ds5000", 64, 800, "OSFP", "1x800g", false},
		{"celestica-ds5000", 65, 25, "SFP28", "1x25g", true},
		{"celestica-ds5000", 66, 25, "SFP28", "1x25g", true},
		{"celestica-ds4101", 1, 800, "OSFP", "2x400g", false},
		{"celestica-ds4101", 33, 10, "SFP28", "1x10g", true},
		{"celestica-ds4101", 34, 10, "SFP28", "1x10g", true},
		{"celestica-ds4000", 33, 10, "SFP28", "1x10g", true},
		{"celestica-ds3000", 33, 10, "SFP28", "1x10g", true},
		{"dell-z9332f-on", 34, 10, "SFP28", "1x10g", true},
		{"edgecore-dcs240", 1, 400, "QSFP56-DD", "1x400g", false},
		{"celestica-ds2000", 1, 25, "SFP28", "1x25g", true},
		{"celestica-ds2000", 50, 100, "QSFP28", "1x100g", true},
		{"celestica-ds2000", 56, 100, "QSFP28", "1x100g", false},
		{"edgecore-eps203", 1, 1, "RJ45", "1x1g", true},
		{"edgecore-eps203", 37, 10, "RJ45", "1x10g", true},
		{"edgecore-eps203", 53, 100, "QSFP28", "1x100g", true},
		{"edgecore-dcs203", 57, 10, "SFP28", "1x10g", true},
	}
	for _, tc := range tests {
		g, ok := mustProfile(t, tc.profile).Port(tc.port)
		if !ok {
			t.Errorf("%s: port %d missing", tc.profile, tc.port)
			continue
		}
		if g.NativeSpeed != tc.speed || g.Connector != tc.connector || g.Default != tc.def || g.SpeedOnly != tc.speedOnly {
			t.Errorf("%s port %d = %+v", tc.profile, tc.port, g)
		}
	}
	if _, ok := mustProfile(t, "celestica-ds5000").Port(67); ok {
		t.Error("ds5000 port 67 exists")
	}
	if _, ok := mustProfile(t, "celestica-ds5000").Port(0); ok {
		t.Error("ds5000 port 0 exists")
	}
}

func TestCatalogueSupportsBreakout(t *testing.T) {
	tests := []struct {
		profile string
		port    int
		id      string
		want    bool
	}{
		{"celestica-ds5000", 1, "4x200g", true},
		{"celestica-ds5000", 1, "2x400g", true},
		{"celestica-ds5000", 1, "1x800g", true},
		{"celestica-ds5000", 1, "8x100g", true},
		{"celestica-ds5000", 1, "4X200G", true},
		{"celestica-ds5000", 1, "1x400g", true},
		{"celestica-ds5000", 1, "2x200g", true},
		{"celestica-ds5000", 1, "2x50g", true},
		{"celestica-ds5000", 1, "8x50g", false},
		{"celestica-ds5000", 65, "4x200g", false},
		{"celestica-ds5000", 65, "2x400g", false},
		{"celestica-ds5000", 65, "1x800g", false},
		{"celestica-ds5000", 65, "8x100g", false},
		{"celestica-ds5000", 65, "1x25g", true},
		{"celestica-ds5000", 65, "1x10g", true},
		{"celestica-ds5000", 67, "1x25g", false},
		{"celestica-ds5000", 1, "bogus", false},
		{"celestica-ds4101", 1, "1x800g", false},
		{"celestica-ds4101", 1, "8x100g", true},
		{"celestica-ds3000", 14, "4x25g", true},
		{"celestica-ds3000", 1, "1x25g", false},
		{"dell-s5232f-on", 31, "4x25g", true},
		{"dell-s5232f-on", 32, "4x25g", false},
		{"dell-s5232f-on", 32, "1x40g", true},
		{"dell-s5248f-on", 1, "1x10g", true},
		{"dell-s5248f-on", 1, "1x1g", false},
		{"edgecore-eps203", 1, "1x1g", true},
		{"edgecore-eps202", 1, "1x1g", true},
		{"vs", 1, "1x25g", true},
		{"vs", 1, "4x25g", false},
	}
	for _, tc := range tests {
		if got := mustProfile(t, tc.profile).SupportsBreakout(tc.port, tc.id); got != tc.want {
			t.Errorf("%s.SupportsBreakout(%d, %q) = %v, want %v", tc.profile, tc.port, tc.id, got, tc.want)
		}
	}
}

func TestCatalogueCanServe(t *testing.T) {
	roles := []string{"spine", "server-leaf", "border-leaf", "mixed-leaf"}
	tests := []struct {
		profile string
		want    []bool // per roles
	}{
		{"celestica-ds4000", []bool{true, false, false, false}},
		{"celestica-ds4101", []bool{true, false, false, false}},
		{"dell-z9332f-on", []bool{true, false, false, false}},
		{"edgecore-dcs501", []bool{true, false, false, false}},
		{"celestica-ds5000", []bool{true, true, true, true}},
		{"edgecore-eps203", []bool{false, true, true, true}},
		{"celestica-ds3000", []bool{true, true, true, true}},
	}
	for _, tc := range tests {
		p := mustProfile(t, tc.profile)
		for i, r := range roles {
			if got := p.CanServe(r); got != tc.want[i] {
				t.Errorf("%s.CanServe(%q) = %v, want %v", tc.profile, r, got, tc.want[i])
			}
		}
		if p.CanServe("router") {
			t.Errorf("%s serves unknown role", tc.profile)
		}
	}
}

func TestCataloguePipelines(t *testing.T) {
	ds5000 := mustProfile(t, "celestica-ds5000")
	// Hedgehog: ports 1 and 4 share pipeline 1, 2 and 3 pipeline 2, ...
	for _, pair := range [][2]int{{1, 4}, {2, 3}, {5, 8}, {6, 7}, {61, 64}, {62, 63}} {
		a, b := ds5000.PipelineOf(pair[0]), ds5000.PipelineOf(pair[1])
		if a < 0 || a != b || ds5000.Pipelines[a].MaxLanes != 10 {
			t.Errorf("ds5000 ports %v in pipelines %d, %d", pair, a, b)
		}
	}
	if ds5000.PipelineOf(1) == ds5000.PipelineOf(2) {
		t.Error("ds5000 ports 1 and 2 share a pipeline")
	}
	if ds5000.PipelineOf(65) != -1 {
		t.Error("ds5000 port 65 in a pipeline")
	}
	ds4000 := mustProfile(t, "celestica-ds4000")
	if ds4000.PipelineOf(1) != 0 || ds4000.PipelineOf(4) != 0 || ds4000.PipelineOf(5) != 1 || ds4000.Pipelines[0].MaxLanes != 18 {
		t.Error("ds4000 pipelines wrong")
	}
	ds4101 := mustProfile(t, "celestica-ds4101")
	if ds4101.PipelineOf(1) != 0 || ds4101.PipelineOf(2) != 0 || ds4101.PipelineOf(3) != 1 || ds4101.Pipelines[15].MaxLanes != 16 {
		t.Error("ds4101 pipelines wrong")
	}
	if mustProfile(t, "celestica-ds3000").PipelineOf(1) != -1 {
		t.Error("ds3000 has pipelines")
	}
}

func TestCatalogueBreakoutListsInTableOrder(t *testing.T) {
	for _, name := range ProfileNames() {
		for _, g := range mustProfile(t, name).Ports {
			for i := 1; i < len(g.Breakouts); i++ {
				if breakoutIndex[g.Breakouts[i-1]] >= breakoutIndex[g.Breakouts[i]] {
					t.Errorf("%s %d-%d: %v not in table order", name, g.First, g.Last, g.Breakouts)
				}
			}
		}
	}
}

func TestProfileCustom(t *testing.T) {
	p, err := NewCustomProfile(" es1000-48 ", []PortGroup{
		{First: 49, Last: 52, NativeSpeed: 25, Connector: "SFP28", Default: "1x25G", Breakouts: []string{"1x10g", "1X25G", "1x10g"}},
		{First: 1, Last: 48, NativeSpeed: 1, Connector: "RJ45"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "es1000-48" || p.DisplayName != "es1000-48" || !p.Leaf || !p.Spine || p.MaxPorts != 0 {
		t.Errorf("header %+v", p)
	}
	if got := FormatPortSpec(p.PortNumbers()); got != "1-52" {
		t.Errorf("ports %s", got)
	}
	g, _ := p.Port(1)
	if g.Default != "1x1g" || !reflect.DeepEqual(g.Breakouts, []string{"1x1g"}) {
		t.Errorf("implied default: %+v", g)
	}
	g, _ = p.Port(50)
	if g.Default != "1x25g" || !reflect.DeepEqual(g.Breakouts, []string{"1x25g", "1x10g"}) {
		t.Errorf("group 49-52: %+v", g)
	}
	if !p.SupportsBreakout(49, "1x25g") || !p.SupportsBreakout(1, "1x1g") || p.SupportsBreakout(1, "1x25g") {
		t.Error("SupportsBreakout wrong")
	}

	// Single listed breakout becomes the default; default added to the list.
	p, err = NewCustomProfile("x", []PortGroup{
		{First: 1, Last: 4, NativeSpeed: 100, Breakouts: []string{"4x25g"}},
		{First: 5, Last: 8, NativeSpeed: 100, Default: "1x40g", Breakouts: []string{"4x25g"}},
		{First: 9, Last: 9, NativeSpeed: 100, Breakouts: []string{"4x25g", "4x10g"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := p.Port(1); g.Default != "4x25g" {
		t.Errorf("single default %+v", g)
	}
	if g, _ := p.Port(5); g.Default != "1x40g" || !reflect.DeepEqual(g.Breakouts, []string{"1x40g", "4x25g"}) {
		t.Errorf("default added %+v", g)
	}
	if g, _ := p.Port(9); g.Default != "1x100g" {
		t.Errorf("implied default %+v", g)
	}

	// The caller's slice is not kept.
	in := []PortGroup{{First: 1, Last: 2, NativeSpeed: 10}}
	p, _ = NewCustomProfile("y", in)
	in[0].First = 99
	if p.Ports[0].First != 1 {
		t.Error("groups aliased")
	}
}

func TestProfileCustomErrors(t *testing.T) {
	tests := []struct {
		name   string
		groups []PortGroup
		msg    string
	}{
		{"", []PortGroup{{First: 1, Last: 1, NativeSpeed: 1}}, "needs a name"},
		{"x", nil, "has no ports"},
		{"x", []PortGroup{{First: 0, Last: 1, NativeSpeed: 1}}, "within 1..1024"},
		{"x", []PortGroup{{First: 1, Last: 1025, NativeSpeed: 1}}, "within 1..1024"},
		{"x", []PortGroup{{First: 5, Last: 4, NativeSpeed: 1}}, "first <= last"},
		{"x", []PortGroup{{First: 1, Last: 4, NativeSpeed: 0}}, "native speed 0"},
		{"x", []PortGroup{{First: 1, Last: 4, NativeSpeed: 25, Breakouts: []string{"3x7g"}}}, `unknown breakout "3x7g"`},
		{"x", []PortGroup{{First: 1, Last: 4, NativeSpeed: 25, Breakouts: []string{"4x25g"}}}, `breakout "4x25g" (4 x 25G, a 100G port mode) does not fit a 25G port`},
		{"x", []PortGroup{{First: 1, Last: 4, NativeSpeed: 25, Default: "1x100g"}}, `"1x100g"`},
		{"x", []PortGroup{{First: 1, Last: 4, NativeSpeed: 3}}, "no default breakout given and none is implied by native speed 3G"},
		{"x", []PortGroup{{First: 1, Last: 1, NativeSpeed: 3}}, "port E1/1:"},
		{"x", []PortGroup{{First: 1, Last: 10, NativeSpeed: 1}, {First: 10, Last: 12, NativeSpeed: 1}}, "ports E1/10-12 overlap ports E1/1-10"},
	}
	for _, tc := range tests {
		_, err := NewCustomProfile(tc.name, tc.groups)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("NewCustomProfile(%q, %+v) error %v, want %q", tc.name, tc.groups, err, tc.msg)
		}
	}
}

func TestProfilePortGroupContains(t *testing.T) {
	g := PortGroup{First: 3, Last: 5}
	for n, want := range map[int]bool{2: false, 3: true, 5: true, 6: false} {
		if g.Contains(n) != want {
			t.Errorf("Contains(%d) != %v", n, want)
		}
	}
}

func TestCatalogueBuildPanicsOnBadData(t *testing.T) {
	// normalizeGroups is what buildCatalogue relies on; a bad group must be
	// reported, never silently accepted.
	if _, err := normalizeGroups([]PortGroup{{First: 1, Last: 1, NativeSpeed: 100, Breakouts: []string{"8x100g"}}}); err == nil {
		t.Error("bad group accepted")
	}
}
