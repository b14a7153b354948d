package diagram

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// element is any XML element, read back from the SVG as a browser would get it.
type element struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []element  `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (e element) attr(name string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (e element) float(t *testing.T, name string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(e.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", e.XMLName.Local, name, e.attr(name), err)
	}
	return f
}

func (e element) child(name string) (element, bool) {
	for _, c := range e.Children {
		if c.XMLName.Local == name {
			return c, true
		}
	}
	return element{}, false
}

// shape is a drawn group: its rectangle, texts and tooltip.
type shape struct {
	class, id, title string
	rect             Rect
	texts            []drawnText
}

type drawnText struct {
	x, y, size float64
	anchor     string
	value      string
}

// extent is where a text's glyphs lie, by the same advance the layout assumes.
func (d drawnText) extent() Rect {
	w := TextWidth(d.value, d.size)
	x := d.x
	if d.anchor == "middle" {
		x -= w / 2
	}
	return Rect{X: x, Y: d.y - 0.8*d.size, W: w, H: d.size}
}

type drawnEdge struct {
	upper, lower, title string
	path                []Point // sampled
}

// drawing is what an SVG shows, by group class.
type drawing struct {
	width, height float64
	shapes        map[string][]shape // fabric, frame, node, label
	legend        []Rect
	edges         []drawnEdge
}

// parseSVG reads an SVG with encoding/xml and collects its groups.
func parseSVG(t *testing.T, svg string) drawing {
	t.Helper()
	var root element
	if err := xml.Unmarshal([]byte(svg), &root); err != nil {
		t.Fatalf("the SVG is not well-formed XML: %v", err)
	}
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root element %v", root.XMLName)
	}
	d := drawing{width: root.float(t, "width"), height: root.float(t, "height"), shapes: map[string][]shape{}}
	if root.attr("viewBox") != fmt.Sprintf("0 0 %s %s", root.attr("width"), root.attr("height")) {
		t.Errorf("viewBox %q", root.attr("viewBox"))
	}
	var walk func(e element)
	walk = func(e element) {
		class := e.attr("class")
		switch {
		case e.XMLName.Local == "g" && (class == "fabric" || class == "frame" || class == "node" || class == "label"):
			s := shape{class: class, id: e.attr("data-id")}
			if title, ok := e.child("title"); ok {
				s.title = title.Text
			}
			r, ok := e.child("rect")
			if !ok {
				t.Fatalf("%s %s has no rect", class, s.id)
			}
			s.rect = Rect{r.float(t, "x"), r.float(t, "y"), r.float(t, "width"), r.float(t, "height")}
			for _, c := range e.Children {
				if c.XMLName.Local == "text" {
					s.texts = append(s.texts, drawnText{c.float(t, "x"), c.float(t, "y"), c.float(t, "font-size"), c.attr("text-anchor"), c.Text})
				}
			}
			d.shapes[class] = append(d.shapes[class], s)
			return
		case e.XMLName.Local == "g" && class == "legend-entry":
			var box Rect
			for _, c := range e.Children {
				var r Rect
				switch c.XMLName.Local {
				case "rect":
					r = Rect{c.float(t, "x"), c.float(t, "y"), c.float(t, "width"), c.float(t, "height")}
				case "text":
					r = drawnText{c.float(t, "x"), c.float(t, "y"), c.float(t, "font-size"), c.attr("text-anchor"), c.Text}.extent()
				default:
					continue
				}
				box = union(box, r)
			}
			d.legend = append(d.legend, box)
			return
		case e.XMLName.Local == "g" && class == "edge":
			de := drawnEdge{upper: e.attr("data-upper"), lower: e.attr("data-lower")}
			if title, ok := e.child("title"); ok {
				de.title = title.Text
			}
			p, ok := e.child("path")
			if !ok {
				t.Fatalf("edge %s-%s has no path", de.upper, de.lower)
			}
			de.path = samplePath(t, p.attr("d"))
			d.edges = append(d.edges, de)
			return
		}
		for _, c := range e.Children {
			walk(c)
		}
	}
	walk(root)
	return d
}

func union(a, b Rect) Rect {
	if a.W == 0 && a.H == 0 {
		return b
	}
	x0, y0 := min(a.X, b.X), min(a.Y, b.Y)
	x1, y1 := max(a.X+a.W, b.X+b.W), max(a.Y+a.H, b.Y+b.H)
	return Rect{x0, y0, x1 - x0, y1 - y0}
}

// samplePath reads the M, L and C commands the renderer writes and samples the curve.
func samplePath(t *testing.T, d string) []Point {
	t.Helper()
	point := func(s string) Point {
		x, y, ok := strings.Cut(s, ",")
		fx, err1 := strconv.ParseFloat(x, 64)
		fy, err2 := strconv.ParseFloat(y, 64)
		if !ok || err1 != nil || err2 != nil {
			t.Fatalf("path %q: bad point %q", d, s)
		}
		return Point{fx, fy}
	}
	var out []Point
	var at Point
	fields := strings.Fields(d)
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		switch f[0] {
		case 'M':
			at = point(f[1:])
			out = append(out, at)
		case 'L':
			to := point(f[1:])
			for k := 1; k <= 8; k++ {
				out = append(out, Segment{From: at, To: to}.At(float64(k)/8))
			}
			at = to
		case 'C':
			if i+2 >= len(fields) {
				t.Fatalf("path %q: short curve", d)
			}
			c1, c2, to := point(f[1:]), point(fields[i+1]), point(fields[i+2])
			i += 2
			for k := 1; k <= 24; k++ {
				s := float64(k) / 24
				u := 1 - s
				bez := func(a, b, c, d float64) float64 { return u*u*u*a + 3*u*u*s*b + 3*u*s*s*c + s*s*s*d }
				out = append(out, Point{bez(at.X, c1.X, c2.X, to.X), bez(at.Y, c1.Y, c2.Y, to.Y)})
			}
			at = to
		default:
			t.Fatalf("path %q: command %q", d, f)
		}
	}
	return out
}

func inside(p Point, r Rect) bool {
	return p.X > r.X && p.X < r.X+r.W && p.Y > r.Y && p.Y < r.Y+r.H
}

func contains(outer, inner Rect) bool {
	return inner.X >= outer.X && inner.Y >= outer.Y && inner.X+inner.W <= outer.X+outer.W && inner.Y+inner.H <= outer.Y+outer.H
}

// checkGeometry fails on anything that would make the drawing illegible: boxes, labels, frames,
// fabric columns or legend entries overlapping; text running out of its box or the drawing; an
// edge running through a box that is not one of its ends.
func checkGeometry(t *testing.T, d drawing) {
	t.Helper()
	page := Rect{0, 0, d.width, d.height}
	all := func(classes ...string) []shape {
		var out []shape
		for _, c := range classes {
			out = append(out, d.shapes[c]...)
		}
		return out
	}
	for _, s := range all("fabric", "frame", "node", "label") {
		if !contains(page, s.rect) {
			t.Errorf("%s %s %v is outside the %gx%g drawing", s.class, s.id, s.rect, d.width, d.height)
		}
		for _, tx := range s.texts {
			if !contains(s.rect, tx.extent()) {
				t.Errorf("%s %s: text %q %v runs out of %v", s.class, s.id, tx.value, tx.extent(), s.rect)
			}
		}
	}
	apart := func(what string, a []shape) {
		for i := range a {
			for j := i + 1; j < len(a); j++ {
				if a[i].rect.Overlaps(a[j].rect) {
					t.Errorf("%s overlap: %s %s %v and %s %s %v", what, a[i].class, a[i].id, a[i].rect, a[j].class, a[j].id, a[j].rect)
				}
			}
		}
	}
	apart("fabric columns", d.shapes["fabric"])
	apart("frames", d.shapes["frame"])
	apart("boxes", d.shapes["node"])
	apart("labels and boxes", all("label", "node"))
	apart("labels and frames", all("label", "frame"))
	for i, a := range d.legend {
		for j := i + 1; j < len(d.legend); j++ {
			if a.Overlaps(d.legend[j]) {
				t.Errorf("legend entries %d and %d overlap", i, j)
			}
		}
		for _, c := range all("fabric", "node") {
			if a.Overlaps(c.rect) {
				t.Errorf("legend entry %d overlaps %s %s", i, c.class, c.id)
			}
		}
	}
	for _, n := range d.shapes["node"] {
		for _, f := range d.shapes["frame"] {
			if n.rect.Overlaps(f.rect) && !contains(f.rect, n.rect) {
				t.Errorf("box %s straddles frame %s", n.id, f.id)
			}
		}
	}
	// An edge may pass through its own end boxes and the frames holding them, nothing else.
	for _, e := range d.edges {
		ends := map[string]bool{e.upper: true, e.lower: true}
		var own []Rect
		for _, s := range all("node", "frame") {
			if ends[s.id] {
				own = append(own, s.rect)
			}
		}
		for _, s := range all("node", "frame") {
			if ends[s.id] {
				continue
			}
			holdsEnd := false
			for _, r := range own {
				holdsEnd = holdsEnd || contains(s.rect, r)
			}
			if holdsEnd {
				continue
			}
			for _, p := range e.path {
				if inside(p, s.rect.grow(-1)) {
					t.Errorf("edge %s – %s runs through %s %s at %v", e.lower, e.upper, s.class, s.id, p)
					break
				}
			}
		}
	}
}

func TestSVGGeometry(t *testing.T) {
	for name, d := range designs(t) {
		for _, level := range Levels {
			t.Run(fmt.Sprintf("%s/%s", name, level), func(t *testing.T) {
				g := build(t, d, level)
				drawn := parseSVG(t, SVG(g))
				checkGeometry(t, drawn)
				if len(drawn.shapes["label"]) != len(drawn.edges) {
					t.Errorf("%d labels for %d edges", len(drawn.shapes["label"]), len(drawn.edges))
				}
			})
		}
	}
}

// TestSVGCountsReference parses the SVG of SPEC §10 and counts what it draws.
func TestSVGCountsReference(t *testing.T) {
	d := reference(t, 1)
	for _, tc := range []struct {
		level                  Level
		nodes, frames, edges   int
		fabrics                []string
		someTitles, someLabels []string
	}{
		// 7 switch classes and 9 server classes; 5 class pairs of switches (gpu, storage and
		// border leaves to fe-spine, rail leaves to be-spine, OOB to border leaves) and 19 of a
		// server class and a switch class (every class to oob-mgmt-leaf, plus 10 data pairs).
		{level: LevelClass, nodes: 16, frames: 0, edges: 24, fabrics: []string{"frontend", "backend", "oob-mgmt"},
			someTitles: []string{"switch class fe-spine: 4 × celestica-ds5000, spine, fabric frontend",
				"server class gpu-fe-only: 96 servers", "gpu-fe-only – fe-gpu-leaf: 192×200G, 96 per switch"},
			someLabels: []string{"64×800G/8 per pair", "256×400G/64 per switch", "32×100G/4 per pair", "8×25G/1 per pair", "96×1G/24 per switch"}},
		// 20 switches and 9 server classes in 7 frames. The 5 switch pairs, and the 13 server
		// pairs spread over every switch of their class (all 10 data pairs; gpu-fe-only,
		// gpu-with-backend and storage on the OOB switches), are one edge each between frames.
		// The 6 server classes with BMCs on some OOB switches only have an edge per switch: 9
		// (exo-kube 3, hhg 2, admin-node, host-lfm-ctrl, hh-fe-ctrl and hh-be-ctrl 1).
		{level: LevelDevice, nodes: 29, frames: 7, edges: 5 + 13 + 9, fabrics: []string{"frontend", "backend", "oob-mgmt"},
			someTitles: []string{"fe-gpu-leaf-01: a server-leaf of switch class fe-gpu-leaf",
				"storage – oob-mgmt-leaf: 18×1G, 4–5 per switch", "exo-kube – oob-mgmt-leaf-04: 1×1G",
				"oob-mgmt-leaf – fe-border-leaf: 8×25G, 1 per pair"},
			someLabels: []string{"64×800G/8 per pair", "18×1G/4–5 per switch", "1×1G"}},
	} {
		t.Run(string(tc.level), func(t *testing.T) {
			g := build(t, d, tc.level)
			drawn := parseSVG(t, SVG(g))
			if n := len(drawn.shapes["node"]); n != tc.nodes || g.Nodes() != tc.nodes {
				t.Errorf("%d boxes drawn (graph: %d), want %d", n, g.Nodes(), tc.nodes)
			}
			if n := len(drawn.shapes["frame"]); n != tc.frames {
				t.Errorf("%d frames, want %d", n, tc.frames)
			}
			if n := len(drawn.edges); n != tc.edges {
				t.Errorf("%d edges, want %d", n, tc.edges)
			}
			var fabrics []string
			for _, f := range drawn.shapes["fabric"] {
				fabrics = append(fabrics, strings.TrimPrefix(f.id, "fabric-"))
			}
			if strings.Join(fabrics, ",") != strings.Join(tc.fabrics, ",") {
				t.Errorf("fabric columns %v, want %v", fabrics, tc.fabrics)
			}
			titles, labels := map[string]bool{}, map[string]bool{}
			for _, e := range drawn.edges {
				titles[e.title] = true
			}
			for _, s := range append(drawn.shapes["node"], drawn.shapes["frame"]...) {
				titles[s.title] = true
			}
			for _, s := range drawn.shapes["label"] {
				var lines []string
				for _, tx := range s.texts {
					lines = append(lines, tx.value)
				}
				labels[strings.Join(lines, "/")] = true
			}
			for _, want := range tc.someTitles {
				if !titles[want] {
					t.Errorf("no tooltip %q", want)
				}
			}
			for _, want := range tc.someLabels {
				if !labels[want] {
					t.Errorf("no edge label %q; have %v", want, labels)
				}
			}
		})
	}
}

// A class name longer than a box holds is shortened with an ellipsis; the tooltip has it whole.
func TestSVGShortensLongNames(t *testing.T) {
	drawn := parseSVG(t, SVG(build(t, large(t), LevelClass)))
	for _, s := range drawn.shapes["node"] {
		if s.id != "server:"+longName {
			continue
		}
		if got, want := s.texts[0].value, longName[:maxChars-1]+"…"; got != want {
			t.Errorf("name drawn as %q, want %q", got, want)
		}
		if !strings.HasPrefix(s.title, "server class "+longName+": 64 servers") {
			t.Errorf("tooltip %q", s.title)
		}
		return
	}
	t.Errorf("no box for %s", longName)
}
