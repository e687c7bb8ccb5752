package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// fixEdits returns the text edits that append code to file, an existing
// test file of the unit, and add the imports the file lacks.
//
// Each import gets an edit of its own, so that when several fixes add the
// same import to one file the drivers' merge sees identical edits and
// keeps one.
func fixEdits(file *ast.File, code *testCode) []analysis.TextEdit {
	have := map[string]bool{}
	for _, spec := range file.Imports {
		if path, err := strconv.Unquote(spec.Path.Value); err == nil {
			have[path] = true
		}
	}

	var edits []analysis.TextEdit
	for _, imp := range code.imports {
		if have[imp.Path] {
			continue
		}
		edits = append(edits, importEdit(file, imp))
	}

	edits = append(edits, analysis.TextEdit{
		Pos:     file.FileEnd,
		End:     file.FileEnd,
		NewText: []byte("\n" + code.decls + "\n"),
	})
	return edits
}

// importEdit returns an edit that adds one import to file: inside the
// first import declaration when it has parentheses, else as a declaration
// of its own after the imports or the package clause.
func importEdit(file *ast.File, imp Import) analysis.TextEdit {
	spec := strconv.Quote(imp.Path)
	if imp.Name != "" {
		spec = imp.Name + " " + spec
	}

	var first, last *ast.GenDecl
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			break
		}
		if first == nil {
			first = gd
		}
		last = gd
	}

	switch {
	case first != nil && first.Lparen.IsValid() && len(first.Specs) > 0:
		// After the last spec, so that the closing parenthesis keeps its
		// line whether or not it had one of its own. A standard library
		// import goes after the last standard one instead, into the group
		// that gofmt then sorts it in.
		anchor := first.Specs[len(first.Specs)-1]
		if isStdPath(imp.Path) {
			for _, s := range first.Specs {
				if p, err := strconv.Unquote(s.(*ast.ImportSpec).Path.Value); err == nil && isStdPath(p) {
					anchor = s
				}
			}
		}
		pos := anchor.End()
		return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte("\n\t" + spec)}
	case last != nil:
		return analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte("\nimport " + spec)}
	default:
		pos := file.Name.End()
		return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte("\n\nimport " + spec)}
	}
}

// fixMessage is the title of the suggested fix for a function.
func fixMessage(name string) string {
	return fmt.Sprintf("Add test for %s", name)
}

// isStdPath reports whether an import path belongs to the standard
// library, whose first element has no dot.
func isStdPath(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
