// Package requests builds generate.Requests for the exported functions of
// a package that its tests do not call, and writes generated tests into a
// test file. The characterize tests and the mutation script use it in
// place of the analyzer, so they need only a package directory.
package requests

import (
	"context"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/go-testgen/testgen/generate"
	"github.com/go-testgen/testgen/internal/testfile"
)

// Untested loads the package in dir with its internal tests and returns a
// request for each exported function and method that no test file
// references, in declaration order.
func Untested(ctx context.Context, dir string) ([]*generate.Request, error) {
	return load(ctx, dir, true)
}

// Exported is Untested without the filter: a request for every exported
// function and method.
func Exported(ctx context.Context, dir string) ([]*generate.Request, error) {
	return load(ctx, dir, false)
}

func load(ctx context.Context, dir string, untested bool) ([]*generate.Request, error) {
	cfg := &packages.Config{
		Context: ctx,
		Dir:     dir,
		Tests:   true,
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedSyntax |
			packages.NeedTypes | packages.NeedTypesInfo,
	}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", dir, err)
	}
	// With tests, the package variant "p [p.test]" has both the code and
	// the internal tests.
	var pkg *packages.Package
	for _, p := range pkgs {
		if strings.HasSuffix(p.ID, ".test]") && !strings.HasSuffix(p.Name, "_test") {
			pkg = p
		}
	}
	if pkg == nil {
		for _, p := range pkgs {
			if p.ID == p.PkgPath {
				pkg = p
			}
		}
	}
	if pkg == nil {
		return nil, fmt.Errorf("no package found in %s", dir)
	}
	if len(pkg.Errors) > 0 {
		return nil, fmt.Errorf("loading %s: %w", dir, pkg.Errors[0])
	}

	used := map[types.Object]bool{}
	existing := map[string]bool{}
	var decls []*ast.FuncDecl
	for i, f := range pkg.Syntax {
		name := pkg.CompiledGoFiles[i]
		if strings.HasSuffix(name, "_test.go") {
			ast.Inspect(f, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					if obj := pkg.TypesInfo.Uses[id]; obj != nil {
						used[obj] = true
						if fn, ok := obj.(*types.Func); ok {
							used[fn.Origin()] = true
						}
					}
				}
				return true
			})
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
					existing[fd.Name.Name] = true
				}
			}
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.IsExported() {
				decls = append(decls, fd)
			}
		}
	}

	var reqs []*generate.Request
	for _, fd := range decls {
		fn, ok := pkg.TypesInfo.Defs[fd.Name].(*types.Func)
		if !ok || untested && used[fn] {
			continue
		}
		name := fn.Name()
		var ctor *types.Func
		if recv := fn.Signature().Recv(); recv != nil {
			t := recv.Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			named, ok := types.Unalias(t).(*types.Named)
			if !ok || !named.Obj().Exported() {
				continue
			}
			name = named.Obj().Name() + "." + fn.Name()
			if c, ok := pkg.Types.Scope().Lookup("New" + named.Obj().Name()).(*types.Func); ok {
				ctor = c
			}
		}
		testName := "Test" + strings.ReplaceAll(name, ".", "_")
		for n := 2; existing[testName]; n++ {
			testName = fmt.Sprintf("Test%s%d", strings.ReplaceAll(name, ".", "_"), n)
		}
		existing[testName] = true
		reqs = append(reqs, &generate.Request{
			Name:        name,
			TestName:    testName,
			PkgName:     pkg.Name,
			PkgPath:     pkg.PkgPath,
			Dir:         dir,
			TestPkgName: pkg.Name,
			Func:        fn,
			Constructor: ctor,
		})
	}
	return reqs, nil
}

// WriteTests composes the tests into a new internal test file at
// dir/name and writes it.
func WriteTests(dir, name, pkgName string, tests []generate.Test) error {
	path := filepath.Join(dir, name)
	var decls []string
	var imps []testfile.Import
	for _, t := range tests {
		if t.Err != nil {
			continue
		}
		decls = append(decls, t.Code)
		for p, n := range t.Imports {
			imps = append(imps, testfile.Import{Name: n, Path: p})
		}
	}
	src, err := testfile.Compose(path, nil, testfile.NewFile{PackageName: pkgName}, decls, imps)
	if err != nil {
		return err
	}
	return os.WriteFile(path, src, 0o644)
}
