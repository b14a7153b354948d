package diagram

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// mesh is 4 servers on a mesh of 3 DS3000 leaves.
func mesh(t testing.TB) design {
	return planDesign(t, []planner.ServerClass{dualHomed("edge", "", 4)},
		func(a map[string]planner.Attachment) planner.SwitchClass {
			return planner.SwitchClass{Name: "mesh", Fabric: "edge", Role: planner.RoleServerLeaf, DeviceType: "celestica-ds3000",
				Topology: planner.TopologyMesh, Override: 3, HasOverride: true, Zones: map[string]planner.Zone{
					"mesh":    {Kind: planner.ZoneMesh, Ports: "29-32", Breakout: "1x100g"},
					"servers": {Kind: planner.ZoneServer, Ports: "1-8", Breakout: "1x100g", Attach: []planner.Attachment{a["edge/fe"]}},
				}}
		})
}

func TestBuildCounts(t *testing.T) {
	for _, tc := range []struct {
		name                      string
		design                    func(testing.TB) design
		level                     Level
		nodes, edges              int
		switches, servers, cables int
	}{
		// 16 server links and 2 uplinks from each of the 2 leaves.
		{"8 servers", small, LevelClass, 3, 2, 3, 8, 16 + 4},
		// Every switch gets its own box; both edges are spread alike, so they join the frames.
		{"8 servers", small, LevelDevice, 4, 2, 3, 8, 16 + 4},
		// The counts of SPEC §10: 20 switches, 155 servers, 1017 cables.
		{"SPEC §10", func(t testing.TB) design { return reference(t, 1) }, LevelClass, 16, 24, 20, 155, 1017},
		{"SPEC §10", func(t testing.TB) design { return reference(t, 1) }, LevelDevice, 29, 27, 20, 155, 1017},
		// 64 leaves, 8 spines, 11 OOB switches. The leaf class wraps into a grid, so its edges join
		// its frame, as do the BMC blocks, spread 40 to 41 per OOB switch.
		{"512 servers", large, LevelClass, 5, 5, 83, 512, 512*3 + 64*16},
		{"512 servers", large, LevelDevice, 83 + 2, 5, 83, 512, 512*3 + 64*16},
		// Mesh links join switches of one class: they are written in its box, not drawn.
		{"mesh", mesh, LevelClass, 2, 1, 3, 4, 8 + 6},
	} {
		t.Run(tc.name+"/"+string(tc.level), func(t *testing.T) {
			d := tc.design(t)
			g := build(t, d, tc.level)
			if g.Nodes() != tc.nodes || len(g.Edges) != tc.edges {
				t.Errorf("%d nodes, %d edges; want %d, %d", g.Nodes(), len(g.Edges), tc.nodes, tc.edges)
			}
			if g.Switches != tc.switches || g.Servers != tc.servers || g.Cables != tc.cables {
				t.Errorf("%d switches, %d servers, %d cables; want %d, %d, %d", g.Switches, g.Servers, g.Cables,
					tc.switches, tc.servers, tc.cables)
			}
			// Every link but mesh links is on exactly one edge.
			drawn, links := 0, 0
			for _, e := range g.Edges {
				drawn += e.Links()
			}
			for _, sc := range d.switches {
				for _, l := range sc.Plan.Links {
					if l.Kind != planner.LinkMesh {
						links++
					}
				}
			}
			if drawn != links {
				t.Errorf("edges carry %d links, the plan has %d", drawn, links)
			}
		})
	}
}

func TestBuildMeshLine(t *testing.T) {
	g := build(t, mesh(t), LevelClass)
	if got := g.Blocks[0].Lines; !reflect.DeepEqual(got, []string{"3 × celestica-ds3000", "server-leaf", "mesh 6×100G"}) {
		t.Errorf("mesh class lines %q", got)
	}
}

// Rows: spines on top, leaves below, a class whose uplinks land on a leaf below that, and
// server classes at the bottom.
func TestBuildRanks(t *testing.T) {
	g := build(t, reference(t, 1), LevelClass)
	want := map[string]int{"fe-spine": 0, "be-spine": 0, "fe-gpu-leaf": 1, "fe-storage-leaf": 1, "fe-border-leaf": 1,
		"be-rail-leaf": 1, "oob-mgmt-leaf": 2, "gpu-fe-only": 3, "hhg": 3, "storage": 3}
	for _, b := range g.Blocks {
		if r, ok := want[b.Name]; ok && b.Rank != r {
			t.Errorf("%s in row %d, want %d", b.Name, b.Rank, r)
		}
	}
	// Without spines the leaves move up to the top row.
	var leaves design
	for _, sc := range reference(t, 1).switches {
		if sc.Input.Role != planner.RoleSpine {
			leaves.switches = append(leaves.switches, sc)
		}
	}
	for _, b := range build(t, leaves, LevelClass).Blocks {
		if b.Name == "fe-gpu-leaf" && b.Rank != 0 {
			t.Errorf("without spines fe-gpu-leaf is in row %d", b.Rank)
		}
	}
}

// The same classes in any order draw the same bytes.
func TestBuildDeterministic(t *testing.T) {
	for name, d := range designs(t) {
		for _, level := range Levels {
			g := build(t, d, level)
			rev := design{switches: slices.Clone(d.switches), servers: slices.Clone(d.servers)}
			slices.Reverse(rev.switches)
			slices.Reverse(rev.servers)
			h := build(t, rev, level)
			for format, render := range map[string]func(*Graph) string{"svg": SVG, "mermaid": Mermaid, "dot": DOT} {
				if render(g) != render(h) {
					t.Errorf("%s %s: %s differs with the classes in reverse order", name, level, format)
				}
			}
		}
	}
}

func TestBuildOptions(t *testing.T) {
	d := small(t)
	if _, err := Build(d.switches, d.servers, Options{Level: "rack"}); err == nil || !strings.Contains(err.Error(), `level "rack"`) {
		t.Errorf("level rack: %v", err)
	}
	g, err := Build(d.switches, d.servers, Options{})
	if err != nil || g.Level != LevelClass {
		t.Errorf("default level %q, %v", g.Level, err)
	}
	if s := g.summary(); s != "3 switches · 8 servers · 20 links · class level" {
		t.Errorf("untitled summary %q", s)
	}
}

// Classes the caller did not pass still show where links name them: server classes from the
// links' attachments, switch classes as dashed boxes in the bottom row.
func TestBuildClassesNotPassed(t *testing.T) {
	ref := reference(t, 1)
	var spine []SwitchClass
	for _, sc := range ref.switches {
		if sc.Input.Name == "fe-spine" {
			spine = append(spine, sc)
		}
	}
	g, err := Build(spine, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range g.Blocks {
		got = append(got, b.Name+"|"+strings.Join(b.Lines, ","))
	}
	want := []string{"fe-spine|4 × celestica-ds5000,spine", "fe-border-leaf|2 switches,class not passed",
		"fe-gpu-leaf|2 switches,class not passed", "fe-storage-leaf|2 switches,class not passed", "hhg|2 servers"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("blocks\n%q\nwant\n%q", got, want)
	}
	checkGeometry(t, parseSVG(t, SVG(g)))
}

func TestBuildEmpty(t *testing.T) {
	for _, level := range Levels {
		g, err := Build(nil, nil, Options{Level: level})
		if err != nil {
			t.Fatal(err)
		}
		drawn := parseSVG(t, SVG(g))
		if len(drawn.shapes["node"]) != 0 || len(drawn.edges) != 0 {
			t.Errorf("%s: an empty design draws %d boxes and %d edges", level, len(drawn.shapes["node"]), len(drawn.edges))
		}
		if !strings.Contains(Mermaid(g), "flowchart TB") || !strings.HasSuffix(DOT(g), "}\n") {
			t.Errorf("%s: empty Mermaid or DOT is incomplete", level)
		}
	}
}

func TestEdgeLabel(t *testing.T) {
	spread := func(per string, lo, hi int) Edge {
		e := Edge{Speeds: map[int]int{400: 8}}
		e.Spread.Per, e.Spread.Min, e.Spread.Max = per, lo, hi
		return e
	}
	for _, tc := range []struct {
		edge Edge
		want []string
	}{
		{Edge{Speeds: map[int]int{200: 192}}, []string{"192×200G"}},
		{Edge{Speeds: map[int]int{1: 1, 25: 2}}, []string{"2×25G + 1×1G"}},
		{spread("pair", 8, 8), []string{"8×400G", "8 per pair"}},
		{spread("switch", 4, 5), []string{"8×400G", "4–5 per switch"}},
	} {
		if got := tc.edge.Label(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%+v: %q, want %q", tc.edge, got, tc.want)
		}
	}
}
