package analyzer

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/imports"

	"github.com/go-testgen/testgen/generate"
	"github.com/go-testgen/testgen/internal/testfile"
)

// An Import is one import spec that a generated test needs.
type Import = testfile.Import

// testCode is a generated test reduced to what is inserted into a file:
// formatted declarations and the imports they need.
type testCode struct {
	decls   string
	imports []Import
}

// normalizeTest parses the code of a generated test, with or without a
// package clause, and returns its declarations formatted and its imports
// merged with those the generator listed.
func normalizeTest(t generate.Test, req *generate.Request) (*testCode, error) {
	testPkgName := req.TestPkgName
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "generated.go", t.Code, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		// Most responses contain declarations only.
		var err2 error
		f, err2 = parser.ParseFile(fset, "generated.go", "package "+testPkgName+"\n\n"+t.Code, parser.ParseComments|parser.SkipObjectResolution)
		if err2 != nil {
			return nil, fmt.Errorf("generated code for %s does not parse: %w", t.Name, err2)
		}
	}

	// The package clause is the test package's, whatever the code declared,
	// and missing imports are added: models often leave them out.
	f.Name.Name = testPkgName
	if len(t.Imports) == 0 {
		if f, err = fixImports(fset, f, req); err != nil {
			return nil, fmt.Errorf("generated code for %s: %w", t.Name, err)
		}
	}

	var imports []Import
	seen := map[string]bool{}
	add := func(name, path string) {
		if !seen[path] {
			seen[path] = true
			imports = append(imports, Import{Name: name, Path: path})
		}
	}
	for _, spec := range f.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		name := ""
		if spec.Name != nil {
			name = spec.Name.Name
		}
		add(name, path)
	}
	for path, name := range t.Imports {
		add(name, path)
	}
	slices.SortFunc(imports, func(a, b Import) int { return strings.Compare(a.Path, b.Path) })

	var parts []string
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			continue
		}
		var buf bytes.Buffer
		node := &printer.CommentedNode{Node: d, Comments: f.Comments}
		if err := format.Node(&buf, fset, node); err != nil {
			return nil, fmt.Errorf("formatting generated code for %s: %w", t.Name, err)
		}
		parts = append(parts, buf.String())
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("generated code for %s declares nothing", t.Name)
	}
	return &testCode{decls: strings.Join(parts, "\n\n"), imports: imports}, nil
}

// fixImports adds the imports that f's code needs and removes those it does
// not use, as goimports does, resolving names in the package's module.
// The package under test comes first, because an external test refers to
// it by name and a search could find another package of that name.
func fixImports(fset *token.FileSet, f *ast.File, req *generate.Request) (*ast.File, error) {
	if req.External() {
		astutil.AddImport(fset, f, req.PkgPath)
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, err
	}
	// imports.Process starts a go env process on every call, which costs
	// more than the rest of a cached test's handling.
	if importsComplete(buf.Bytes()) {
		return f, nil
	}
	filename := filepath.Join(req.Dir, "testgen_generated_test.go")
	src, err := imports.Process(filename, buf.Bytes(), &imports.Options{Comments: true, TabIndent: true, TabWidth: 8})
	if err != nil {
		return nil, fmt.Errorf("fixing imports: %w", err)
	}
	return parser.ParseFile(fset, filename, src, parser.ParseComments|parser.SkipObjectResolution)
}
