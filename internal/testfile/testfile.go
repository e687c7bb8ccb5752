// Package testfile composes the content of a test file from its current
// content and the generated tests added to it. The command writes the
// result, and verification compiles it through an overlay, so both see the
// same bytes.
package testfile

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/imports"
)

// An Import is one import spec that a generated test needs.
type Import struct {
	Name string // local name, "" for the package's own name
	Path string
}

// A NewFile gives the start of a test file that does not exist yet.
type NewFile struct {
	// Header holds the comments above the package clause: the copyright
	// notice and build constraints of the source file.
	Header string
	// PackageName is the package clause's name.
	PackageName string
}

// Compose returns base with imps added to its imports and decls appended,
// gofmt-formatted with its imports sorted. A nil base means a new file,
// which nf starts. path names the file in errors and for formatting.
func Compose(path string, base []byte, nf NewFile, decls []string, imps []Import) ([]byte, error) {
	src := base
	if base == nil {
		var b strings.Builder
		if nf.Header != "" {
			b.WriteString(nf.Header + "\n\n")
		}
		b.WriteString("package " + nf.PackageName + "\n")
		src = []byte(b.String())
	}

	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	for _, imp := range imps {
		if !hasImport(f, imp.Path) {
			astutil.AddNamedImport(fset, f, imp.Name, imp.Path)
		}
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, fmt.Errorf("formatting %s: %w", path, err)
	}
	for _, d := range decls {
		buf.WriteString("\n" + d + "\n")
	}

	out, err := imports.Process(path, buf.Bytes(), &imports.Options{
		Comments:   true,
		TabIndent:  true,
		TabWidth:   8,
		FormatOnly: true,
	})
	if err != nil {
		return nil, fmt.Errorf("formatting the tests added to %s: %w", path, err)
	}
	return out, nil
}

// hasImport reports whether f imports path.
func hasImport(f *ast.File, path string) bool {
	for _, spec := range f.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err == nil && p == path {
			return true
		}
	}
	return false
}
