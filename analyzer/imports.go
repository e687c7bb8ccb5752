package analyzer

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"strconv"
	"strings"
)

// adaptTo fits the test code to the file it is appended to: an import
// whose name the file already uses for another package gets a new name,
// and an import the file has under another name takes that name. The code's
// qualified identifiers are renamed to match.
func (c *testCode) adaptTo(file *ast.File) error {
	byName := map[string]string{} // local name → path, in file
	byPath := map[string]string{} // path → local name, in file
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		name := guessName(p)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		byName[name] = p
		byPath[p] = name
	}

	rename := map[string]string{}
	for i, imp := range c.imports {
		local := imp.Name
		if local == "" {
			local = guessName(imp.Path)
		}
		if have, ok := byPath[imp.Path]; ok {
			if have != local && have != "_" && have != "." {
				rename[local] = have
			}
			continue
		}
		if p, taken := byName[local]; taken && p != imp.Path {
			alias := guessName(path.Dir(imp.Path)) + local
			for n := 2; byName[alias] != ""; n++ {
				alias = local + strconv.Itoa(n)
			}
			rename[local] = alias
			c.imports[i].Name = alias
			byName[alias] = imp.Path
		}
	}
	if len(rename) == 0 {
		return nil
	}

	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package p\n\n"+c.decls, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				if to, ok := rename[id.Name]; ok {
					id.Name = to
				}
			}
		}
		return true
	})
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return err
	}
	_, decls, _ := strings.Cut(buf.String(), "\n")
	c.decls = strings.TrimSpace(decls)
	return nil
}

// guessName returns the usual name of the package at an import path: its
// last element, without a major version suffix or a "go-" prefix.
func guessName(p string) string {
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" && path.Dir(p) != "." {
		base = path.Base(path.Dir(p))
	}
	base, _, _ = strings.Cut(base, ".")
	base = strings.TrimPrefix(base, "go-")
	return strings.ReplaceAll(base, "-", "_")
}
