package diagram

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// ids names every box and frame of a graph for Mermaid and DOT, whose identifiers cannot hold
// the characters class and device names may (NetBox names allow spaces and dots): N<i> for
// class boxes and server classes, G<i> for frames, D<i> for switches, F<i> for fabrics.
func ids(g *Graph) map[string]string {
	out := map[string]string{}
	devices := 0
	for i, b := range g.Blocks {
		if g.Level == LevelDevice && b.Kind == BlockSwitch {
			out[b.ID] = fmt.Sprintf("G%d", i)
			for _, d := range b.Devices {
				out[d.ID] = fmt.Sprintf("D%d", devices)
				devices++
			}
			continue
		}
		out[b.ID] = fmt.Sprintf("N%d", i)
	}
	return out
}

// blockText is the full text of a box, one string per line.
func blockText(b Block) []string { return append([]string{b.Name}, b.Lines...) }

// byFabric lists the switch blocks of each fabric in column order, then the others.
func byFabric(g *Graph) ([][]Block, []Block) {
	col := map[string]int{}
	for i, f := range g.Fabrics {
		col[f.Name] = i
	}
	cols := make([][]Block, len(g.Fabrics))
	var rest []Block
	for _, b := range g.Blocks {
		if b.Kind == BlockSwitch {
			cols[col[b.Fabric]] = append(cols[col[b.Fabric]], b)
		} else {
			rest = append(rest, b)
		}
	}
	return cols, rest
}

// Mermaid writes the graph as a Mermaid flowchart, top to bottom: one subgraph per fabric (and
// per switch class at device level), edges from the upper end to the lower, so Mermaid ranks
// spines first, and colours by fabric.
func Mermaid(g *Graph) string {
	id := ids(g)
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\n---\nflowchart TB\n", mermaidText(g.summary()))
	cols, rest := byFabric(g)
	styles := map[string][]string{}
	for i, f := range g.Fabrics {
		fmt.Fprintf(&b, "  subgraph F%d[\"%s\"]\n", i, mermaidText(columnTitle(f)))
		for _, blk := range cols[i] {
			if g.Level == LevelDevice {
				fmt.Fprintf(&b, "    subgraph %s[\"%s\"]\n", id[blk.ID], mermaidText(strings.Join(blockText(blk), " · ")))
				for _, d := range blk.Devices {
					fmt.Fprintf(&b, "      %s[\"%s\"]\n", id[d.ID], mermaidText(d.Name))
					styles[fmt.Sprintf("f%d", i)] = append(styles[fmt.Sprintf("f%d", i)], id[d.ID])
				}
				b.WriteString("    end\n")
				continue
			}
			fmt.Fprintf(&b, "    %s[\"%s\"]\n", id[blk.ID], mermaidText(strings.Join(blockText(blk), "<br/>")))
			styles[fmt.Sprintf("f%d", i)] = append(styles[fmt.Sprintf("f%d", i)], id[blk.ID])
		}
		b.WriteString("  end\n")
	}
	for _, blk := range rest {
		fmt.Fprintf(&b, "  %s[\"%s\"]\n", id[blk.ID], mermaidText(strings.Join(blockText(blk), "<br/>")))
		styles["server"] = append(styles["server"], id[blk.ID])
	}
	byColor := map[string][]string{}
	for i, e := range g.Edges {
		fmt.Fprintf(&b, "  %s ---|\"%s\"| %s\n", id[e.Upper], mermaidText(strings.Join(e.Label(), ", ")), id[e.Lower])
		c := g.fabricColor(e.Fabric)
		byColor[c] = append(byColor[c], fmt.Sprint(i))
	}
	for i, f := range g.Fabrics {
		dash := ""
		if !f.Managed {
			dash = ",stroke-dasharray:5 3"
		}
		fmt.Fprintf(&b, "  classDef f%d fill:%s,stroke:%s,color:%s%s\n", i, tint(f.Color, 0.12), f.Color, textColor, dash)
		fmt.Fprintf(&b, "  style F%d fill:%s,stroke:%s\n", i, tint(f.Color, 0.05), tint(f.Color, 0.35))
	}
	fmt.Fprintf(&b, "  classDef server fill:%s,stroke:%s,color:%s\n", serverFill, serverStroke, textColor)
	for _, name := range slices.Sorted(maps.Keys(styles)) {
		fmt.Fprintf(&b, "  class %s %s\n", strings.Join(styles[name], ","), name)
	}
	for _, c := range slices.Sorted(maps.Keys(byColor)) {
		fmt.Fprintf(&b, "  linkStyle %s stroke:%s,stroke-width:2px\n", strings.Join(byColor[c], ","), c)
	}
	return b.String()
}

// mermaidText escapes what would end a quoted Mermaid label.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "<br/>", "<br/>", "<", "#lt;", ">", "#gt;").Replace(s)
}

// DOT writes the graph for Graphviz: a cluster per fabric (and per switch class at device
// level), rows pinned with rank=same, edges from the upper end to the lower without arrows.
func DOT(g *Graph) string {
	id := ids(g)
	var b strings.Builder
	fmt.Fprintf(&b, "digraph fabric {\n")
	fmt.Fprintf(&b, "  graph [rankdir=TB, newrank=true, compound=true, fontname=\"Helvetica\", labelloc=t, label=%s];\n", dotText(g.summary()))
	b.WriteString("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n")
	b.WriteString("  edge [dir=none, fontname=\"Helvetica\", fontsize=10];\n")
	cols, rest := byFabric(g)
	ranks := map[int][]string{}
	// first is the node an edge to a frame starts from, clipped at the frame by lhead/ltail.
	first := map[string]string{}
	node := func(indent, nodeID string, lines []string, color, fill string, dashed bool) {
		style := ""
		if dashed {
			style = `, style="rounded,filled,dashed"`
		}
		fmt.Fprintf(&b, "%s%s [label=%s, color=%q, fillcolor=%q%s];\n", indent, nodeID, dotText(strings.Join(lines, "\n")), color, fill, style)
	}
	for i, f := range g.Fabrics {
		fmt.Fprintf(&b, "  subgraph cluster_F%d {\n    label=%s; style=\"rounded,filled\"; color=%q; fillcolor=%q; fontcolor=%q;\n",
			i, dotText(columnTitle(f)), tint(f.Color, 0.35), tint(f.Color, 0.05), f.Color)
		for _, blk := range cols[i] {
			if g.Level != LevelDevice {
				node("    ", id[blk.ID], blockText(blk), f.Color, tint(f.Color, 0.12), blk.Dashed)
				ranks[blk.Rank] = append(ranks[blk.Rank], id[blk.ID])
				continue
			}
			fmt.Fprintf(&b, "    subgraph cluster_%s {\n      label=%s; color=%q; fillcolor=%q;\n",
				id[blk.ID], dotText(strings.Join(blockText(blk), "\n")), f.Color, tint(f.Color, 0.05))
			if len(blk.Devices) == 0 {
				fmt.Fprintf(&b, "      %s_empty [label=\"no switches\", shape=plaintext, style=\"\"];\n", id[blk.ID])
			}
			for _, d := range blk.Devices {
				node("      ", id[d.ID], []string{d.Name}, f.Color, tint(f.Color, 0.12), blk.Dashed)
				ranks[blk.Rank] = append(ranks[blk.Rank], id[d.ID])
				if first[blk.ID] == "" {
					first[blk.ID] = id[d.ID]
				}
			}
			b.WriteString("    }\n")
		}
		b.WriteString("  }\n")
	}
	for _, blk := range rest {
		style := serverStroke
		node("  ", id[blk.ID], blockText(blk), style, serverFill, blk.Dashed)
		ranks[blk.Rank] = append(ranks[blk.Rank], id[blk.ID])
	}
	for _, r := range slices.Sorted(maps.Keys(ranks)) {
		fmt.Fprintf(&b, "  { rank=same; %s; }\n", strings.Join(ranks[r], "; "))
	}
	for _, e := range g.Edges {
		tail, head, extra := id[e.Upper], id[e.Lower], ""
		if f, ok := first[e.Upper]; ok {
			tail, extra = f, extra+", ltail=cluster_"+id[e.Upper]
		}
		if f, ok := first[e.Lower]; ok {
			head, extra = f, extra+", lhead=cluster_"+id[e.Lower]
		}
		width := "1.2"
		if strings.HasPrefix(e.Lower, "switch:") || strings.HasPrefix(e.Lower, "device:") {
			width = "2"
		}
		fmt.Fprintf(&b, "  %s -> %s [label=%s, color=%q, penwidth=%s%s];\n", tail, head,
			dotText(strings.Join(e.Label(), "\n")), g.fabricColor(e.Fabric), width, extra)
	}
	b.WriteString("}\n")
	return b.String()
}

// dotText quotes a DOT string; line breaks become \n.
func dotText(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
