package provider

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// svgBoxes checks that an SVG is well-formed XML and has the given numbers of boxes and edges
// (the diagram package's tests check the drawing itself).
func svgBoxes(nodes, edges int) knownvalue.Check {
	return knownvalue.StringFunc(func(svg string) error {
		if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
			return fmt.Errorf("not XML: %v", err)
		}
		if n, e := strings.Count(svg, `<g class="node"`), strings.Count(svg, `<g class="edge"`); n != nodes || e != edges {
			return fmt.Errorf("%d boxes and %d edges, want %d and %d", n, e, nodes, edges)
		}
		return nil
	})
}

// The ESLAG design of the wiring diagram test, drawn at both levels during plan.
func TestTopologyDiagram(t *testing.T) {
	unsetNetBoxEnv(t)
	const config = eslagDesign + `
data "hedgehog_topology_diagram" "class" {
  switch_classes = [hedgehog_switch_class.leaf, hedgehog_switch_class.spine]
  server_classes = [hedgehog_server_class.compute, hedgehog_server_class.storage]
}

data "hedgehog_topology_diagram" "device" {
  switch_classes = [hedgehog_switch_class.leaf, hedgehog_switch_class.spine]
  level          = "device"
  title          = "lab"
}
`
	check := func(name, attr string, v knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.hedgehog_topology_diagram."+name, tfjsonpath.New(attr), v)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				check("class", "level", knownvalue.StringExact("class")),
				check("class", "title", knownvalue.StringExact("eslag")),
				// leaf and spine, compute and storage; the leaf-spine pair and each server class.
				check("class", "svg", svgBoxes(4, 3)),
				check("class", "mermaid", knownvalue.StringRegexp(regexp.MustCompile(
					`(?s)^---\ntitle: eslag · 3 switches · 6 servers · 44 links · class level\n---\nflowchart TB\n.*`+
						`N2\["compute<br/>4 servers<br/>srv"\]`))),
				check("class", "dot", knownvalue.StringRegexp(regexp.MustCompile(`(?s)^digraph fabric \{.*N0 -> N3 \[label="4×100G\\n2 per switch"`))),
				// leaf-01, leaf-02, spine-01, compute, storage. The leaves' uplinks, compute's ESLAG
				// links and storage's bundles (one server on each leaf) are spread alike: one edge
				// to a frame each.
				check("device", "svg", svgBoxes(5, 3)),
				check("device", "mermaid", knownvalue.StringRegexp(regexp.MustCompile(`(?s)title: lab · .* device level\n.*D0\["leaf-01"\]`))),
			},
		}},
	})
}

func TestTopologyDiagramLevel(t *testing.T) {
	unsetNetBoxEnv(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      eslagDesign + "\ndata \"hedgehog_topology_diagram\" \"x\" {\n  switch_classes = [hedgehog_switch_class.leaf]\n  level = \"rack\"\n}\n",
			ExpectError: regexp.MustCompile(`(?s)Attribute level value must be one of`),
		}},
	})
}

// referenceImage is the picture of SPEC §10 that the README shows.
var referenceImage = filepath.Join("..", "..", "docs", "images", "ai-cluster-128gpu.svg")

// TestExampleDiagramImage plans examples/ai-cluster-128gpu offline and compares its diagram_svg
// output with the picture in the README, so a change to the drawing or the example that is
// not regenerated fails here and in `make docs-check`. With HEDGEHOG_UPDATE_DOCS=1 (as `make
// generate` runs it) it writes the picture instead.
func TestExampleDiagramImage(t *testing.T) {
	tf := exampleTerraform(t, "examples/ai-cluster-128gpu", map[string]string{EnvNetBoxURL: "", EnvNetBoxToken: ""})
	plan, _, _ := planExample(t, tf)
	svg, _ := plan.OutputChanges["diagram_svg"].After.(string)
	mermaid, _ := plan.OutputChanges["diagram_mermaid"].After.(string)
	if !strings.Contains(mermaid, "title: ai-128gpu · 20 switches · 155 servers · 1017 links · class level\n") {
		t.Errorf("diagram_mermaid does not title SPEC §10:\n%s", mermaid)
	}
	if !strings.HasPrefix(svg, "<?xml") {
		t.Fatalf("diagram_svg is not known during plan: %v", plan.OutputChanges["diagram_svg"].After)
	}
	if os.Getenv("HEDGEHOG_UPDATE_DOCS") == "1" {
		if err := os.MkdirAll(filepath.Dir(referenceImage), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(referenceImage, []byte(svg), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if committed, err := os.ReadFile(referenceImage); err != nil || string(committed) != svg {
		t.Errorf("%s is not the example's diagram_svg (%v): run `make generate` and commit it", referenceImage, err)
	}
}
