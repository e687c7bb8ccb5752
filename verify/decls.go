package verify

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-testgen/testgen/internal/goast"
	"github.com/go-testgen/testgen/internal/testfile"
)

// A declUnit is one top-level declaration of a candidate that can be kept
// or dropped on its own: a function, a method, or one spec of a type, var
// or const declaration.
type declUnit struct {
	decl ast.Decl
	spec ast.Spec // nil for a function or method

	// names are the package-level names it declares. A method declares
	// none, and recv is its receiver's base type name.
	names []string
	recv  string

	test bool // a Test, Benchmark, Fuzz or Example function
	kept bool
}

// A parsedCandidate is a candidate's code split into declaration units.
type parsedCandidate struct {
	fset    *token.FileSet
	file    *ast.File
	units   []*declUnit
	imports []testfile.Import

	// changed is set when the code must be printed again from the syntax
	// tree instead of being used as given.
	changed bool
}

// parseCandidate parses code, which is a list of declarations with or
// without a package clause and imports.
func parseCandidate(code string) (*parsedCandidate, error) {
	fset := token.NewFileSet()
	src := code
	hasClause := false
	if _, err := parser.ParseFile(fset, "", code, parser.PackageClauseOnly); err == nil {
		hasClause = true
	} else {
		src = "package p\n" + code
	}
	f, err := parser.ParseFile(fset, "candidate.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("the code does not parse: %w", err)
	}

	pc := &parsedCandidate{fset: fset, file: f, changed: hasClause}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			u := &declUnit{decl: d}
			if d.Recv != nil {
				u.recv = goast.ReceiverTypeName(d.Recv)
			} else {
				u.names = []string{d.Name.Name}
				u.test = isTestFunc(d.Name.Name)
			}
			pc.units = append(pc.units, u)
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				pc.imports = append(pc.imports, importsOf(d)...)
				pc.changed = true
				continue
			}
			for _, s := range d.Specs {
				pc.units = append(pc.units, &declUnit{decl: d, spec: s, names: specNames(s)})
			}
		}
	}
	return pc, nil
}

// keepTestDecls marks the units to keep: the test functions and what they
// use, transitively. It drops init, main and TestMain, which would change
// how the whole test binary runs, and helpers whose names are declared by
// the package under test, which usually are copies of its own types.
func (pc *parsedCandidate) keepTestDecls(pkgNames map[string]bool) {
	dropped := map[*declUnit]bool{}
	for _, u := range pc.units {
		if u.spec == nil && u.recv == "" {
			switch u.names[0] {
			case "init", "main", "TestMain", "_":
				dropped[u] = true
			}
		}
		if !u.test && anyIn(u.names, pkgNames) {
			dropped[u] = true
		}
	}

	used := map[string]bool{}
	keptTypes := map[string]bool{}
	keep := func(u *declUnit) {
		u.kept = true
		for _, n := range u.names {
			keptTypes[n] = true
		}
		ast.Inspect(unitNode(u), func(n ast.Node) bool {
			// The blank identifier refers to nothing, so a blank
			// declaration such as var _ I = T{} is never kept.
			if id, ok := n.(*ast.Ident); ok && id.Name != "_" {
				used[id.Name] = true
			}
			return true
		})
	}
	for progress := true; progress; {
		progress = false
		for _, u := range pc.units {
			if u.kept || dropped[u] {
				continue
			}
			if u.test || (u.recv != "" && keptTypes[u.recv]) || anyIn(u.names, used) {
				keep(u)
				progress = true
			}
		}
	}

	// Dropping a spec from a const block would shift the values that iota
	// gives the specs after it, so such a block is kept whole.
	for _, u := range pc.units {
		if g, ok := u.decl.(*ast.GenDecl); ok && g.Tok == token.CONST && !u.kept && !dropped[u] {
			for _, o := range pc.units {
				if o.decl == g && o.kept {
					keep(u)
					break
				}
			}
		}
	}

	for _, u := range pc.units {
		if !u.kept {
			pc.changed = true
		}
	}
}

// pruneImports drops the imports that only dropped declarations used, so
// that they do not fail the build as unused. An import whose package name
// cannot be determined from its path is kept.
func (pc *parsedCandidate) pruneImports(imps []testfile.Import, dropped bool) []testfile.Import {
	if !dropped {
		return imps
	}
	before := selectorRoots(pc.file.Decls)
	after := selectorRoots(pc.keptDecls())

	var out []testfile.Import
	for _, imp := range imps {
		name := imp.Name
		if name == "" {
			name = guessPackageName(imp.Path)
		}
		if name != "_" && name != "." && before[name] && !after[name] {
			continue
		}
		out = append(out, imp)
	}
	return out
}

// keptDecls returns the declarations left after keepTestDecls, with the
// specs of each kept general declaration narrowed to the kept ones.
func (pc *parsedCandidate) keptDecls() []ast.Decl {
	var out []ast.Decl
	seen := map[ast.Decl]bool{}
	for _, u := range pc.units {
		if seen[u.decl] {
			continue
		}
		g, isGen := u.decl.(*ast.GenDecl)
		if !isGen {
			if u.kept {
				out = append(out, u.decl)
			}
			seen[u.decl] = true
			continue
		}
		var specs []ast.Spec
		for _, o := range pc.units {
			if o.decl == g && o.kept {
				specs = append(specs, o.spec)
			}
		}
		seen[u.decl] = true
		if len(specs) == 0 {
			continue
		}
		narrowed := *g
		narrowed.Specs = specs
		out = append(out, &narrowed)
	}
	return out
}

// print formats the kept declarations, separated by blank lines, with the
// comments that lie inside them.
func (pc *parsedCandidate) print() (string, error) {
	var parts []string
	for _, d := range pc.keptDecls() {
		var buf bytes.Buffer
		if err := format.Node(&buf, pc.fset, &printer.CommentedNode{Node: d, Comments: pc.file.Comments}); err != nil {
			return "", fmt.Errorf("formatting the verified code: %w", err)
		}
		parts = append(parts, buf.String())
	}
	return strings.Join(parts, "\n\n"), nil
}

// runNames returns the names that go test runs among the kept functions:
// tests, fuzz targets (their seed corpus) and examples with an output
// comment. Benchmarks are only compiled.
func (pc *parsedCandidate) runNames() []string {
	var out []string
	for _, u := range pc.units {
		if !u.kept || !u.test {
			continue
		}
		fn := u.decl.(*ast.FuncDecl)
		name := fn.Name.Name
		switch {
		case strings.HasPrefix(name, "Test"), strings.HasPrefix(name, "Fuzz"):
			out = append(out, name)
		case strings.HasPrefix(name, "Example") && pc.hasOutputComment(fn):
			out = append(out, name)
		}
	}
	return out
}

// outputComment matches the comment that makes go test run an example
// and compare its output, as go/doc recognizes it.
var outputComment = regexp.MustCompile(`(?i)^[[:space:]]*(unordered )?output:`)

func (pc *parsedCandidate) hasOutputComment(fn *ast.FuncDecl) bool {
	if fn.Body == nil {
		return false
	}
	for _, cg := range pc.file.Comments {
		if cg.Pos() > fn.Body.Lbrace && cg.End() < fn.Body.Rbrace && outputComment.MatchString(cg.Text()) {
			return true
		}
	}
	return false
}

// declKeys returns the keys that identify the kept declarations in a
// composed file: a package-level name, or "T.M" for a method.
func (pc *parsedCandidate) declKeys() []string {
	var keys []string
	for _, u := range pc.units {
		if !u.kept {
			continue
		}
		if u.recv != "" {
			keys = append(keys, u.recv+"."+u.decl.(*ast.FuncDecl).Name.Name)
			continue
		}
		keys = append(keys, u.names...)
	}
	return keys
}

// isTestFunc reports whether go test treats a function named name as a
// test, benchmark, fuzz target or example: the prefix followed by nothing
// or by a rune that is not a lower-case letter.
func isTestFunc(name string) bool {
	for _, prefix := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		if !strings.HasPrefix(name, prefix) {
			continue
		}
		rest := name[len(prefix):]
		if rest == "" {
			return true
		}
		r, _ := utf8.DecodeRuneInString(rest)
		return !unicode.IsLower(r)
	}
	return false
}

func specNames(s ast.Spec) []string {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return []string{s.Name.Name}
	case *ast.ValueSpec:
		var names []string
		for _, n := range s.Names {
			names = append(names, n.Name)
		}
		return names
	}
	return nil
}

func importsOf(g *ast.GenDecl) []testfile.Import {
	var out []testfile.Import
	for _, s := range g.Specs {
		is := s.(*ast.ImportSpec)
		path, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			continue
		}
		imp := testfile.Import{Path: path}
		if is.Name != nil {
			imp.Name = is.Name.Name
		}
		out = append(out, imp)
	}
	return out
}

// unitNode returns the syntax that belongs to u alone.
func unitNode(u *declUnit) ast.Node {
	if u.spec != nil {
		return u.spec
	}
	return u.decl
}

// selectorRoots returns the identifiers used as x in x.Sel expressions,
// which include the names of the packages the declarations use.
func selectorRoots(decls []ast.Decl) map[string]bool {
	roots := map[string]bool{}
	for _, d := range decls {
		ast.Inspect(d, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					roots[id.Name] = true
				}
			}
			return true
		})
	}
	return roots
}

// guessPackageName returns the usual package name for an import path: its
// last element without a major version suffix or a "go-" prefix.
func guessPackageName(path string) string {
	elems := strings.Split(path, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && len(last) > 1 && last[0] == 'v' && isDigits(last[1:]) {
		last = elems[len(elems)-2]
	}
	if i := strings.Index(last, ".v"); i > 0 && isDigits(last[i+2:]) {
		last = last[:i]
	}
	last = strings.TrimPrefix(last, "go-")
	return strings.ReplaceAll(last, "-", "")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func anyIn(names []string, set map[string]bool) bool {
	for _, n := range names {
		if set[n] {
			return true
		}
	}
	return false
}
