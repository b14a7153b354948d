package plantest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNotImportedByProduction keeps the fixtures out of the provider binary: no non-test file
// of main.go or internal/ imports this package. A direct import is the only way in, so
// checking imports file by file is enough.
func TestNotImportedByProduction(t *testing.T) {
	const self = "github.com/netfabric-io/terraform-provider-hedgehog/internal/planner/plantest"
	root := filepath.Join("..", "..", "..")
	files := []string{filepath.Join(root, "main.go")}
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		if filepath.Dir(path) == filepath.Join(root, "internal", "planner", "plantest") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == self {
				t.Errorf("%s imports %s, a test-support package", path, self)
			}
		}
	}
	if len(files) < 20 {
		t.Fatalf("only %d files found under %s: is the walk rooted at the module?", len(files), root)
	}
}
