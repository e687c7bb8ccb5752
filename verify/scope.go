package verify

import (
	"crypto/sha256"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// A packageScope is what verification needs to know about the package
// directory before it compiles anything.
type packageScope struct {
	// testNames are the package-level names declared in the test files of
	// the test package, with the targets' bases in place of their files.
	testNames map[string]bool

	// pkgNames are the package-level names of the package under test when
	// the test package is the package itself, and empty for an external
	// test package.
	pkgNames map[string]bool

	// sourceHash is the SHA-256 of the names and contents of all .go files
	// in the directory.
	sourceHash [sha256.Size]byte
}

// scanPackage reads the .go files in req.Dir. Files that do not parse
// contribute the names parsed before the error.
func scanPackage(req *Request) (*packageScope, error) {
	entries, err := os.ReadDir(req.Dir)
	if err != nil {
		return nil, fmt.Errorf("reading package directory %s: %w", req.Dir, err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })

	scope := &packageScope{testNames: map[string]bool{}, pkgNames: map[string]bool{}}
	hash := sha256.New()
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, ".go") {
			continue
		}
		path := filepath.Join(req.Dir, name)
		content, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
		fmt.Fprintf(hash, "%s\x00%d\x00", name, len(content))
		hash.Write(content)

		// The go command ignores files whose names start with "_" or ".".
		if strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") {
			continue
		}
		isTest := strings.HasSuffix(name, "_test.go")
		if _, isTarget := req.Targets[path]; isTest && isTarget {
			continue
		}
		f, _ := parser.ParseFile(fset, path, content, parser.SkipObjectResolution)
		if f == nil || f.Name == nil || f.Name.Name != req.TestPkgName {
			continue
		}
		if isTest {
			addDeclaredNames(f, scope.testNames)
		} else {
			addDeclaredNames(f, scope.pkgNames)
		}
	}
	copy(scope.sourceHash[:], hash.Sum(nil))

	for _, t := range req.Targets {
		if t.Base == nil {
			continue
		}
		f, _ := parser.ParseFile(fset, t.Path, t.Base, parser.SkipObjectResolution)
		if f != nil {
			addDeclaredNames(f, scope.testNames)
		}
	}
	return scope, nil
}

// addDeclaredNames adds the package-level names that f declares to names.
// Methods are left out because they live in their type's scope.
func addDeclaredNames(f *ast.File, names map[string]bool) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name != "init" && d.Name.Name != "_" {
				names[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				for _, n := range specNames(s) {
					if n != "_" {
						names[n] = true
					}
				}
			}
		}
	}
}
