package diagram

import (
	"math"
	"sort"
	"unicode/utf8"
)

// Text is measured, not rendered, so the drawing uses a monospace font: every glyph advances
// CharEm of the font size (DejaVu Sans Mono, Menlo and Consolas advance 0.60 em), and a label
// that fits here fits on screen.
const (
	CharEm = 0.62

	fontTitle  = 15.0
	fontHeader = 13.0
	fontName   = 12.0
	fontText   = 11.0

	lineName = 16.0
	lineText = 14.0

	maxChars       = 24 // longer names are shortened; the tooltip holds them whole
	maxDeviceChars = 20

	margin       = 24.0
	padX, padY   = 10.0, 8.0
	minBoxWidth  = 110.0
	deviceHeight = 24.0
	deviceGap    = 8.0
	itemGap      = 24.0
	dummyWidth   = 8.0
	dummyGap     = 8.0 // beside a dummy; boxes keep itemGap between them
	columnGap    = 28.0
	columnPad    = 16.0
	columnHeader = 30.0
	rowGap       = 72.0 // between rows, before labels ask for more
	gapStep      = 16.0
	spanSlope    = 0.12 // least gap height per unit of the widest sideways run of a curve
	maxGapSteps  = 60
	labelPad     = 4.0
	labelMargin  = 3.0
)

// TextWidth is the width of s at the given font size.
func TextWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * CharEm * size
}

// shorten cuts s to n characters, the last one an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Point is a position in the drawing, y growing downwards.
type Point struct{ X, Y float64 }

// Rect is an axis-aligned rectangle.
type Rect struct{ X, Y, W, H float64 }

// Overlaps reports whether two rectangles share more than an edge.
func (r Rect) Overlaps(o Rect) bool {
	return r.X < o.X+o.W && o.X < r.X+r.W && r.Y < o.Y+o.H && o.Y < r.Y+r.H
}

func (r Rect) grow(d float64) Rect { return Rect{r.X - d, r.Y - d, r.W + 2*d, r.H + 2*d} }
func (r Rect) bottom() float64     { return r.Y + r.H }
func (r Rect) centerX() float64    { return r.X + r.W/2 }

// Text is one line of text. Anchor is "start" or "middle".
type Text struct {
	X, Y   float64 // baseline
	Size   float64
	Bold   bool
	Anchor string
	Color  string
	Value  string
}

// Box is a drawn rectangle with its text: a class or device box, a frame, a column.
type Box struct {
	ID     string
	Rect   Rect
	Texts  []Text
	Title  string
	Dashed bool
	Stroke string
	Fill   string
}

// PlacedEdge is an edge as a path with its label.
type PlacedEdge struct {
	Edge
	Segments []Segment
	Label    Box
	Width    float64
}

// LegendEntry is a swatch (a colour, or none) and its text.
type LegendEntry struct {
	Swatch Rect
	Color  string
	Fill   string
	Dashed bool
	Text   Text
}

// Layout is the positioned drawing.
type Layout struct {
	Width, Height float64
	Title         Text
	Legend        []LegendEntry
	Columns       []Box
	Frames        []Box
	Boxes         []Box
	Edges         []PlacedEdge
}

// item is one entry of a row: a block, or a point an edge passes through on its way across
// the row (a dummy, as in Sugiyama layouts), so that edges never cross a box.
type item struct {
	block          *Block
	edge           int // dummies
	column         int // fabric, -1 in the bottom row
	rank           int
	w, h           float64
	x              float64
	frame          bool // a switch class at device level: a frame of switch boxes
	headerW        float64
	devW           float64
	perRow, rows   int
	headerH, gridH float64
}

func (it *item) isFrame() bool { return it.frame }

type layouter struct {
	g       *Graph
	rows    [][]*item
	column  map[string]int   // fabric -> column
	blockOf map[string]*item // block or device ID -> the item holding it
	chains  [][]*item        // per edge: upper item, dummies, lower item
	colX    []float64        // left of each column
	colW    []float64        // width of each column
	content float64          // width of the rows
	rowTop  []float64        // top of each row band
	rowH    []float64        // height of each row band
	gap     []float64        // below each row
	anchors map[anchorKey]float64
	headerH float64
}

type anchorKey struct {
	edge int
	top  bool // at the lower end (the top of its box)
}

// Lay out positions the graph.
func Lay(g *Graph) *Layout {
	l := &layouter{g: g, column: map[string]int{}, blockOf: map[string]*item{}, anchors: map[anchorKey]float64{}}
	for i, f := range g.Fabrics {
		l.column[f.Name] = i
	}
	l.buildRows()
	l.arrange()
	out := &Layout{}
	l.legend(out)
	l.placeY(out)
	l.shiftLabels(out)
	return out
}

func (l *layouter) buildRows() {
	ranks := 0
	for i := range l.g.Blocks {
		if r := l.g.Blocks[i].Rank + 1; r > ranks {
			ranks = r
		}
	}
	l.rows = make([][]*item, ranks)
	for i := range l.g.Blocks {
		b := &l.g.Blocks[i]
		it := &item{block: b, column: -1, rank: b.Rank}
		if b.Kind == BlockSwitch {
			it.column = l.column[b.Fabric]
		}
		measure(it, l.g.Level)
		l.rows[b.Rank] = append(l.rows[b.Rank], it)
		l.blockOf[b.ID] = it
		for _, d := range b.Devices {
			l.blockOf[d.ID] = it
		}
	}
	// Boxes of one row share a height, so their bottoms line up.
	for _, row := range l.rows {
		h := 0.0
		for _, it := range row {
			if !it.isFrame() {
				h = math.Max(h, it.h)
			}
		}
		for _, it := range row {
			if !it.isFrame() {
				it.h = h
			}
		}
	}
	l.chains = make([][]*item, len(l.g.Edges))
	for i, e := range l.g.Edges {
		up, low := l.blockOf[e.Upper], l.blockOf[e.Lower]
		chain := []*item{up}
		for r := up.block.Rank + 1; r < low.block.Rank; r++ {
			d := &item{edge: i, column: l.column[e.Fabric], rank: r, w: dummyWidth}
			l.rows[r] = append(l.rows[r], d)
			chain = append(chain, d)
		}
		l.chains[i] = append(chain, low)
	}
	for _, row := range l.rows {
		sort.SliceStable(row, func(i, j int) bool {
			a, b := row[i], row[j]
			if a.column != b.column {
				return a.column < b.column
			}
			if (a.block == nil) != (b.block == nil) {
				return a.block != nil
			}
			if a.block != nil {
				return a.block.Name < b.block.Name
			}
			return a.edge < b.edge
		})
	}
}

// nameLines are a block's text lines: its name, then the rest.
func nameLines(b *Block) []Text {
	out := []Text{{Size: fontName, Bold: true, Value: shorten(b.Name, maxChars)}}
	for _, s := range b.Lines {
		out = append(out, Text{Size: fontText, Value: shorten(s, maxChars)})
	}
	return out
}

func textBlock(ts []Text) (w, h float64) {
	for i, t := range ts {
		w = math.Max(w, TextWidth(t.Value, t.Size))
		if i == 0 {
			h += lineName
		} else {
			h += lineText
		}
	}
	return w, h
}

func measure(it *item, level Level) {
	tw, th := textBlock(nameLines(it.block))
	if level != LevelDevice || it.block.Kind != BlockSwitch {
		it.w, it.h = math.Max(minBoxWidth, tw+2*padX), th+2*padY
		return
	}
	it.frame, it.headerW, it.headerH = true, tw, th
	n := len(it.block.Devices)
	for _, d := range it.block.Devices {
		it.devW = math.Max(it.devW, TextWidth(shorten(d.Name, maxDeviceChars), fontText)+2*padX)
	}
	if n > 0 {
		it.rows = (n + maxDevicesPerRow - 1) / maxDevicesPerRow
		it.perRow = (n + it.rows - 1) / it.rows
		it.gridH = float64(it.rows)*deviceHeight + float64(it.rows-1)*deviceGap
	}
	grid := 0.0
	if it.perRow > 0 {
		grid = padX + float64(it.perRow)*it.devW + float64(it.perRow-1)*deviceGap
	}
	it.w = padX + tw + grid + padX
	it.h = math.Max(th, it.gridH) + 2*padY
}

// deviceRect is where device i of a frame sits.
func (it *item) deviceRect(i int, top float64) Rect {
	row, col := i/it.perRow, i%it.perRow
	return Rect{X: it.x + padX + it.headerW + padX + float64(col)*(it.devW+deviceGap),
		Y: top + padY + float64(row)*(deviceHeight+deviceGap), W: it.devW, H: deviceHeight}
}

// centerX is the x of the middle of a block or device box, before rows have a y.
func (l *layouter) centerX(id string) float64 {
	it := l.blockOf[id]
	if it.isFrame() && !l.isFrameEnd(id) {
		for i, d := range it.block.Devices {
			if d.ID == id {
				return it.deviceRect(i, 0).centerX()
			}
		}
	}
	return it.x + it.w/2
}

func (l *layouter) isFrameEnd(id string) bool { return l.blockOf[id].block.ID == id }

// placeX puts fabric columns side by side and centres each row's items in its column; the
// bottom row is centred under them all.
func (l *layouter) placeX() {
	n := len(l.g.Fabrics)
	l.colW = make([]float64, n)
	for c, f := range l.g.Fabrics {
		l.colW[c] = TextWidth(columnTitle(f), fontHeader)
	}
	rowWidth := func(row []*item, column int) (w float64, k int) {
		for _, it := range row {
			if it.column == column {
				if k > 0 {
					w += itemGap
				}
				w += it.w
				k++
			}
		}
		return w, k
	}
	for _, row := range l.rows {
		for c := range l.colW {
			w, _ := rowWidth(row, c)
			l.colW[c] = math.Max(l.colW[c], w)
		}
	}
	cols := 0.0
	for c := range l.colW {
		l.colW[c] += 2 * columnPad
		if c > 0 {
			cols += columnGap
		}
		cols += l.colW[c]
	}
	bottom := 0.0
	for _, row := range l.rows {
		w, _ := rowWidth(row, -1)
		bottom = math.Max(bottom, w)
	}
	l.content = math.Max(cols, bottom)
	l.colX = make([]float64, n)
	x := margin + (l.content-cols)/2
	for c := range l.colX {
		l.colX[c] = x
		x += l.colW[c] + columnGap
	}
	for _, row := range l.rows {
		for c := -1; c < n; c++ {
			w, k := rowWidth(row, c)
			if k == 0 {
				continue
			}
			x := margin + (l.content-w)/2
			if c >= 0 {
				x = l.colX[c] + (l.colW[c]-w)/2
			}
			for _, it := range row {
				if it.column == c {
					it.x = x
					x += it.w + itemGap
				}
			}
		}
	}
}

func columnTitle(f Fabric) string {
	if f.Managed {
		return f.Name
	}
	return f.Name + " (unmanaged)"
}

// chainX is the x where edge i meets the j-th item of its chain.
func (l *layouter) chainX(i, j int) float64 {
	chain := l.chains[i]
	e := l.g.Edges[i]
	switch {
	case j == 0:
		return l.centerX(e.Upper)
	case j == len(chain)-1:
		return l.centerX(e.Lower)
	}
	return chain[j].x + chain[j].w/2
}

// gapAfter is the least space between two neighbours of a row.
func gapAfter(a, b *item) float64 {
	if a.block != nil && b.block != nil {
		return itemGap
	}
	return dummyGap
}

// arrange orders and places the rows. Each sweep, down then up, sorts a row by where its items
// want to be (staying in its fabric's column): a box at the weighted mean x of the far ends of
// its edges, a dummy on the straight line between its edge's ends. That uncrosses most edges.
// Then the items move as close to those places as the row allows, so edges run straight where
// they can. Faster links weigh more (pull), so a server class sits near its data leaves rather
// than its management switch.
func (l *layouter) arrange() {
	l.placeX()
	for pass := 0; pass < 8; pass++ {
		for k := range l.rows {
			r := k
			if pass%2 == 1 {
				r = len(l.rows) - 1 - k
			}
			l.arrangeRow(r)
		}
	}
}

func (l *layouter) arrangeRow(r int) {
	sum, weight := map[*item]float64{}, map[*item]float64{}
	for i, chain := range l.chains {
		e := l.g.Edges[i]
		w := l.pull(e)
		up, low := l.centerX(e.Upper), l.centerX(e.Lower)
		last := len(chain) - 1
		for k, it := range chain {
			if it.rank != r {
				continue
			}
			// A box leans towards the far end of each of its edges; a dummy sits on the straight
			// line between the two ends.
			x := low
			switch {
			case k == last:
				x = up
			case k > 0:
				x = up + (low-up)*float64(k)/float64(last)
			}
			sum[it] += w * x
			weight[it] += w
		}
	}
	row := l.rows[r]
	want := map[*item]float64{}
	for _, it := range row {
		want[it] = it.x + it.w/2
		if weight[it] > 0 {
			want[it] = sum[it] / weight[it]
		}
	}
	sort.SliceStable(row, func(i, j int) bool {
		if row[i].column != row[j].column {
			return row[i].column < row[j].column
		}
		return want[row[i]] < want[row[j]]
	})
	for start := 0; start < len(row); {
		end := start
		for end < len(row) && row[end].column == row[start].column {
			end++
		}
		group := row[start:end]
		lo, hi := margin, margin+l.content
		if c := group[0].column; c >= 0 {
			lo, hi = l.colX[c]+columnPad, l.colX[c]+l.colW[c]-columnPad
		}
		wanted := make([]float64, len(group))
		for i, it := range group {
			wanted[i] = want[it]
		}
		placeInOrder(group, wanted, lo, hi)
		start = end
	}
}

// placeInOrder sets the x of items kept in order and apart, each centre as near its wanted
// centre as possible (least squares), all within [lo, hi]: isotonic regression by pooling
// adjacent violators, on x minus each item's least offset from the first.
func placeInOrder(items []*item, want []float64, lo, hi float64) {
	n := len(items)
	offset := make([]float64, n)
	for i := 1; i < n; i++ {
		offset[i] = offset[i-1] + items[i-1].w + gapAfter(items[i-1], items[i])
	}
	type pool struct {
		sum   float64
		count int
	}
	var pools []pool
	for i := range items {
		pools = append(pools, pool{want[i] - items[i].w/2 - offset[i], 1})
		for len(pools) > 1 {
			a, b := pools[len(pools)-2], pools[len(pools)-1]
			if a.sum/float64(a.count) <= b.sum/float64(b.count) {
				break
			}
			pools = append(pools[:len(pools)-2], pool{a.sum + b.sum, a.count + b.count})
		}
	}
	maxStart := hi - offset[n-1] - items[n-1].w
	i := 0
	for _, p := range pools {
		start := math.Max(lo, math.Min(maxStart, p.sum/float64(p.count)))
		for k := 0; k < p.count; k, i = k+1, i+1 {
			items[i].x = start + offset[i]
		}
	}
}

// pull is how strongly an edge draws its ends together: the cube of its line width, so one
// 200G edge outweighs eight 1G ones. An out-of-band network reaches every server, so edges into
// unmanaged fabrics barely pull: the data fabrics decide where a server class sits.
func (l *layouter) pull(e Edge) float64 {
	w := strokeWidth(e)
	w = w * w * w
	if c, ok := l.column[e.Fabric]; ok && !l.g.Fabrics[c].Managed {
		w /= 50
	}
	return w
}
