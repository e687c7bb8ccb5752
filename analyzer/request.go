package analyzer

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/go-testgen/testgen/generate"
)

// requestText holds the source text of a request: what a prompt shows.
// It travels inside facts, so its fields are exported for encoding/gob.
type requestText struct {
	Signature    string
	Source       string
	Doc          string
	ReceiverDecl string
	Constructors []string
	TypeDecls    []string
}

// sourceIndex finds declarations in the non-test files of a pass.
type sourceIndex struct {
	pass *analysis.Pass
	// typeSpecs maps a package-level type name to its declaration.
	typeSpecs map[string]*ast.GenDecl
	specOf    map[string]*ast.TypeSpec
	// funcs maps a package-level function name to its declaration.
	funcs map[string]*ast.FuncDecl
	// contents caches the files read, because every function of a file
	// needs its source.
	contents map[string][]byte
}

// read returns the content of a file of the pass, reading it once.
func (idx *sourceIndex) read(name string) ([]byte, error) {
	if content, ok := idx.contents[name]; ok {
		return content, nil
	}
	content, err := idx.pass.ReadFile(name)
	if err != nil {
		return nil, err
	}
	idx.contents[name] = content
	return content, nil
}

func newSourceIndex(pass *analysis.Pass) *sourceIndex {
	idx := &sourceIndex{
		pass:      pass,
		typeSpecs: make(map[string]*ast.GenDecl),
		specOf:    make(map[string]*ast.TypeSpec),
		funcs:     make(map[string]*ast.FuncDecl),
		contents:  make(map[string][]byte),
	}
	for _, f := range pass.Files {
		if isTestFile(pass, f) {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok != token.TYPE {
					continue
				}
				for _, s := range d.Specs {
					ts := s.(*ast.TypeSpec)
					idx.typeSpecs[ts.Name.Name] = d
					idx.specOf[ts.Name.Name] = ts
				}
			case *ast.FuncDecl:
				if d.Recv == nil {
					idx.funcs[d.Name.Name] = d
				}
			}
		}
	}
	return idx
}

// text returns the request text of a candidate.
func (idx *sourceIndex) text(c *candidate) requestText {
	t := requestText{
		Signature: idx.signature(c.decl),
		Source:    idx.source(c.decl),
	}
	if c.decl.Doc != nil {
		t.Doc = c.decl.Doc.Text()
	}

	if recv := receiverTypeName(c.decl); recv != "" {
		t.ReceiverDecl = idx.typeDecl(recv)
		if ctor := idx.constructor(recv); ctor != nil {
			t.Constructors = append(t.Constructors, idx.signature(ctor))
		}
	}

	// Declarations of the package's own types in the signature tell a
	// test how to build arguments and inspect results.
	sig := c.fn.Signature()
	seen := map[string]bool{}
	for _, tuple := range []*types.Tuple{sig.Params(), sig.Results()} {
		for v := range tuple.Variables() {
			for _, name := range localTypeNames(v.Type(), idx.pass.Pkg) {
				if seen[name] || name == receiverTypeName(c.decl) {
					continue
				}
				seen[name] = true
				if d := idx.typeDecl(name); d != "" {
					t.TypeDecls = append(t.TypeDecls, d)
				}
			}
		}
	}
	return t
}

// constructor returns the declaration of NewT when it returns T or *T as
// its first result.
func (idx *sourceIndex) constructor(typeName string) *ast.FuncDecl {
	fd := idx.funcs["New"+typeName]
	if fd == nil {
		return nil
	}
	fn, ok := idx.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if !ok || !returnsNamed(fn, typeName) {
		return nil
	}
	return fd
}

// returnsNamed reports whether fn's first result is the named type
// typeName of fn's own package, or a pointer to it.
func returnsNamed(fn *types.Func, typeName string) bool {
	res := fn.Signature().Results()
	if res.Len() == 0 {
		return false
	}
	t := res.At(0).Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	return ok && named.Obj().Name() == typeName && named.Obj().Pkg() == fn.Pkg()
}

// signature prints a function's declaration without doc and body.
func (idx *sourceIndex) signature(fd *ast.FuncDecl) string {
	short := *fd
	short.Doc = nil
	short.Body = nil
	var buf bytes.Buffer
	if err := format.Node(&buf, idx.pass.Fset, &short); err != nil {
		return fd.Name.Name
	}
	return buf.String()
}

// source returns the text of a declaration with its doc comment, as
// written in the file.
func (idx *sourceIndex) source(n ast.Node) string {
	start := n.Pos()
	if fd, ok := n.(*ast.FuncDecl); ok && fd.Doc != nil {
		start = fd.Doc.Pos()
	}
	if gd, ok := n.(*ast.GenDecl); ok && gd.Doc != nil {
		start = gd.Doc.Pos()
	}
	tf := idx.pass.Fset.File(start)
	if tf == nil {
		return ""
	}
	content, err := idx.read(tf.Name())
	if err != nil || tf.Size() != len(content) {
		// Fall back to printing the syntax, which loses comments inside.
		var buf bytes.Buffer
		if err := format.Node(&buf, idx.pass.Fset, n); err != nil {
			return ""
		}
		return buf.String()
	}
	return string(content[tf.Offset(start):tf.Offset(n.End())])
}

// typeDecl returns the source of the declaration of a package type, or ""
// when the type is not declared in a non-test file of the pass.
func (idx *sourceIndex) typeDecl(name string) string {
	gd := idx.typeSpecs[name]
	if gd == nil {
		return ""
	}
	if gd.Lparen.IsValid() {
		// A grouped declaration: show only this type's spec.
		return "type " + idx.source(idx.specOf[name])
	}
	return idx.source(gd)
}

// localTypeNames returns the names of the named types of pkg that t
// mentions, for example Point in map[string][]*Point.
func localTypeNames(t types.Type, pkg *types.Package) []string {
	var names []string
	var visit func(t types.Type, depth int)
	visit = func(t types.Type, depth int) {
		if depth > 8 {
			return
		}
		switch t := t.(type) {
		case *types.Named:
			if t.Obj().Pkg() == pkg && !slices.Contains(names, t.Obj().Name()) {
				names = append(names, t.Obj().Name())
			}
			for arg := range t.TypeArgs().Types() {
				visit(arg, depth+1)
			}
		case *types.Alias:
			visit(types.Unalias(t), depth+1)
		case *types.Pointer:
			visit(t.Elem(), depth+1)
		case *types.Slice:
			visit(t.Elem(), depth+1)
		case *types.Array:
			visit(t.Elem(), depth+1)
		case *types.Map:
			visit(t.Key(), depth+1)
			visit(t.Elem(), depth+1)
		case *types.Chan:
			visit(t.Elem(), depth+1)
		case *types.Signature:
			for v := range t.Params().Variables() {
				visit(v.Type(), depth+1)
			}
			for v := range t.Results().Variables() {
				visit(v.Type(), depth+1)
			}
		}
	}
	visit(t, 0)
	return names
}

// newRequest builds the request for one untested function.
func newRequest(name, testName string, fn, ctor *types.Func, text requestText, testPkgName, dir string, ev *testEvidence) *generate.Request {
	pkg := fn.Pkg()
	return &generate.Request{
		Name:          name,
		TestName:      testName,
		Signature:     text.Signature,
		Source:        text.Source,
		Doc:           text.Doc,
		ReceiverDecl:  text.ReceiverDecl,
		Constructors:  text.Constructors,
		TypeDecls:     text.TypeDecls,
		PkgName:       pkg.Name(),
		PkgPath:       pkg.Path(),
		Dir:           dir,
		TestPkgName:   testPkgName,
		ExistingTests: ev.testFuncs,
		TestLibraries: ev.libraries,
		Func:          fn,
		Constructor:   ctor,
	}
}

// baseTestName returns Go's conventional test name for "F" or "T.M".
func baseTestName(name string) string {
	return "Test" + strings.ReplaceAll(name, ".", "_")
}
