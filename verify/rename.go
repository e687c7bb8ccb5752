package verify

import (
	"go/ast"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// renameCollisions renames the kept declarations whose names are in
// declared, the names that the test package and the candidates before this
// one declare, and then adds this candidate's names to declared. TestX
// becomes TestX2, or TestX3 when TestX2 is declared as well.
//
// Every identifier with the old name is renamed, except selectors, field
// and method names and composite literal keys. Renaming a name everywhere
// to a name the code does not use keeps the code's meaning, since local
// declarations that shadow the old name are renamed along with it.
//
// NOTE: without type information a key in a composite literal is assumed to
// be a field name, so a map literal keyed by a renamed variable keeps the
// old name and fails to compile.
func (pc *parsedCandidate) renameCollisions(declared map[string]bool) {
	used := map[string]bool{}
	for _, d := range pc.keptDecls() {
		ast.Inspect(d, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				used[id.Name] = true
			}
			return true
		})
	}

	renames := map[string]string{}
	for _, u := range pc.units {
		if !u.kept {
			continue
		}
		for i, name := range u.names {
			if !declared[name] {
				continue
			}
			if _, done := renames[name]; !done {
				renames[name] = freshName(name, declared, used)
				used[renames[name]] = true
			}
			u.names[i] = renames[name]
		}
	}
	if len(renames) > 0 {
		pc.changed = true
		for _, d := range pc.keptDecls() {
			renameIdents(d, renames)
		}
	}

	for _, u := range pc.units {
		if u.kept {
			for _, n := range u.names {
				declared[n] = true
			}
		}
	}
}

// freshName returns name with the lowest number from 2 up appended that
// neither declared nor used contains. An example keeps a name that go vet
// accepts: its suffix after "_" must start with a lower-case letter.
func freshName(name string, declared, used map[string]bool) string {
	base := name
	if strings.HasPrefix(name, "Example") && !hasLowerSuffix(name) {
		base = name + "_v"
	}
	for n := 2; ; n++ {
		candidate := base + strconv.Itoa(n)
		if !declared[candidate] && !used[candidate] {
			return candidate
		}
	}
}

// hasLowerSuffix reports whether an example name ends in a suffix, a part
// after "_" that starts with a lower-case letter.
func hasLowerSuffix(name string) bool {
	i := strings.LastIndex(name, "_")
	if i < 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(name[i+1:])
	return unicode.IsLower(r)
}

// renameIdents renames the identifiers in node that refer to a
// package-level or local name in renames.
func renameIdents(node ast.Node, renames map[string]string) {
	skip := map[*ast.Ident]bool{}
	ast.Inspect(node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			skip[n.Sel] = true
		case *ast.FuncDecl:
			if n.Recv != nil {
				skip[n.Name] = true
			}
		case *ast.StructType:
			skipFieldNames(n.Fields, skip)
		case *ast.InterfaceType:
			skipFieldNames(n.Methods, skip)
		case *ast.CompositeLit:
			for _, elt := range n.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						skip[id] = true
					}
				}
			}
		}
		return true
	})

	ast.Inspect(node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !skip[id] {
			if to, ok := renames[id.Name]; ok {
				id.Name = to
			}
		}
		return true
	})
}

func skipFieldNames(fields *ast.FieldList, skip map[*ast.Ident]bool) {
	if fields == nil {
		return
	}
	for _, f := range fields.List {
		for _, n := range f.Names {
			skip[n] = true
		}
	}
}
