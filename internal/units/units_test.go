package units_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/go-testgen/testgen/internal/units"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoad(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"go.mod":          "module example.com/m\n\ngo 1.26\n",
		"a/a.go":          "package a\n\nfunc F() {}\n",
		"a/a_test.go":     "package a\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { F() }\n",
		"a/x_test.go":     "package a_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/a\"\n)\n\nfunc TestX(t *testing.T) { a.F() }\n",
		"b/b.go":          "package b\n\nfunc G() {}\n",
		"c/c.go":          "package c\n\nfunc H() {}\n",
		"c/c_ext_test.go": "package c_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/c\"\n)\n\nfunc TestH(t *testing.T) { c.H() }\n",
	})
	roots, err := units.Load(&packages.Config{Dir: dir}, "./...")
	if err != nil {
		t.Fatal(err)
	}

	var ids []string
	for _, p := range roots {
		ids = append(ids, p.ID)
	}
	slices.Sort(ids)
	want := []string{
		"example.com/m/a [example.com/m/a.test]",
		"example.com/m/a_test [example.com/m/a.test]",
		"example.com/m/b",
		"example.com/m/c",
		"example.com/m/c_test [example.com/m/c.test]",
	}
	if !slices.Equal(ids, want) {
		t.Errorf("units = %q, want %q", ids, want)
	}

	// Only edges between units remain: a_test keeps a, not testing.
	for _, p := range roots {
		for path := range p.Imports {
			if path != "example.com/m/a" && path != "example.com/m/c" {
				t.Errorf("%s still imports %s", p.ID, path)
			}
		}
	}
}

func TestLoad_noMatch(t *testing.T) {
	dir := writeFiles(t, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n"})
	if _, err := units.Load(&packages.Config{Dir: dir}, "./..."); err == nil {
		t.Error("Load() of a pattern that matches nothing returned no error")
	}
}

func TestSelect(t *testing.T) {
	plain := &packages.Package{ID: "p", PkgPath: "p"}
	withTests := &packages.Package{ID: "p [p.test]", PkgPath: "p", ForTest: "p"}
	external := &packages.Package{ID: "p_test [p.test]", PkgPath: "p_test", ForTest: "p",
		Imports: map[string]*packages.Package{"p": withTests, "fmt": {ID: "fmt"}}}
	main := &packages.Package{ID: "p.test", PkgPath: "p.test"}

	got := units.Select([]*packages.Package{plain, withTests, external, main})
	if !slices.Equal(got, []*packages.Package{withTests, external}) {
		t.Errorf("Select() kept %d units, want p [p.test] and p_test", len(got))
	}
	if _, ok := external.Imports["fmt"]; ok {
		t.Error("Select() kept the import of fmt, which is not a unit")
	}
	if external.Imports["p"] != withTests {
		t.Error("Select() dropped the import of p by p_test")
	}
}
