package diagram

import (
	"regexp"
	"strings"
	"testing"
)

// count is the number of lines that match re.
func count(text string, re *regexp.Regexp) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		if re.MatchString(line) {
			n++
		}
	}
	return n
}

func TestMermaidReference(t *testing.T) {
	var (
		node     = regexp.MustCompile(`^\s+[ND]\d+\["`)
		edge     = regexp.MustCompile(`^  [NGD]\d+ ---\|"[^"]+"\| [NGD]\d+$`)
		subgraph = regexp.MustCompile(`^\s+subgraph [FG]\d+\["`)
	)
	for _, tc := range []struct {
		level                   Level
		nodes, edges, subgraphs int
		lines                   []string
	}{
		{LevelClass, 16, 24, 3, []string{
			"title: ai-128gpu · 20 switches · 155 servers · 1017 links · class level",
			`  subgraph F2["oob-mgmt (unmanaged)"]`,
			`    N3["fe-gpu-leaf<br/>2 × celestica-ds5000<br/>server-leaf"]`,
			`  N3 ---|"192×200G, 96 per switch"| N9`,
		}},
		// A subgraph per fabric and per switch class; an edge to a class's subgraph stands for
		// all its switches.
		{LevelDevice, 29, 27, 3 + 7, []string{
			`    subgraph G3["fe-gpu-leaf · 2 × celestica-ds5000 · server-leaf"]`,
			`      D8["fe-gpu-leaf-01"]`,
			`  G3 ---|"192×200G, 96 per switch"| N9`,
		}},
	} {
		t.Run(string(tc.level), func(t *testing.T) {
			text := Mermaid(build(t, reference(t, 1), tc.level))
			if !strings.HasPrefix(text, "---\ntitle: ") || !strings.Contains(text, "\nflowchart TB\n") {
				t.Errorf("no front matter title and flowchart:\n%s", text)
			}
			if n := count(text, node); n != tc.nodes {
				t.Errorf("%d nodes, want %d", n, tc.nodes)
			}
			if n := count(text, edge); n != tc.edges {
				t.Errorf("%d edges, want %d", n, tc.edges)
			}
			if n, ends := count(text, subgraph), strings.Count(text, "\n  end\n")+strings.Count(text, "\n    end\n"); n != tc.subgraphs || ends != n {
				t.Errorf("%d subgraphs and %d ends, want %d", n, ends, tc.subgraphs)
			}
			for _, line := range tc.lines {
				if !strings.Contains(text, "\n"+line+"\n") && !strings.HasPrefix(text, line) {
					t.Errorf("no line %q in\n%s", line, text)
				}
			}
		})
	}
}

func TestMermaidEscapes(t *testing.T) {
	if got := mermaidText(`a "b" <c><br/>`); got != "a #quot;b#quot; #lt;c#gt;<br/>" {
		t.Errorf("mermaidText: %q", got)
	}
}

func TestDOTReference(t *testing.T) {
	edge := regexp.MustCompile(`^  [ND]\d+ -> [ND]\d+ \[label="`)
	for _, tc := range []struct {
		level           Level
		edges, clusters int
		lines           []string
	}{
		{LevelClass, 24, 3, []string{
			`    N4 [label="fe-spine\n4 × celestica-ds5000\nspine", color="#0072B2", fillcolor="#e0eef6"];`,
			`  { rank=same; N4; N1; }`,
			`  N4 -> N3 [label="64×800G\n8 per pair", color="#0072B2", penwidth=2];`,
		}},
		// Edges between frames are drawn from a switch inside and clipped at the cluster.
		{LevelDevice, 27, 3 + 7, []string{
			`  D10 -> D8 [label="64×800G\n8 per pair", color="#0072B2", penwidth=2, ltail=cluster_G4, lhead=cluster_G3];`,
		}},
	} {
		t.Run(string(tc.level), func(t *testing.T) {
			text := DOT(build(t, reference(t, 1), tc.level))
			if n := count(text, edge); n != tc.edges {
				t.Errorf("%d edges, want %d", n, tc.edges)
			}
			if n := strings.Count(text, "subgraph cluster_"); n != tc.clusters {
				t.Errorf("%d clusters, want %d", n, tc.clusters)
			}
			if strings.Count(text, "{") != strings.Count(text, "}") {
				t.Error("unbalanced braces")
			}
			for _, line := range tc.lines {
				if !strings.Contains(text, "\n"+line+"\n") {
					t.Errorf("no line %q in\n%s", line, text)
				}
			}
		})
	}
	if got := dotText("a \"b\"\\\nc"); got != `"a \"b\"\\\nc"` {
		t.Errorf("dotText: %s", got)
	}
}
