package analyzer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"strconv"
)

// importsComplete reports whether the Go file src certainly needs no import
// added or removed: every import is used, and every qualifier of a
// selector that no declaration in the file resolves is an imported name.
// An import's name is taken from its spec or, without one, from the last
// element of its path. When it cannot tell, it returns false and leaves
// the decision to goimports. Such cases are blank and dot imports, a
// package whose name differs from its path, and a package-level name of
// the package under test used as a qualifier.
func importsComplete(src []byte) bool {
	// Object resolution separates local names such as tt in tt.want from
	// package qualifiers, which it leaves unresolved.
	f, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
	if err != nil {
		return false
	}
	names := map[string]bool{}
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			return false
		}
		name := path.Base(p)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name == "_" || name == "." || !token.IsIdentifier(name) {
			return false
		}
		names[name] = false
	}

	complete := true
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || !complete {
			return complete
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || id.Obj != nil {
			return true
		}
		if _, imported := names[id.Name]; !imported {
			complete = false
			return false
		}
		names[id.Name] = true
		return true
	})
	if !complete {
		return false
	}
	for _, used := range names {
		if !used {
			return false
		}
	}
	return true
}
