package provider

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
)

// The snippets the docs show (examples/resources, examples/data-sources, examples/provider) are
// one small design: a plan, device types, a GPU server class, frontend leaves and spines, an
// OOB switch class, and the data sources over them, which pass the classes through the local
// in examples/data-sources/classes.tf (decision 76). Put together in one directory they plan
// offline, so no snippet names a resource another does not declare.

// snippetDirs hold the doc snippets that the tests in this file plan.
var snippetDirs = []string{"examples/resources", "examples/data-sources", "examples/provider"}

// examplesPlannedElsewhere are the other configurations under examples/, each with the test
// file that plans it.
var examplesPlannedElsewhere = map[string]string{
	"examples/ai-cluster-128gpu": "example_ai_cluster_test.go",
	"examples/guides":            "examples_guides_test.go",
}

// snippetFiles returns the .tf files of snippetDirs, relative to the repository root: those
// that plan offline, and the import-by-string-id.tf files, whose import blocks need NetBox.
func snippetFiles(t *testing.T) (planned, imports []string) {
	t.Helper()
	for _, dir := range snippetDirs {
		err := filepath.WalkDir(filepath.Join("..", "..", dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) != ".tf" {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join("..", ".."), p)
			if strings.HasPrefix(d.Name(), "import-") {
				imports = append(imports, filepath.ToSlash(rel))
			} else {
				planned = append(planned, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return planned, imports
}

// snippetsTerraform copies files (relative to the repository root) into one working directory,
// with the provider's source, the provider set offline by an override file (the provider
// snippet names a NetBox URL and a token variable), and extra files by name.
func snippetsTerraform(t *testing.T, files []string, extra map[string]string) *tfexec.Terraform {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("..", "..", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, snippetName(f)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	extra = mergeFiles(map[string]string{
		"versions.tf": `terraform {
  required_providers {
    hedgehog = { source = "netfabric-io/hedgehog" }
  }
}
`,
		"offline_override.tf": `provider "hedgehog" {
  url   = ""
  token = null
}
variable "netbox_token" {
  default = null
}
`,
	}, extra)
	writeFiles(t, dir, extra)
	return terraformIn(t, dir, map[string]string{EnvNetBoxURL: "", EnvNetBoxToken: ""})
}

// snippetName is the name of a snippet in the one directory: its path, flattened, since many
// snippets are named resource.tf.
func snippetName(f string) string {
	return strings.ReplaceAll(strings.TrimPrefix(f, "examples/"), "/", "_")
}

func mergeFiles(a, b map[string]string) map[string]string {
	for k, v := range b {
		a[k] = v
	}
	return a
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestExamplesAllPlanned fails when a .tf file under examples/ is planned by no test: a new
// directory goes into snippetDirs or examplesPlannedElsewhere, with its test.
func TestExamplesAllPlanned(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(filepath.Join(root, "examples"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") { // .terraform of a run by hand
			return filepath.SkipDir
		}
		if d.IsDir() || filepath.Ext(p) != ".tf" {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		for _, dir := range snippetDirs {
			if strings.HasPrefix(rel, dir+"/") {
				return nil
			}
		}
		for dir, test := range examplesPlannedElsewhere {
			if !strings.HasPrefix(rel, dir+"/") {
				continue
			}
			if b, err := os.ReadFile(test); err != nil || !strings.Contains(string(b), dir) {
				t.Errorf("%s: %s, which should plan %s, does not name it (%v)", rel, test, dir, err)
			}
			return nil
		}
		t.Errorf("%s is planned by no test: add its directory to snippetDirs or examplesPlannedElsewhere", rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// importLine is an import block's or a `terraform import` command's target and ID.
var importLine = regexp.MustCompile(`(?s)import\s*\{\s*to\s*=\s*(\S+)\s*id\s*=\s*"([^"]*)"|terraform import '?([^' ]+)'? (\S+)`)

// TestExampleSnippets plans every doc snippet in one directory, offline. Every data source is
// known during plan. Import blocks cannot run offline (the provider imports from NetBox), so
// the import-by-string-id.tf files are validated with the design, and each import block and
// import.sh names a resource the design plans, with the ID the docs say it takes: the plan's
// name, <plan name>/<class name>, or the device type's slug.
func TestExampleSnippets(t *testing.T) {
	t.Parallel()
	planned, imports := snippetFiles(t)
	tf := snippetsTerraform(t, planned, nil)
	plan, _, _ := planExample(t, tf)
	for _, out := range []string{"bom_csv", "diagram_svg", "diagram_mermaid", "wiring_frontend", "ds5000_roles", "spines"} {
		oc := plan.OutputChanges[out]
		if oc == nil || oc.AfterUnknown == true || oc.After == nil {
			t.Errorf("output %s is not known during plan: %+v", out, oc)
		}
	}
	if bomCSV, _ := plan.OutputChanges["bom_csv"].After.(string); !strings.Contains(bomCSV, "\nserver,gpu-server,32,") {
		t.Errorf("bom_csv lacks the 32 GPU servers:\n%s", bomCSV)
	}

	sh, _ := filepath.Glob(filepath.Join("..", "..", "examples", "resources", "*", "import.sh"))
	var commands []string
	for _, f := range append(slices.Clone(imports), sh...) {
		if !strings.HasSuffix(f, ".sh") {
			f = filepath.Join("..", "..", f)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		commands = append(commands, string(b))
	}
	n := 0
	for _, text := range commands {
		for _, m := range importLine.FindAllStringSubmatch(text, -1) {
			addr, id := m[1], m[2]
			if addr == "" {
				addr, id = m[3], m[4]
			}
			n++
			if want, ok := importID(plan, addr); !ok {
				t.Errorf("import of %s: the design has no such resource", addr)
			} else if id != want {
				t.Errorf("import of %s with ID %q: the design's ID is %q", addr, id, want)
			}
		}
	}
	if want := 2 * len(imports); n != want {
		t.Errorf("found %d imports in the import-by-string-id.tf and import.sh files, want %d (one in each)", n, want)
	}

	for _, f := range imports {
		b, err := os.ReadFile(filepath.Join("..", "..", f))
		if err != nil {
			t.Fatal(err)
		}
		writeFiles(t, tf.WorkingDir(), map[string]string{snippetName(f): string(b)})
	}
	if v, err := tf.Validate(context.Background()); err != nil || !v.Valid {
		t.Errorf("terraform validate with the import blocks: %v %+v", err, v)
	}
}

// importID is the ID that imports the resource at addr, from its planned values.
func importID(plan *tfjson.Plan, addr string) (string, bool) {
	for _, rc := range plan.ResourceChanges {
		if rc.Address != addr {
			continue
		}
		m, _ := rc.Change.After.(map[string]any)
		switch rc.Type {
		case "hedgehog_topology_plan":
			return fmt.Sprint(m["name"]), true
		case "hedgehog_device_type":
			return fmt.Sprint(m["slug"]), true
		default:
			p, _ := m["plan"].(map[string]any)
			return fmt.Sprintf("%v/%v", p["name"], m["name"]), true
		}
	}
	return "", false
}

// directReferences overrides the data blocks of the data-source snippets to name the classes
// directly, as the docs did before decision 76.
const directReferences = `data "hedgehog_bill_of_materials" "design" {
  switch_classes = [hedgehog_switch_class.fe_gpu_leaf, hedgehog_switch_class.fe_spine, hedgehog_switch_class.oob_mgmt_leaf]
  server_classes = [hedgehog_server_class.gpu]
}
data "hedgehog_topology_diagram" "fabric" {
  switch_classes = [hedgehog_switch_class.fe_gpu_leaf, hedgehog_switch_class.fe_spine, hedgehog_switch_class.oob_mgmt_leaf]
  server_classes = [hedgehog_server_class.gpu]
}
data "hedgehog_wiring_diagram" "frontend" {
  switch_classes = [hedgehog_switch_class.fe_gpu_leaf, hedgehog_switch_class.fe_spine, hedgehog_switch_class.oob_mgmt_leaf]
}
`

// TestExampleDataSourcesKnownWithPendingChange applies the snippets (offline: state only), then
// plans a change to the GPU server class. Through the local, as the docs write them, the bill
// of materials, the wiring and the diagram are read during plan, from the class as planned.
// With the classes named directly in the data blocks, Terraform defers the same reads to apply
// ("known after apply"): why the docs pass them through a local.
func TestExampleDataSourcesKnownWithPendingChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	planned, _ := snippetFiles(t)
	tf := snippetsTerraform(t, planned, nil)
	if err := tf.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, tf.WorkingDir(), map[string]string{"pending_override.tf": `resource "hedgehog_server_class" "gpu" {
  quantity = 48
}
`})
	dataSources := []string{"bom_csv", "wiring_frontend", "diagram_svg"}
	plan, _, _ := planExample(t, tf)
	if rc := resourceChange(plan, "hedgehog_server_class.gpu"); rc == nil || !rc.Change.Actions.Update() {
		t.Fatalf("the GPU server class has no pending update: %+v", rc)
	}
	for _, out := range dataSources {
		oc := plan.OutputChanges[out]
		after, _ := oc.After.(string)
		if oc.AfterUnknown == true || after == "" {
			t.Errorf("through a local, output %s is not known during plan with a class change pending", out)
		} else if before, _ := oc.Before.(string); before == "" || after == before {
			t.Errorf("output %s is known but does not show the pending change", out)
		}
	}
	if bomCSV, _ := plan.OutputChanges["bom_csv"].After.(string); !strings.Contains(bomCSV, "\nserver,gpu-server,48,") {
		t.Errorf("bom_csv does not count the 48 GPU servers of the pending change:\n%s", bomCSV)
	}

	writeFiles(t, tf.WorkingDir(), map[string]string{"direct_override.tf": directReferences})
	plan, _, _ = planExample(t, tf)
	for _, out := range dataSources {
		if oc := plan.OutputChanges[out]; oc.AfterUnknown != true {
			t.Errorf("with direct references, output %s is known during plan: Terraform's rule changed, "+
				"and the docs that say why to pass classes through a local (decision 76) are wrong", out)
		}
	}
	// A data source read during plan has no change; one deferred to apply is a planned read.
	if rc := resourceChange(plan, "data.hedgehog_bill_of_materials.design"); rc == nil || !rc.Change.Actions.Read() {
		t.Errorf("with direct references, the bill of materials is not a read planned for apply: %+v", rc)
	}
}

func resourceChange(plan *tfjson.Plan, addr string) *tfjson.ResourceChange {
	for _, rc := range plan.ResourceChanges {
		if rc.Address == addr {
			return rc
		}
	}
	return nil
}
