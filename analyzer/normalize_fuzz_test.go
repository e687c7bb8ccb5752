package analyzer

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-testgen/testgen/generate"
)

// The seed corpora live in testdata/fuzz/<FuzzName>.

// FuzzNormalizeTest feeds arbitrary model code to normalizeTest. It must
// not panic, and code it accepts must parse as declarations of the test
// package.
func FuzzNormalizeTest(f *testing.F) {
	f.Add("func TestF(t *testing.T) {}")
	f.Add("package main\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { F() }")
	f.Add("func init() {}\n//go:generate rm -rf /\nfunc TestF(t *testing.T) {")
	req := &generate.Request{Name: "F", TestName: "TestF", PkgName: "p", PkgPath: "example.com/p", TestPkgName: "p"}
	f.Fuzz(func(t *testing.T, code string) {
		// Imports set by the generator skip fixImports, which FuzzFixImports
		// covers.
		tc, err := normalizeTest(generate.Test{Name: "F", Code: code, Imports: map[string]string{"testing": ""}}, req)
		if err != nil {
			return
		}
		src := "package p\n\n" + tc.decls
		if _, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution); err != nil {
			t.Errorf("normalized code does not parse: %v\n%s", err, src)
		}
		if strings.HasPrefix(strings.TrimSpace(tc.decls), "package ") {
			t.Errorf("normalized code keeps a package clause:\n%s", tc.decls)
		}
	})
}

// FuzzFixImports runs fixImports, as goimports does, on parsed model code
// in a module without dependencies. It must not panic, and its result must
// keep the package clause.
func FuzzFixImports(f *testing.F) {
	f.Add("func TestF(t *testing.T) { fmt.Println(strings.ToUpper(\"x\")) }")
	f.Add("import \"os\"\n\nfunc TestF(t *testing.T) {}")
	f.Add("func TestF(t *testing.T) { require.Equal(t, 1, F()) }")
	dir := f.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/p\n\ngo 1.26\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	req := &generate.Request{Name: "F", PkgName: "p", PkgPath: "example.com/p", TestPkgName: "p_test", Dir: dir}
	f.Fuzz(func(t *testing.T, code string) {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "", "package p_test\n\n"+code, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return
		}
		fixed, err := fixImports(fset, file, req)
		if err != nil {
			return
		}
		if fixed.Name.Name != "p_test" {
			t.Errorf("package clause %q, want p_test", fixed.Name.Name)
		}
	})
}
