package diagram

import (
	"encoding/xml"
	"fmt"
	"strings"
)

// FontFamily lists monospace fonts whose advance is at most CharEm.
const FontFamily = "DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace"

// SVG draws the graph as a self-contained SVG document. Groups carry a class (legend, fabric,
// edge, frame, node, label) so tools and tests can find what was drawn; each box and edge has
// a <title>, which viewers show as a tooltip with the unshortened text.
func SVG(g *Graph) string {
	lay := Lay(g)
	var b strings.Builder
	w := &svgWriter{&b}
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s">`+"\n",
		num(lay.Width), num(lay.Height), num(lay.Width), num(lay.Height), FontFamily)
	w.title(lay.Title.Value)
	fmt.Fprintf(&b, `<rect class="background" x="0" y="0" width="%s" height="%s" fill="#ffffff"/>`+"\n", num(lay.Width), num(lay.Height))
	w.text(lay.Title)
	b.WriteString(`<g class="legend">` + "\n")
	for _, e := range lay.Legend {
		b.WriteString(`<g class="legend-entry">`)
		if e.Color != "" {
			w.rect(e.Swatch, 2, e.Color, e.Fill, e.Dashed, 1)
		}
		w.text(e.Text)
		b.WriteString("</g>\n")
	}
	b.WriteString("</g>\n")
	w.boxes("fabrics", "fabric", lay.Columns, 8)
	b.WriteString(`<g class="edges">` + "\n")
	for _, e := range lay.Edges {
		fmt.Fprintf(&b, `<g class="edge" data-upper="%s" data-lower="%s">`, attr(e.Upper), attr(e.Lower))
		w.title(e.Title)
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"/>`,
			pathData(e.Segments), e.Label.Stroke, num(e.Width))
		b.WriteString("</g>\n")
	}
	b.WriteString("</g>\n")
	w.boxes("frames", "frame", lay.Frames, 6)
	w.boxes("nodes", "node", lay.Boxes, 4)
	labels := make([]Box, len(lay.Edges))
	for i, e := range lay.Edges {
		labels[i] = e.Label
	}
	w.boxes("labels", "label", labels, 3)
	b.WriteString("</svg>\n")
	return b.String()
}

// pathData writes segments as an SVG path: M, then L for lines and C for curves.
func pathData(segs []Segment) string {
	var parts []string
	for i, s := range segs {
		if i == 0 || s.From != segs[i-1].To {
			parts = append(parts, "M"+pt(s.From))
		}
		if s.Curve {
			mid := (s.From.Y + s.To.Y) / 2
			parts = append(parts, "C"+pt(Point{s.From.X, mid})+" "+pt(Point{s.To.X, mid})+" "+pt(s.To))
		} else {
			parts = append(parts, "L"+pt(s.To))
		}
	}
	return strings.Join(parts, " ")
}

func pt(p Point) string { return num(p.X) + "," + num(p.Y) }

type svgWriter struct{ b *strings.Builder }

func (w *svgWriter) boxes(group, class string, bs []Box, radius float64) {
	fmt.Fprintf(w.b, `<g class="%s">`+"\n", group)
	for _, x := range bs {
		fmt.Fprintf(w.b, `<g class="%s" data-id="%s">`, class, attr(x.ID))
		w.title(x.Title)
		width := 1.2
		if class == "label" {
			width = 0.8
		}
		w.rect(x.Rect, radius, x.Stroke, x.Fill, x.Dashed, width)
		for _, t := range x.Texts {
			w.text(t)
		}
		w.b.WriteString("</g>\n")
	}
	w.b.WriteString("</g>\n")
}

func (w *svgWriter) rect(r Rect, radius float64, stroke, fill string, dashed bool, width float64) {
	dash := ""
	if dashed {
		dash = ` stroke-dasharray="5 3"`
	}
	fmt.Fprintf(w.b, `<rect x="%s" y="%s" width="%s" height="%s" rx="%s" fill="%s" stroke="%s" stroke-width="%s"%s/>`,
		num(r.X), num(r.Y), num(r.W), num(r.H), num(radius), fill, stroke, num(width), dash)
}

func (w *svgWriter) text(t Text) {
	weight := ""
	if t.Bold {
		weight = ` font-weight="bold"`
	}
	fmt.Fprintf(w.b, `<text x="%s" y="%s" font-size="%s"%s text-anchor="%s" fill="%s">%s</text>`,
		num(t.X), num(t.Y), num(t.Size), weight, t.Anchor, t.Color, attr(t.Value))
}

func (w *svgWriter) title(s string) {
	if s != "" {
		fmt.Fprintf(w.b, "<title>%s</title>", attr(s))
	}
}

// num prints a coordinate with one decimal, and none when it is whole.
func num(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}

func attr(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
