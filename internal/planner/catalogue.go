package planner

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// PortGroup is a run of identical physical ports E1/First..E1/Last.
//
// Breakouts is the explicit list of modes the ports offer (ids of the
// Breakouts() table, including Default); SupportsBreakout accepts exactly
// those. A listed mode may belong to a slower port class than NativeSpeed
// ("1x400g" or "2x50g" on an 800G OSFP port, "1x10g" on a 25G SFP28 port);
// every listed mode fits the port (BreakoutFits). Profiles keep Breakouts in
// the order of the Breakouts() table.
type PortGroup struct {
	First, Last int    // physical port numbers E1/First..E1/Last
	NativeSpeed int    // Gbit/s
	Connector   string // "OSFP", "QSFP-DD", "QSFP56-DD", "QSFP28", "SFP28", "RJ45"
	Default     string // default breakout id, e.g. "1x800g"
	Breakouts   []string
	// SpeedOnly marks ports that Hedgehog configures by speed (wiring
	// "portSpeeds", e.g. "E1/65: 25G"), not by breakout: SFP/RJ45 ports and
	// the QSFP28 ports Hedgehog marks as non-breakout. Their modes are all
	// single-lane.
	SpeedOnly bool
}

// Contains reports whether physical port n is in the group.
func (g PortGroup) Contains(n int) bool { return n >= g.First && n <= g.Last }

// Pipeline is a set of physical ports sharing an ASIC pipeline, whose logical
// ports (lanes after breakout) may not exceed MaxLanes.
type Pipeline struct {
	Ports    []int
	MaxLanes int
}

// Profile is a Hedgehog switch profile (SPEC §9). Catalogue profiles are
// shared and immutable: callers must not modify a *Profile or its slices.
type Profile struct {
	Name        string      // "celestica-ds5000"
	DisplayName string      // "Celestica DS5000"
	Ports       []PortGroup // data ports only, sorted by First; every profile also has ManagementPort "M1"
	Spine, Leaf bool        // roles it can serve (spine-only profiles: Leaf=false)
	LimitedLeaf bool        // eps202/eps203: no subinterfaces
	L3OnlyLeaf  bool        // ds5000: no L2VNI, only L3 VPC modes
	ESLAG       bool
	MCLAG       bool
	RoCE        bool
	MaxPorts    int        // 0 = no limit; limit on total logical lanes after breakout
	Pipelines   []Pipeline // optional per-pipeline lane caps, in pipeline order
	Virtual     bool       // "vs"
}

// Port returns the group that holds physical port n.
func (p *Profile) Port(n int) (PortGroup, bool) {
	for _, g := range p.Ports {
		if g.Contains(n) {
			return g, true
		}
	}
	return PortGroup{}, false
}

// PortNumbers returns every physical data port number, sorted. The slice is
// the caller's.
func (p *Profile) PortNumbers() []int {
	var out []int
	for _, g := range p.Ports {
		for n := g.First; n <= g.Last; n++ {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out
}

// SupportsBreakout reports whether physical port n exists and lists mode id
// (case-insensitive, e.g. "4x200G").
func (p *Profile) SupportsBreakout(port int, id string) bool {
	g, ok := p.Port(port)
	if !ok {
		return false
	}
	b, ok := LookupBreakout(id)
	if !ok {
		return false
	}
	for _, x := range g.Breakouts {
		if x == b.ID {
			return true
		}
	}
	return false
}

// CanServe reports whether the profile can serve a switch role: "spine"
// needs Spine, "server-leaf", "border-leaf" and "mixed-leaf" need Leaf.
// Unknown roles give false.
func (p *Profile) CanServe(role string) bool {
	switch role {
	case "spine":
		return p.Spine
	case "server-leaf", "border-leaf", "mixed-leaf":
		return p.Leaf
	}
	return false
}

// PipelineOf returns the index in p.Pipelines of the pipeline holding
// physical port n, or -1 when the port belongs to none.
func (p *Profile) PipelineOf(port int) int {
	for i, pl := range p.Pipelines {
		for _, x := range pl.Ports {
			if x == port {
				return i
			}
		}
	}
	return -1
}

// LookupProfile returns the catalogue profile with the given name
// (case-insensitive, surrounding space ignored). The result is shared and
// immutable: callers must not modify it.
func LookupProfile(name string) (*Profile, bool) {
	p, ok := catalogue[strings.ToLower(strings.TrimSpace(name))]
	return p, ok
}

// ProfileNames returns the catalogue profile names, sorted.
func ProfileNames() []string {
	out := slices.Sorted(maps.Keys(catalogue))
	return out
}

// profilesWith returns the names of the catalogue profiles that satisfy keep, sorted.
func profilesWith(keep func(*Profile) bool) []string {
	var out []string
	for _, name := range ProfileNames() {
		if keep(catalogue[name]) {
			out = append(out, name)
		}
	}
	return out
}

// NewCustomProfile builds a profile for a switch model outside the catalogue
// (e.g. an unmanaged OOB switch "es1000-48"). It can serve every role
// (Leaf = Spine = true) and has no feature flags or limits.
//
// Each group must lie in 1..MaxPort, not overlap another, have a positive
// NativeSpeed, and list only modes of the Breakouts() table that fit the port
// (BreakoutFits). Ids are normalised to the table's lower-case form and
// de-duplicated. Default is added to Breakouts when missing; when Default is
// empty it is the only listed mode, else "1x<NativeSpeed>g" when that exists.
// The groups are copied and sorted by First; the caller's slice is not kept.
func NewCustomProfile(name string, groups []PortGroup) (*Profile, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, fmt.Errorf("custom switch profile needs a name")
	}
	if len(groups) == 0 {
		return nil, fmt.Errorf("custom switch profile %q has no ports", name)
	}
	gs, err := normalizeGroups(groups)
	if err != nil {
		return nil, fmt.Errorf("custom switch profile %q: %w", name, err)
	}
	return &Profile{Name: name, DisplayName: name, Ports: gs, Spine: true, Leaf: true}, nil
}

func groupLabel(g PortGroup) string {
	if g.First == g.Last {
		return "port E1/" + strconv.Itoa(g.First)
	}
	return "ports E1/" + strconv.Itoa(g.First) + "-" + strconv.Itoa(g.Last)
}

// normalizeGroups validates and canonicalises port groups (shared by the
// catalogue and NewCustomProfile).
func normalizeGroups(groups []PortGroup) ([]PortGroup, error) {
	gs := make([]PortGroup, len(groups))
	for i, g := range groups {
		if g.First < 1 || g.Last > MaxPort || g.First > g.Last {
			return nil, fmt.Errorf("port group %d-%d: ports must be a range within 1..%d with first <= last", g.First, g.Last, MaxPort)
		}
		if g.NativeSpeed < 1 {
			return nil, fmt.Errorf("%s: native speed %d must be a positive number of Gbit/s", groupLabel(g), g.NativeSpeed)
		}
		var ids []string
		add := func(raw string) error {
			b, ok := LookupBreakout(raw)
			if !ok {
				return fmt.Errorf("%s: unknown breakout %q (known: %s)", groupLabel(g), raw, strings.Join(breakoutIDs(), ", "))
			}
			if !BreakoutFits(b, g.NativeSpeed) {
				return fmt.Errorf("%s: breakout %q (%d x %dG, a %dG port mode) does not fit a %dG port", groupLabel(g), b.ID, b.Lanes, b.LaneSpeed, b.NativeSpeed, g.NativeSpeed)
			}
			for _, x := range ids {
				if x == b.ID {
					return nil
				}
			}
			ids = append(ids, b.ID)
			return nil
		}
		for _, raw := range g.Breakouts {
			if err := add(raw); err != nil {
				return nil, err
			}
		}
		def := normalizeBreakoutID(g.Default)
		if def == "" {
			switch {
			case len(ids) == 1:
				def = ids[0]
			default:
				implied := "1x" + strconv.Itoa(g.NativeSpeed) + "g"
				if _, ok := LookupBreakout(implied); !ok {
					return nil, fmt.Errorf("%s: no default breakout given and none is implied by native speed %dG", groupLabel(g), g.NativeSpeed)
				}
				def = implied
			}
		}
		if err := add(def); err != nil {
			return nil, err
		}
		g.Default, _ = canonicalID(def)
		sort.SliceStable(ids, func(i, j int) bool { return breakoutIndex[ids[i]] < breakoutIndex[ids[j]] })
		g.Breakouts = ids
		gs[i] = g
	}
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].First < gs[j].First })
	for i := 1; i < len(gs); i++ {
		if gs[i].First <= gs[i-1].Last {
			return nil, fmt.Errorf("%s overlap %s", groupLabel(gs[i]), groupLabel(gs[i-1]))
		}
	}
	return gs, nil
}

func canonicalID(id string) (string, bool) {
	b, ok := LookupBreakout(id)
	return b.ID, ok
}

func breakoutIDs() []string {
	out := make([]string, len(breakoutTable))
	for i, b := range breakoutTable {
		out[i] = b.ID
	}
	return out
}

// ---------------------------------------------------------------------------
// Catalogue data.
//
// Source: SPEC §9, completed with facts from Hedgehog's own switch profiles
// (github.com/githedgehog/fabric, pkg/ctrl/switchprofile/p_bcm_*.go):
//   - the exact breakout lists per port profile;
//   - speed-only ("non-breakout") QSFP28 ports: DS2000 E1/50-55, S5232F and
//     DCS204 E1/32, DCS203 E1/56 (speeds 40G/100G only), EPS203 E1/53-54;
//   - speeds supported by SFP/RJ45 ports (e.g. 1G on the 10G SFP28 ports);
//   - pipelines: DS5000 32 x 10 lanes, pipeline 2k+1 = ports (4k+1, 4k+4) and
//     2k+2 = ports (4k+2, 4k+3) (i.e. (1,4), (2,3), (5,8), (6,7), ...);
//     DS4000, Z9332F and DCS240 8 x 18 lanes over ports 1-4, 5-8, ...;
//     DS4101 16 x 16 lanes over ports (1,2), (3,4), ...;
//   - maxPorts: DS4000 144, DS4101 272, DS5000 320, Z9332F 144.
//   - RoCE flags where §9 is silent (S5232F, S5248F, Z9332F, DS4000, DS4101,
//     DCS203/204/240, VS: yes; DCS501, EPS202/203, DS2000: no).
// ---------------------------------------------------------------------------

// Breakout lists, in the order of the Breakouts() table.
var (
	bo800DS5000 = []string{"1x800g", "2x400g", "4x200g", "8x100g", "1x400g", "2x200g", "4x100g", "1x100g", "2x50g", "2x100g", "1x50g"}
	bo800DS4101 = []string{"2x400g", "4x200g", "8x100g", "1x400g", "2x200g", "4x100g", "8x50g", "1x100g", "1x200g", "2x100g", "2x40g", "4x50g", "8x25g", "8x10g"}
	bo400DS4000 = []string{"1x400g", "2x200g", "4x100g", "8x50g", "1x100g", "1x40g", "4x25g", "4x10g", "1x25g", "1x10g", "2x100g", "2x40g", "8x25g", "8x10g"}
	bo400Z9332F = []string{"1x400g", "2x200g", "4x100g", "8x50g", "1x100g", "1x40g", "4x25g", "4x10g", "1x25g", "1x10g", "1x200g", "2x100g", "2x40g", "8x25g", "8x10g", "1x50g"}
	bo400DCS240 = []string{"1x400g", "2x200g", "4x100g", "8x50g", "1x100g", "1x40g", "2x50g", "4x10g", "1x25g", "1x10g", "2x100g", "2x40g", "8x25g", "8x10g", "1x50g"}
	// QSFP28 100G with 1x50/2x50 and 1x25/1x10 (DS3000 has no 1x25/1x10).
	bo100S5232F = []string{"1x100g", "1x40g", "2x50g", "4x25g", "4x10g", "1x25g", "1x10g", "1x50g"}
	bo100DS3000 = []string{"1x100g", "1x40g", "2x50g", "4x25g", "4x10g", "1x50g"}
	bo100Basic  = []string{"1x100g", "1x40g", "4x25g", "4x10g"}
	// Speed-only ports.
	sp100   = []string{"1x100g", "1x40g"}
	sp25    = []string{"1x25g", "1x10g", "1x1g"} // SFP28 25G with 1/10/25G
	sp25Grp = []string{"1x25g", "1x10g"}         // SFP28 25G in speed groups (10/25G)
	sp10    = []string{"1x10g", "1x1g"}
	sp1     = []string{"1x1g"}
)

func grp(first, last, speed int, connector, def string, bo []string, speedOnly bool) PortGroup {
	return PortGroup{First: first, Last: last, NativeSpeed: speed, Connector: connector, Default: def, Breakouts: bo, SpeedOnly: speedOnly}
}

// pipelines builds n pipelines of `size` consecutive ports from port 1.
func consecutivePipelines(n, size, maxLanes int) []Pipeline {
	out := make([]Pipeline, n)
	for i := range out {
		ports := make([]int, size)
		for j := range ports {
			ports[j] = i*size + j + 1
		}
		out[i] = Pipeline{Ports: ports, MaxLanes: maxLanes}
	}
	return out
}

// ds5000Pipelines: per Hedgehog's DS5000 profile, within each block of four
// ports 4k+1..4k+4 the outer pair shares pipeline 2k+1 and the inner pair
// pipeline 2k+2; each pipeline is capped at 10 logical ports. E1/65-66 are in
// no pipeline.
func ds5000Pipelines() []Pipeline {
	out := make([]Pipeline, 0, 32)
	for k := 0; k < 16; k++ {
		b := 4 * k
		out = append(out,
			Pipeline{Ports: []int{b + 1, b + 4}, MaxLanes: 10},
			Pipeline{Ports: []int{b + 2, b + 3}, MaxLanes: 10},
		)
	}
	return out
}

func ds3000Like(name, display string) *Profile {
	return &Profile{
		Name: name, DisplayName: display,
		Ports: []PortGroup{
			grp(1, 32, 100, "QSFP28", "1x100g", bo100DS3000, false),
			grp(33, 33, 10, "SFP28", "1x10g", sp10, true),
		},
		Spine: true, Leaf: true, ESLAG: true, MCLAG: true, RoCE: true,
	}
}

func s5232fLike(name, display string) *Profile {
	return &Profile{
		Name: name, DisplayName: display,
		Ports: []PortGroup{
			grp(1, 31, 100, "QSFP28", "1x100g", bo100S5232F, false),
			grp(32, 32, 100, "QSFP28", "1x100g", sp100, true), // Hedgehog: non-breakout port
			grp(33, 34, 10, "SFP28", "1x10g", sp10, true),
		},
		Spine: true, Leaf: true, ESLAG: true, MCLAG: true, RoCE: true,
	}
}

func buildCatalogue() map[string]*Profile {
	list := []*Profile{
		{
			Name: "celestica-ds2000", DisplayName: "Celestica DS2000",
			Ports: []PortGroup{
				grp(1, 48, 25, "SFP28", "1x25g", sp25, true),
				grp(49, 49, 100, "QSFP28", "1x100g", bo100Basic, false),
				grp(50, 55, 100, "QSFP28", "1x100g", sp100, true), // Hedgehog: non-breakout ports
				grp(56, 56, 100, "QSFP28", "1x100g", bo100Basic, false),
			},
			Spine: true, Leaf: true, ESLAG: true, MCLAG: true,
		},
		ds3000Like("celestica-ds3000", "Celestica DS3000"),
		{
			Name: "celestica-ds4000", DisplayName: "Celestica DS4000",
			Ports: []PortGroup{
				grp(1, 32, 400, "QSFP-DD", "1x400g", bo400DS4000, false),
				grp(33, 33, 10, "SFP28", "1x10g", sp10, true),
			},
			Spine: true, RoCE: true, MaxPorts: 144,
			Pipelines: consecutivePipelines(8, 4, 18),
		},
		{
			Name: "celestica-ds4101", DisplayName: "Celestica DS4101",
			Ports: []PortGroup{
				grp(1, 32, 800, "OSFP", "2x400g", bo800DS4101, false),
				grp(33, 34, 10, "SFP28", "1x10g", sp10, true),
			},
			Spine: true, RoCE: true, MaxPorts: 272,
			Pipelines: consecutivePipelines(16, 2, 16),
		},
		{
			Name: "celestica-ds5000", DisplayName: "Celestica DS5000",
			Ports: []PortGroup{
				grp(1, 64, 800, "OSFP", "1x800g", bo800DS5000, false),
				grp(65, 66, 25, "SFP28", "1x25g", sp25, true),
			},
			Spine: true, Leaf: true, L3OnlyLeaf: true, RoCE: true, MaxPorts: 320,
			Pipelines: ds5000Pipelines(),
		},
		s5232fLike("dell-s5232f-on", "Dell S5232F-ON"),
		{
			Name: "dell-s5248f-on", DisplayName: "Dell S5248F-ON",
			Ports: []PortGroup{
				// Speed groups of 4 ports (1-4, 5-8, ...) share one speed.
				grp(1, 48, 25, "SFP28", "1x25g", sp25Grp, true),
				grp(49, 56, 100, "QSFP28", "1x100g", bo100S5232F, false),
			},
			Spine: true, Leaf: true, ESLAG: true, MCLAG: true, RoCE: true,
		},
		{
			Name: "dell-z9332f-on", DisplayName: "Dell Z9332F-ON",
			Ports: []PortGroup{
				grp(1, 32, 400, "QSFP-DD", "1x400g", bo400Z9332F, false),
				grp(33, 34, 10, "SFP28", "1x10g", sp10, true),
			},
			Spine: true, RoCE: true, MaxPorts: 144,
			Pipelines: consecutivePipelines(8, 4, 18),
		},
		{
			Name: "edgecore-dcs203", DisplayName: "Edgecore DCS203",
			Ports: []PortGroup{
				// Speed groups of 12 ports (1-12, 13-24, ...) share one speed.
				grp(1, 48, 25, "SFP28", "1x25g", sp25Grp, true),
				grp(49, 55, 100, "QSFP28", "1x100g", bo100Basic, false),
				grp(56, 56, 100, "QSFP28", "1x100g", sp100, true), // Hedgehog: non-breakout port
				grp(57, 58, 10, "SFP28", "1x10g", sp10, true),
			},
			Spine: true, Leaf: true, ESLAG: true, MCLAG: true, RoCE: true,
		},
		s5232fLike("edgecore-dcs204", "Edgecore DCS204"),
		{
			Name: "edgecore-dcs240", DisplayName: "Edgecore DCS240",
			Ports: []PortGroup{
				grp(1, 32, 400, "QSFP56-DD", "1x400g", bo400DCS240, false),
				grp(33, 34, 10, "SFP28", "1x10g", sp10, true),
			},
			Spine: true, Leaf: true, ESLAG: true, RoCE: true,
			Pipelines: consecutivePipelines(8, 4, 18),
		},
		{
			Name: "edgecore-dcs501", DisplayName: "Edgecore DCS501",
			Ports: []PortGroup{
				grp(1, 32, 100, "QSFP28", "1x100g", bo100Basic, false),
			},
			Spine: true,
		},
		{
			// §9: "limited leaf (no subinterfaces)"; unlike EPS203 it is not
			// marked "leaf only", so it may also serve as a spine.
			Name: "edgecore-eps202", DisplayName: "Edgecore EPS202",
			Ports: []PortGroup{
				grp(1, 48, 1, "RJ45", "1x1g", sp1, true),
				grp(49, 52, 25, "SFP28", "1x25g", sp25, true),
				grp(53, 54, 100, "QSFP28", "1x100g", bo100Basic, false),
			},
			Spine: true, Leaf: true, LimitedLeaf: true, ESLAG: true,
		},
		{
			Name: "edgecore-eps203", DisplayName: "Edgecore EPS203",
			Ports: []PortGroup{
				// E1/1-36 are 2.5G RJ45 ports (1G/2.5G). 2.5G is not a whole
				// number of Gbit/s, so they are modelled as 1G ports offering
				// only "1x1g".
				grp(1, 36, 1, "RJ45", "1x1g", sp1, true),
				grp(37, 48, 10, "RJ45", "1x10g", sp10, true),
				grp(49, 52, 25, "SFP28", "1x25g", sp25, true),
				grp(53, 54, 100, "QSFP28", "1x100g", sp100, true), // speeds only
			},
			Leaf: true, LimitedLeaf: true, ESLAG: true, MCLAG: true,
		},
		ds3000Like("supermicro-sse-c4632sb", "Supermicro SSE-C4632SB"),
		{
			// Hedgehog's VS keeps only the S5248F SFP28 ports (10/25G).
			Name: "vs", DisplayName: "Virtual Switch",
			Ports: []PortGroup{
				grp(1, 48, 25, "SFP28", "1x25g", sp25Grp, true),
			},
			Spine: true, Leaf: true, ESLAG: true, MCLAG: true, RoCE: true, Virtual: true,
		},
	}
	m := make(map[string]*Profile, len(list))
	for _, p := range list {
		gs, err := normalizeGroups(p.Ports)
		if err != nil {
			panic("planner: catalogue profile " + p.Name + ": " + err.Error())
		}
		p.Ports = gs
		m[p.Name] = p
	}
	return m
}

var catalogue = buildCatalogue()
