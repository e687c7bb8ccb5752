package characterize

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/packages"
)

// A loadedPackage is the package under test as the generator loaded it
// itself, with syntax and type information for the safety walk, the
// constant harvest and the literal printer.
type loadedPackage struct {
	pkg *packages.Package
	// decls maps "F" and "T.M" to their declarations.
	decls map[string]*ast.FuncDecl
	// bodies maps each function and method of the package to its
	// declaration.
	bodies map[*types.Func]*ast.FuncDecl
	// newExpr reports whether the module's go version allows new(expr).
	newExpr bool
	// goCmp reports whether the module requires github.com/google/go-cmp,
	// so its tests may compare with cmp.Diff.
	goCmp bool
}

const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedModule

// loadPackage loads the package in dir without its tests.
func loadPackage(ctx context.Context, dir string) (*loadedPackage, error) {
	cfg := &packages.Config{Context: ctx, Dir: dir, Mode: loadMode}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		return nil, fmt.Errorf("loading the package in %s: %w", dir, err)
	}
	if len(pkgs) != 1 {
		return nil, fmt.Errorf("loading the package in %s: found %d packages, want 1", dir, len(pkgs))
	}
	p := pkgs[0]
	if len(p.Errors) > 0 {
		return nil, fmt.Errorf("loading the package in %s: %w. Fix the package so that it compiles", dir, p.Errors[0])
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}

	lp := &loadedPackage{pkg: p, decls: map[string]*ast.FuncDecl{}, bodies: map[*types.Func]*ast.FuncDecl{}}
	for _, f := range p.Syntax {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if obj, ok := p.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				lp.bodies[obj] = fd
			}
			lp.decls[declName(fd)] = fd
		}
	}

	if m := p.Module; m != nil {
		lp.newExpr = m.GoVersion != "" && versionAtLeast(m.GoVersion, 1, 26)
		if m.GoMod != "" {
			data, err := os.ReadFile(m.GoMod)
			if err != nil {
				return nil, fmt.Errorf("reading %s: %w", m.GoMod, err)
			}
			lp.goCmp = requiresModule(string(data), "github.com/google/go-cmp")
		}
	}
	return lp, nil
}

// declName returns "F" for a function and "T.M" for a method.
func declName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.IndexListExpr:
			t = x.X
			continue
		case *ast.ParenExpr:
			t = x.X
			continue
		case *ast.Ident:
			return x.Name + "." + fd.Name.Name
		}
		return fd.Name.Name
	}
}

// lookup returns the function or method named "F" or "T.M".
func (lp *loadedPackage) lookup(name string) (*types.Func, error) {
	fd, ok := lp.decls[name]
	if !ok {
		return nil, fmt.Errorf("%s is not declared in the non-test files of %s", name, lp.pkg.PkgPath)
	}
	fn, ok := lp.pkg.TypesInfo.Defs[fd.Name].(*types.Func)
	if !ok {
		return nil, errors.New("no type information for " + name)
	}
	return fn, nil
}

// versionAtLeast reports whether a go.mod version such as "1.26" or
// "1.26.0" is at least major.minor.
func versionAtLeast(v string, major, minor int) bool {
	var a, b int
	if _, err := fmt.Sscanf(v, "%d.%d", &a, &b); err != nil {
		return false
	}
	return a > major || a == major && b >= minor
}

// requiresModule reports whether the go.mod text requires path. A plain
// scan is enough because a require line starts with the module path.
func requiresModule(gomod, path string) bool {
	for _, line := range strings.Split(gomod, "\n") {
		fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require"))
		if len(fields) >= 2 && fields[0] == path {
			return true
		}
	}
	return false
}

// nonTestFiles returns the package's Go files that the build compiles,
// which the probe instruments for coverage.
func (lp *loadedPackage) nonTestFiles() []string {
	var out []string
	for _, f := range lp.pkg.CompiledGoFiles {
		if filepath.Ext(f) == ".go" && !strings.HasSuffix(f, "_test.go") {
			out = append(out, f)
		}
	}
	return out
}
