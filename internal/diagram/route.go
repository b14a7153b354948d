package diagram

import (
	"fmt"
	"math"
	"sort"
)

// summary is the title line: the caller's title and what the design holds.
func (g *Graph) summary() string {
	s := fmt.Sprintf("%d switches · %d servers · %d links · %s level", g.Switches, g.Servers, g.Cables, g.Level)
	if g.Title != "" {
		s = g.Title + " · " + s
	}
	return s
}

// legend places the title and the legend above the drawing, wrapping at the drawing's width.
func (l *layouter) legend(out *Layout) {
	title := l.g.summary()
	out.Title = Text{X: margin, Y: margin + fontTitle, Size: fontTitle, Bold: true, Anchor: "start", Color: textColor, Value: title}
	if w := TextWidth(title, fontTitle); w > l.content {
		l.content = w
	}
	type entry struct {
		color, fill string
		dashed      bool
		text        string
	}
	var entries []entry
	for _, f := range l.g.Fabrics {
		entries = append(entries, entry{f.Color, tint(f.Color, 0.12), !f.Managed, columnTitle(f)})
	}
	entries = append(entries, entry{serverStroke, serverFill, false, "server class"})
	entries = append(entries, entry{text: "192×200G: 192 links of 200G"})
	spreads := map[string]bool{}
	for _, e := range l.g.Edges {
		spreads[e.Spread.Per] = true
	}
	if spreads["pair"] {
		entries = append(entries, entry{text: "8 per pair: links between each two switches"})
	}
	if spreads["switch"] {
		entries = append(entries, entry{text: "24 per switch: links on each switch of the class"})
	}
	for _, e := range l.g.Edges {
		if e.Aggregated {
			entries = append(entries, entry{text: "line to a frame: to each of its switches"})
			break
		}
	}
	x, y := margin, margin+fontTitle+14
	for _, e := range entries {
		w := TextWidth(e.text, fontText)
		if e.color != "" {
			w += 20
		}
		if x > margin && x+w > margin+l.content {
			x, y = margin, y+18
		}
		le := LegendEntry{Text: Text{X: x, Y: y + 10, Size: fontText, Anchor: "start", Color: textColor, Value: e.text}}
		if e.color != "" {
			le.Swatch, le.Color, le.Fill, le.Dashed = Rect{X: x, Y: y + 1, W: 14, H: 10}, e.color, e.fill, e.dashed
			le.Text.X += 20
		}
		out.Legend = append(out.Legend, le)
		x += w + 22
	}
	l.headerH = y + 18 + 12
}

// placeY stacks the rows, routes the edges and places their labels; when a label finds no free
// place, the gap it wanted grows and everything is routed again.
func (l *layouter) placeY(out *Layout) {
	n := len(l.rows)
	l.rowH = make([]float64, n)
	l.gap = make([]float64, n)
	for r, row := range l.rows {
		for _, it := range row {
			l.rowH[r] = math.Max(l.rowH[r], it.h)
		}
		l.gap[r] = rowGap
	}
	// A curve that crosses far sideways in a low gap runs nearly flat, and several of them
	// merge into one ribbon: give each gap a height that keeps its widest curve at a slope.
	for i, chain := range l.chains {
		for k := 0; k+1 < len(chain); k++ {
			span := math.Abs(l.chainX(i, k+1) - l.chainX(i, k))
			r := chain[0].rank + k
			l.gap[r] = math.Max(l.gap[r], span*spanSlope)
		}
	}
	for step := 0; ; step++ {
		l.rowTop = make([]float64, n)
		y := l.headerH + columnHeader
		for r := range l.rows {
			l.rowTop[r] = y
			y += l.rowH[r] + l.gap[r]
		}
		edges, crowded := l.route()
		if len(crowded) == 0 || step == maxGapSteps {
			out.Edges = edges
			break
		}
		for _, r := range crowded {
			l.gap[r] += gapStep
		}
	}
	l.boxes(out)
	out.Width = l.content + 2*margin
	out.Height = margin
	if n > 0 {
		out.Height += l.rowTop[n-1] + l.rowH[n-1]
	}
}

// rectOf is the box of a block, frame or device.
func (l *layouter) rectOf(id string) Rect {
	it := l.blockOf[id]
	top := l.rowTop[it.rank]
	if it.isFrame() && !l.isFrameEnd(id) {
		for i, d := range it.block.Devices {
			if d.ID == id {
				return it.deviceRect(i, top)
			}
		}
	}
	return Rect{X: it.x, Y: top, W: it.w, H: it.h}
}

// anchor spreads the edges that leave one side of a box along it, in the order of where they
// go, so that they do not cross at the box.
func (l *layouter) anchor() {
	type side struct {
		box string
		top bool
	}
	type end struct {
		edge int
		x    float64 // where the edge goes next
	}
	sides := map[side][]end{}
	var order []side
	add := func(s side, e end) {
		if _, ok := sides[s]; !ok {
			order = append(order, s)
		}
		sides[s] = append(sides[s], e)
	}
	for i, e := range l.g.Edges {
		add(side{e.Upper, false}, end{i, l.chainX(i, 1)})
		add(side{e.Lower, true}, end{i, l.chainX(i, len(l.chains[i])-2)})
	}
	for _, s := range order {
		ends := sides[s]
		sort.SliceStable(ends, func(i, j int) bool { return ends[i].x < ends[j].x })
		r := l.rectOf(s.box)
		for i, e := range ends {
			l.anchors[anchorKey{e.edge, s.top}] = r.X + r.W*float64(i+1)/float64(len(ends)+1)
		}
	}
}

// route draws every edge: down from its upper box to the bottom of that row, through each row
// it crosses at its dummy, and into the top of its lower box; between rows it is an S-curve.
// Labels go on the curves. It returns the gaps that could not hold a label.
func (l *layouter) route() ([]PlacedEdge, []int) {
	l.anchor()
	out := make([]PlacedEdge, len(l.g.Edges))
	for i, e := range l.g.Edges {
		chain := l.chains[i]
		up := chain[0]
		ax, bx := l.anchors[anchorKey{i, false}], l.anchors[anchorKey{i, true}]
		// xs are where the edge crosses each row from its upper box's to its lower box's.
		xs := []float64{ax}
		for _, d := range chain[1 : len(chain)-1] {
			xs = append(xs, d.x+d.w/2)
		}
		xs = append(xs, bx)
		var segs []Segment
		y := l.rectOf(e.Upper).bottom()
		for k, x := range xs[:len(xs)-1] {
			r := up.rank + k
			bandBottom := l.rowTop[r] + l.rowH[r]
			if y < bandBottom {
				segs = append(segs, Segment{From: Point{x, y}, To: Point{x, bandBottom}})
			}
			segs = append(segs, Segment{From: Point{x, bandBottom}, To: Point{xs[k+1], l.rowTop[r+1]}, Curve: true, Gap: r})
			y = l.rowTop[r+1]
		}
		if end := l.rectOf(e.Lower).Y; y < end {
			segs = append(segs, Segment{From: Point{bx, y}, To: Point{bx, end}})
		}
		out[i] = PlacedEdge{Edge: e, Segments: segs, Width: strokeWidth(e)}
	}
	var placed []Rect
	var crowded []int
	for i := range out {
		lines := out[i].Edge.Label()
		w := 0.0
		for _, s := range lines {
			w = math.Max(w, TextWidth(s, fontText))
		}
		w += 2 * labelPad
		h := float64(len(lines))*lineText + labelPad
		var curves []Segment
		for _, s := range out[i].Segments {
			if s.Curve {
				curves = append(curves, s)
			}
		}
		r, ok := placeLabel(curves, w, h, placed)
		if !ok {
			crowded = append(crowded, curves[len(curves)/2].Gap)
		}
		placed = append(placed, r)
		color := l.g.fabricColor(out[i].Fabric)
		box := Box{ID: fmt.Sprintf("label-%d", i), Rect: r, Stroke: color, Fill: "#ffffff", Title: out[i].Title}
		for k, s := range lines {
			box.Texts = append(box.Texts, Text{X: r.centerX(), Y: r.Y + labelPad/2 + float64(k)*lineText + fontText,
				Size: fontText, Anchor: "middle", Color: textColor, Value: s})
		}
		out[i].Label = box
	}
	return out, crowded
}

// strokeWidth makes faster links thicker, by the fastest speed of the edge.
func strokeWidth(e Edge) float64 {
	top := 0
	for s := range e.Speeds {
		top = max(top, s)
	}
	switch {
	case top >= 800:
		return 3
	case top >= 400:
		return 2.5
	case top >= 200:
		return 2
	case top >= 100:
		return 1.6
	case top >= 25:
		return 1.3
	}
	return 1
}

// Segment is a straight line, or between rows an S-curve: a cubic Bézier whose control points
// sit at mid-height above From and To, so it leaves and enters vertically and its y only grows.
type Segment struct {
	From, To Point
	Curve    bool
	Gap      int // the row the curve leaves
}

// At is the point at parameter t in [0, 1].
func (s Segment) At(t float64) Point {
	if !s.Curve {
		return Point{s.From.X + t*(s.To.X-s.From.X), s.From.Y + t*(s.To.Y-s.From.Y)}
	}
	mid := (s.From.Y + s.To.Y) / 2
	u := 1 - t
	bez := func(a, b, c, d float64) float64 { return u*u*u*a + 3*u*u*t*b + 3*u*t*t*c + t*t*t*d }
	return Point{bez(s.From.X, s.From.X, s.To.X, s.To.X), bez(s.From.Y, mid, mid, s.To.Y)}
}

// labelSpots are where along a curve a label may sit, best first.
var labelSpots = []float64{0.5, 0.35, 0.65, 0.2, 0.8, 0.42, 0.58, 0.27, 0.73, 0.12, 0.88}

// placeLabel finds a spot on one of the curves, the middle ones first, where a w×h label
// stays inside its gap and clear of the labels placed so far.
func placeLabel(curves []Segment, w, h float64, placed []Rect) (Rect, bool) {
	order := make([]int, len(curves))
	for i := range order {
		order[i] = i
	}
	mid := float64(len(curves)-1) / 2
	sort.SliceStable(order, func(i, j int) bool { return math.Abs(float64(order[i])-mid) < math.Abs(float64(order[j])-mid) })
	var first Rect
	for n, k := range order {
		s := curves[k]
		for m, t := range labelSpots {
			c := s.At(t)
			r := Rect{X: c.X - w/2, Y: c.Y - h/2, W: w, H: h}
			if n == 0 && m == 0 {
				first = r
			}
			if r.Y < s.From.Y+labelMargin || r.bottom() > s.To.Y-labelMargin {
				continue
			}
			free := true
			for _, p := range placed {
				if r.Overlaps(p.grow(labelMargin)) {
					free = false
					break
				}
			}
			if free {
				return r, true
			}
		}
	}
	return first, false
}

// boxes turns the placed items into drawn boxes, frames and fabric columns.
func (l *layouter) boxes(out *Layout) {
	lastSwitchRow := -1
	for _, row := range l.rows {
		for _, it := range row {
			if it.column >= 0 && it.rank > lastSwitchRow {
				lastSwitchRow = it.rank
			}
		}
	}
	for c, f := range l.g.Fabrics {
		top := l.rowTop[0] - columnHeader
		bottom := l.rowTop[lastSwitchRow] + l.rowH[lastSwitchRow] + columnPad/2
		out.Columns = append(out.Columns, Box{ID: "fabric-" + f.Name, Rect: Rect{X: l.colX[c], Y: top, W: l.colW[c], H: bottom - top},
			Stroke: tint(f.Color, 0.35), Fill: tint(f.Color, 0.05), Dashed: !f.Managed, Title: "fabric " + columnTitle(f),
			Texts: []Text{{X: l.colX[c] + columnPad, Y: top + 20, Size: fontHeader, Bold: true, Anchor: "start", Color: f.Color, Value: columnTitle(f)}}})
	}
	for _, row := range l.rows {
		for _, it := range row {
			if it.block == nil {
				continue
			}
			b := it.block
			r := l.rectOf(b.ID)
			stroke, fill := serverStroke, serverFill
			if b.Kind == BlockSwitch {
				stroke = l.g.fabricColor(b.Fabric)
				fill = tint(stroke, 0.12)
			}
			box := Box{ID: b.ID, Rect: r, Title: b.Title, Dashed: b.Dashed, Stroke: stroke, Fill: fill}
			texts := nameLines(b)
			if !it.isFrame() {
				_, th := textBlock(texts)
				y := r.Y + (r.H-th)/2
				for k := range texts {
					texts[k].X, texts[k].Anchor, texts[k].Color = r.centerX(), "middle", textColor
					texts[k].Y = y + baseline(texts[k].Size, lineOf(k))
					y += lineOf(k)
				}
				box.Texts = texts
				out.Boxes = append(out.Boxes, box)
				continue
			}
			box.Fill = tint(stroke, 0.05)
			y := r.Y + padY
			for k := range texts {
				texts[k].X, texts[k].Anchor, texts[k].Color = r.X+padX, "start", textColor
				texts[k].Y = y + baseline(texts[k].Size, lineOf(k))
				y += lineOf(k)
			}
			box.Texts = texts
			out.Frames = append(out.Frames, box)
			for i, d := range b.Devices {
				dr := it.deviceRect(i, r.Y)
				out.Boxes = append(out.Boxes, Box{ID: d.ID, Rect: dr, Title: fmt.Sprintf("%s: a %s of switch class %s", d.Name, b.Role, b.Name),
					Dashed: b.Dashed, Stroke: stroke, Fill: tint(stroke, 0.12),
					Texts: []Text{{X: dr.centerX(), Y: dr.Y + baseline(fontText, deviceHeight), Size: fontText, Anchor: "middle",
						Color: textColor, Value: shorten(d.Name, maxDeviceChars)}}})
			}
		}
	}
}

func lineOf(k int) float64 {
	if k == 0 {
		return lineName
	}
	return lineText
}

// baseline puts text of a size in the middle of a line of height h.
func baseline(size, h float64) float64 { return (h+size)/2 - 1 }

// shiftLabels widens the drawing when a label sticks out at a side.
func (l *layouter) shiftLabels(out *Layout) {
	minX, maxX := margin/2, out.Width-margin/2
	for _, e := range out.Edges {
		minX = math.Min(minX, e.Label.Rect.X)
		maxX = math.Max(maxX, e.Label.Rect.X+e.Label.Rect.W)
	}
	dx := margin/2 - minX
	out.Width = maxX + dx + margin/2
	if dx == 0 {
		return
	}
	out.shift(dx)
}

// shift moves everything but the title and legend right by dx.
func (out *Layout) shift(dx float64) {
	move := func(bs []Box) {
		for i := range bs {
			bs[i].Rect.X += dx
			for k := range bs[i].Texts {
				bs[i].Texts[k].X += dx
			}
		}
	}
	move(out.Columns)
	move(out.Frames)
	move(out.Boxes)
	for i := range out.Edges {
		for k := range out.Edges[i].Segments {
			out.Edges[i].Segments[k].From.X += dx
			out.Edges[i].Segments[k].To.X += dx
		}
		one := []Box{out.Edges[i].Label}
		move(one)
		out.Edges[i].Label = one[0]
	}
}
