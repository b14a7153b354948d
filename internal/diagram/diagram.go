// Package diagram draws a planned fabric the way network architects review one: spines on top,
// leaves below them, server classes at the bottom, and between them how many links of which
// speed. It renders the same graph as Mermaid, Graphviz DOT, and an SVG that it lays out itself
// (no Graphviz needed). It is plain Go over the planner's results and deterministic: the same
// classes give the same bytes.
package diagram

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// Level is how much detail the drawing shows.
type Level string

const (
	// LevelClass draws one box per switch class and per server class, with its quantity.
	LevelClass Level = "class"
	// LevelDevice draws one box per switch, inside a frame per switch class; server classes
	// stay one box each.
	LevelDevice Level = "device"
)

// Levels lists the valid levels, default first.
var Levels = []Level{LevelClass, LevelDevice}

// SwitchClass is one planned switch class.
type SwitchClass struct {
	Input planner.SwitchClass
	Plan  planner.SwitchPlan
}

// ServerClass is a server class as the caller knows it. Server classes that links name but the
// caller did not pass are drawn too, with the number of servers that have a link.
type ServerClass struct {
	Name, DeviceType string
	Quantity         int
}

// Options choose the level and the title (a plan name, say) of the drawing.
type Options struct {
	Level Level
	Title string
}

// BlockKind tells the three kinds of boxes apart.
type BlockKind int

const (
	BlockSwitch   BlockKind = iota // a switch class
	BlockServer                    // a server class
	BlockExternal                  // a switch class a link names that the caller did not pass
)

// Block is one unit of the layout: a switch class (a box at class level, a frame holding one box
// per switch at device level) or a server class.
type Block struct {
	ID       string
	Kind     BlockKind
	Name     string
	Fabric   string // switch classes only
	Role     string // switch classes only
	Quantity int    // switches or servers
	Rank     int    // row, 0 at the top
	Lines    []string
	Title    string // the tooltip: every detail, unshortened
	Dashed   bool   // unmanaged switch classes, and external ones
	Devices  []Device
}

// Device is one switch drawn at device level.
type Device struct {
	ID, Name string
}

// Edge joins two boxes. Upper is the end that owns the zone the links land on (a switch, a
// frame or a class box); Lower is the server class or the switch whose uplinks they are. At
// device level an edge between frames stands for all links between the two classes.
type Edge struct {
	Upper, Lower string
	Fabric       string      // of the switch class the links land on, as the BOM counts cables
	Speeds       map[int]int // link speed in Gb/s -> links
	// Spread says the links are spread alike: over every pair of switches of the two classes
	// (Per "pair"), or for a server class over every switch of the class (Per "switch"), each
	// with Min to Max links, Max-Min at most 1, and more than one pair or switch. Per is empty
	// otherwise.
	Spread struct {
		Per      string
		Min, Max int
	}
	Aggregated bool // a device-level edge between frames
	Title      string
}

// Fabric is one column of the drawing.
type Fabric struct {
	Name    string
	Managed bool
	Color   string
}

// Graph is the fabric as boxes and edges, before layout.
type Graph struct {
	Title                     string
	Level                     Level
	Fabrics                   []Fabric
	Blocks                    []Block
	Edges                     []Edge
	Switches, Servers, Cables int
}

// Nodes counts the boxes drawn: blocks at class level; switches and server classes at device level.
func (g *Graph) Nodes() int {
	n := 0
	for _, b := range g.Blocks {
		if g.Level == LevelDevice && b.Kind == BlockSwitch {
			n += len(b.Devices)
		} else {
			n++
		}
	}
	return n
}

// Label is the text on an edge: "192×200G" (several speeds joined with " + "), and under it
// "8 per pair" or "40–41 per switch" when the links are spread alike.
func (e Edge) Label() []string {
	speeds := make([]int, 0, len(e.Speeds))
	for s := range e.Speeds {
		speeds = append(speeds, s)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(speeds)))
	parts := make([]string, len(speeds))
	for i, s := range speeds {
		parts[i] = fmt.Sprintf("%d×%s", e.Speeds[s], planner.SpeedName(s))
	}
	out := []string{strings.Join(parts, " + ")}
	switch sp := e.Spread; {
	case sp.Per == "":
	case sp.Min == sp.Max:
		out = append(out, fmt.Sprintf("%d per %s", sp.Min, sp.Per))
	default:
		out = append(out, fmt.Sprintf("%d–%d per %s", sp.Min, sp.Max, sp.Per))
	}
	return out
}

// Links is the number of links the edge stands for.
func (e Edge) Links() int {
	n := 0
	for _, c := range e.Speeds {
		n += c
	}
	return n
}

// Wrapping and aggregation keep a device-level drawing readable: a class of more switches than
// fit in one row wraps into a grid, and its edges join the frame; so do the edges between two
// classes when drawing them one by one would take more than maxPairEdges lines.
const (
	maxDevicesPerRow = 16
	maxPairEdges     = 24
)

// palette is the Okabe-Ito colour-blind-safe set, in the order fabrics take them.
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"}

// Colours of what is not a fabric.
const (
	serverStroke = "#555555"
	serverFill   = "#f2f2f2"
	textColor    = "#1a1a1a"
)

// tint mixes a #rrggbb colour with white; f is the share of the colour.
func tint(hex string, f float64) string {
	var r, g, b int
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b); err != nil {
		return "#ffffff"
	}
	mix := func(c int) int { return int(math.Round(255 - (255-float64(c))*f)) }
	return fmt.Sprintf("#%02x%02x%02x", mix(r), mix(g), mix(b))
}

func (g *Graph) fabricColor(name string) string {
	for _, f := range g.Fabrics {
		if f.Name == name {
			return f.Color
		}
	}
	return serverStroke
}

// linkEnd is one end of a link, by class block and device.
type linkEnd struct{ block, class, device string }

type link struct {
	upper, lower linkEnd
	speed        int
}

// Build turns planned classes into a graph at the chosen level.
func Build(switches []SwitchClass, servers []ServerClass, opt Options) (*Graph, error) {
	level := opt.Level
	if level == "" {
		level = LevelClass
	}
	if level != LevelClass && level != LevelDevice {
		return nil, fmt.Errorf("level %q is not one of %q", level, Levels)
	}
	switches = append([]SwitchClass(nil), switches...)
	sort.SliceStable(switches, func(i, j int) bool { return switches[i].Input.Name < switches[j].Input.Name })
	g := &Graph{Title: opt.Title, Level: level}
	links, mesh := collectLinks(switches)
	blocks := map[string]*Block{}
	var order []string
	add := func(b Block) *Block {
		if _, ok := blocks[b.ID]; !ok {
			order = append(order, b.ID)
			blocks[b.ID] = &b
		}
		return blocks[b.ID]
	}
	for _, sc := range switches {
		b := add(switchBlock(sc, mesh[switchID(sc.Input.Name)]))
		if level == LevelDevice {
			for _, d := range sc.Plan.Devices {
				b.Devices = append(b.Devices, Device{ID: deviceID(d), Name: d})
			}
		}
		g.Switches += sc.Plan.Effective
	}
	for _, s := range servers {
		if s.Quantity > 0 {
			add(serverBlock(s.Name, s.DeviceType, s.Quantity))
		}
	}
	// Classes that only the links name: count the devices they cable.
	seen := map[string]map[string]bool{}
	for _, l := range links {
		if seen[l.lower.block] == nil {
			seen[l.lower.block] = map[string]bool{}
		}
		seen[l.lower.block][l.lower.device] = true
	}
	for _, l := range links {
		if _, ok := blocks[l.lower.block]; ok {
			continue
		}
		name, n := l.lower.class, len(seen[l.lower.block])
		if l.lower.block == serverID(name) {
			add(serverBlock(name, "", n))
		} else {
			add(Block{ID: l.lower.block, Kind: BlockExternal, Name: name, Quantity: n, Dashed: true,
				Lines: []string{plural(n, "switch"), "class not passed"},
				Title: fmt.Sprintf("switch class %s: %s with links here; pass the class to draw it", name, plural(n, "switch"))})
		}
	}
	for _, b := range blocks {
		if b.Kind != BlockSwitch {
			g.Servers += b.Quantity
		}
	}
	g.Cables = len(links)
	for _, n := range mesh {
		for _, c := range n {
			g.Cables += c
		}
	}
	assignRanks(blocks, links)
	sort.SliceStable(order, func(i, j int) bool {
		a, b := blocks[order[i]], blocks[order[j]]
		if (a.Kind == BlockSwitch) != (b.Kind == BlockSwitch) {
			return a.Kind == BlockSwitch
		}
		return a.Name < b.Name
	})
	for _, id := range order {
		g.Blocks = append(g.Blocks, *blocks[id])
	}
	g.Fabrics = fabrics(switches)
	g.Edges = edges(blocks, links, level)
	return g, nil
}

func switchID(class string) string  { return "switch:" + class }
func deviceID(device string) string { return "device:" + device }
func serverID(class string) string  { return "server:" + class }

func plural(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case strings.HasSuffix(noun, "h"):
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func switchBlock(sc SwitchClass, mesh map[int]int) Block {
	in := sc.Input
	model := in.DeviceType
	if model == "" {
		model = in.Profile
	}
	role := in.Role
	unmanaged := in.FabricClass == planner.FabricUnmanaged
	if unmanaged {
		role += ", unmanaged"
	}
	lines := []string{fmt.Sprintf("%d × %s", sc.Plan.Effective, model), role}
	title := fmt.Sprintf("switch class %s: %d × %s, %s, fabric %s", in.Name, sc.Plan.Effective, model, role, in.Fabric)
	if len(mesh) > 0 {
		m := Edge{Speeds: mesh}.Label()[0]
		lines = append(lines, "mesh "+m)
		title += ", mesh links " + m
	}
	return Block{ID: switchID(in.Name), Kind: BlockSwitch, Name: in.Name, Fabric: in.Fabric, Role: in.Role,
		Quantity: sc.Plan.Effective, Lines: lines, Title: title, Dashed: unmanaged}
}

func serverBlock(name, deviceType string, quantity int) Block {
	lines := []string{plural(quantity, "server")}
	title := fmt.Sprintf("server class %s: %s", name, plural(quantity, "server"))
	if deviceType != "" {
		lines = append(lines, deviceType)
		title += " of type " + deviceType
	}
	return Block{ID: serverID(name), Kind: BlockServer, Name: name, Quantity: quantity, Lines: lines, Title: title}
}

// collectLinks lists every link by its two ends, and counts mesh links per class and speed
// (they join switches of one class, so they are written in the class's box).
func collectLinks(switches []SwitchClass) ([]link, map[string]map[int]int) {
	attachments := map[string]planner.Attachment{}
	for _, sc := range switches {
		for _, z := range sc.Input.Zones {
			for _, a := range z.Attach {
				attachments[a.Key()] = a
			}
		}
	}
	var out []link
	mesh := map[string]map[int]int{}
	for _, sc := range switches {
		upper := switchID(sc.Input.Name)
		for _, l := range sc.Plan.Links {
			if l.Kind == planner.LinkMesh {
				if mesh[upper] == nil {
					mesh[upper] = map[int]int{}
				}
				mesh[upper][l.Speed]++
				continue
			}
			a, ok := attachments[l.Attachment]
			if !ok {
				continue
			}
			lower := serverID(a.Class)
			if a.Source == planner.SourceSwitch {
				lower = switchID(a.Class)
			}
			out = append(out, link{upper: linkEnd{upper, sc.Input.Name, l.BDevice},
				lower: linkEnd{lower, a.Class, l.ADevice}, speed: l.Speed})
		}
	}
	return out, mesh
}

// assignRanks puts spines in row 0, every other switch class one row below the lowest class its
// uplinks land on (row 1 when they land nowhere), and server classes and external classes in
// the bottom row. Rows left empty are removed.
func assignRanks(blocks map[string]*Block, links []link) {
	uppers := map[string]map[string]bool{}
	for _, l := range links {
		if uppers[l.lower.block] == nil {
			uppers[l.lower.block] = map[string]bool{}
		}
		uppers[l.lower.block][l.upper.block] = true
	}
	rank := map[string]int{}
	var visit func(id string, depth int) int
	visit = func(id string, depth int) int {
		if r, ok := rank[id]; ok {
			return r
		}
		r := 1
		if b := blocks[id]; b != nil && b.Role == planner.RoleSpine && len(uppers[id]) == 0 {
			r = 0
		}
		// Terraform refuses dependency cycles, so uplinks form a DAG; depth only guards against
		// a malformed input.
		if depth < len(blocks) {
			for u := range uppers[id] {
				if ur := visit(u, depth+1) + 1; ur > r {
					r = ur
				}
			}
		}
		rank[id] = r
		return r
	}
	bottom := 0
	for id, b := range blocks {
		if b.Kind == BlockSwitch {
			if r := visit(id, 0); r+1 > bottom {
				bottom = r + 1
			}
		}
	}
	used := map[int]bool{}
	for id, b := range blocks {
		if b.Kind == BlockSwitch {
			b.Rank = rank[id]
		} else {
			b.Rank = bottom
		}
		used[b.Rank] = true
	}
	compact := map[int]int{}
	for r, n := 0, 0; r <= bottom; r++ {
		if used[r] {
			compact[r] = n
			n++
		}
	}
	for _, b := range blocks {
		b.Rank = compact[b.Rank]
	}
}

// fabrics orders the columns: managed fabrics first, then those with more switches, then by name.
func fabrics(switches []SwitchClass) []Fabric {
	devices := map[string]int{}
	managed := map[string]bool{}
	for _, sc := range switches {
		f := sc.Input.Fabric
		devices[f] += sc.Plan.Effective
		managed[f] = managed[f] || sc.Input.FabricClass != planner.FabricUnmanaged
	}
	names := make([]string, 0, len(devices))
	for f := range devices {
		names = append(names, f)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := names[i], names[j]
		if managed[a] != managed[b] {
			return managed[a]
		}
		if devices[a] != devices[b] {
			return devices[a] > devices[b]
		}
		return a < b
	})
	out := make([]Fabric, len(names))
	for i, f := range names {
		out[i] = Fabric{Name: f, Managed: managed[f], Color: palette[i%len(palette)]}
	}
	return out
}

type pairKey struct{ upper, lower string }

// edges groups links into edges: per pair of classes at class level. At device level a pair of
// classes whose links are spread alike over every switch (each leaf has 8 links to each spine, a
// server class alternates evenly over its leaves) is one edge between frames, and so is a pair
// that would take more than maxPairEdges lines or joins a class that wraps; other pairs are
// drawn switch by switch.
func edges(blocks map[string]*Block, links []link, level Level) []Edge {
	byClass := map[pairKey][]link{}
	for _, l := range links {
		k := pairKey{l.upper.block, l.lower.block}
		byClass[k] = append(byClass[k], l)
	}
	wraps := func(b *Block) bool { return len(b.Devices) > maxDevicesPerRow }
	var out []Edge
	for _, k := range sortedPairs(byClass) {
		ls := byClass[k]
		upper, lower := blocks[k.upper], blocks[k.lower]
		lowerIsSwitch := lower.Kind != BlockServer
		e := Edge{Upper: k.upper, Lower: k.lower, Fabric: upper.Fabric, Speeds: map[int]int{}}
		for _, l := range ls {
			e.Speeds[l.speed]++
		}
		spreadOver(&e, ls, upper, lower)
		e.Title = fmt.Sprintf("%s – %s: %s", lower.Name, upper.Name, strings.Join(e.Label(), ", "))
		perDevice := groupByDevices(ls, lowerIsSwitch)
		if level == LevelClass || e.Spread.Per != "" || wraps(upper) || wraps(lower) ||
			len(perDevice) > maxPairEdges {
			e.Aggregated = level == LevelDevice
			out = append(out, e)
			continue
		}
		for _, pk := range sortedPairs(perDevice) {
			d := Edge{Upper: deviceID(pk.upper), Lower: pk.lower, Fabric: upper.Fabric, Speeds: map[int]int{}}
			for _, l := range perDevice[pk] {
				d.Speeds[l.speed]++
			}
			lowerName := lower.Name
			if lowerIsSwitch {
				lowerName = strings.TrimPrefix(pk.lower, "device:")
			}
			d.Title = fmt.Sprintf("%s – %s: %s", lowerName, pk.upper, d.Label()[0])
			out = append(out, d)
		}
	}
	return out
}

// groupByDevices groups a class pair's links by upper switch and lower box (a switch when the
// lower end is a switch class, else the server class).
func groupByDevices(ls []link, lowerIsSwitch bool) map[pairKey][]link {
	out := map[pairKey][]link{}
	for _, l := range ls {
		lower := l.lower.block
		if lowerIsSwitch {
			lower = deviceID(l.lower.device)
		}
		k := pairKey{l.upper.device, lower}
		out[k] = append(out[k], l)
	}
	return out
}

func sortedPairs(m map[pairKey][]link) []pairKey {
	out := make([]pairKey, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].upper != out[j].upper {
			return out[i].upper < out[j].upper
		}
		return out[i].lower < out[j].lower
	})
	return out
}

// spreadOver sets the edge's Spread when the class pair's links reach every pair of switches
// (or, from a server class, every switch) with counts that differ by at most one: the even
// spreads of SPEC §5.3 (uplinks over spines, alternating servers, same-switch blocks).
func spreadOver(e *Edge, ls []link, upper, lower *Block) {
	count := map[pairKey]int{}
	want, per := upper.Quantity, "switch"
	for _, l := range ls {
		k := pairKey{upper: l.upper.device}
		if lower.Kind != BlockServer {
			k.lower = l.lower.device
		}
		count[k]++
	}
	if lower.Kind != BlockServer {
		want, per = upper.Quantity*lower.Quantity, "pair"
	}
	if want < 2 || len(count) != want {
		return
	}
	lo, hi := -1, 0
	for _, c := range count {
		if lo < 0 || c < lo {
			lo = c
		}
		hi = max(hi, c)
	}
	if hi-lo <= 1 {
		e.Spread.Per, e.Spread.Min, e.Spread.Max = per, lo, hi
	}
}
