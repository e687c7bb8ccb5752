package analyzer

import (
	"go/ast"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// testEvidence records what the test files of one unit show about which
// functions are tested.
type testEvidence struct {
	// refs holds the functions and methods that test code refers to,
	// as generic origins.
	refs map[*types.Func]bool

	// names holds the "F" and "T.M" names that test, example, benchmark
	// and fuzz functions are named after.
	names map[string]bool

	// skeletonNames and skeletonRefs map what unfilled skeletons are named
	// after or refer to, to the skeleton's name.
	skeletonNames map[string]string
	skeletonRefs  map[*types.Func]string

	// libraries lists the known test libraries the test files import.
	libraries []string

	// testFuncs lists the names of the Test, Benchmark, Fuzz and Example
	// functions declared in the test files.
	testFuncs []string
}

// gatherEvidence walks the _test.go files of the pass.
func gatherEvidence(pass *analysis.Pass) *testEvidence {
	ev := &testEvidence{
		refs:          make(map[*types.Func]bool),
		names:         make(map[string]bool),
		skeletonNames: make(map[string]string),
		skeletonRefs:  make(map[*types.Func]string),
	}
	for _, f := range pass.Files {
		if !isTestFile(pass, f) {
			continue
		}
		for _, spec := range f.Imports {
			if path, err := strconv.Unquote(spec.Path.Value); err == nil && isTestLibrary(path) && !slices.Contains(ev.libraries, path) {
				ev.libraries = append(ev.libraries, path)
			}
		}
		for _, d := range f.Decls {
			fd, isFunc := d.(*ast.FuncDecl)
			if isFunc && fd.Recv == nil && isTestFuncName(fd.Name.Name) {
				ev.testFuncs = append(ev.testFuncs, fd.Name.Name)

				// An unfilled skeleton runs no case, so neither its name
				// nor the call inside its loop shows that F is tested.
				if isUnfilledSkeleton(fd) {
					ev.addSkeleton(pass, fd)
					continue
				}
				addNamedTargets(ev.names, fd.Name.Name)
			}
			ev.addRefs(pass, d)
		}
	}
	return ev
}

// addRefs records every function and method that node refers to: calls,
// method values, method expressions and function values alike.
func (ev *testEvidence) addRefs(pass *analysis.Pass, node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		if fn, ok := pass.TypesInfo.Uses[id].(*types.Func); ok {
			ev.refs[fn.Origin()] = true
		}
		return true
	})
}

// addSkeleton records what an unfilled skeleton is for, so that testgen
// does not write a second test beside it.
func (ev *testEvidence) addSkeleton(pass *analysis.Pass, fd *ast.FuncDecl) {
	names := map[string]bool{}
	addNamedTargets(names, fd.Name.Name)
	for n := range names {
		ev.skeletonNames[n] = fd.Name.Name
	}
	ast.Inspect(fd, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if fn, ok := pass.TypesInfo.Uses[id].(*types.Func); ok {
				ev.skeletonRefs[fn.Origin()] = fd.Name.Name
			}
		}
		return true
	})
}

// skeleton returns the name of an unfilled skeleton that is for fn, or "".
func (ev *testEvidence) skeleton(fn *types.Func, name string) string {
	if s := ev.skeletonRefs[fn]; s != "" {
		return s
	}
	return ev.skeletonNames[name]
}

// tested reports whether the evidence shows that fn, named name ("F" or
// "T.M"), is tested.
func (ev *testEvidence) tested(fn *types.Func, name string) bool {
	return ev.refs[fn] || ev.names[name]
}

// testLibraries are the assertion and comparison libraries whose use a
// prompt should mention, by import path prefix.
var testLibraries = []string{
	"github.com/stretchr/testify/",
	"github.com/google/go-cmp/cmp",
	"gotest.tools/v3/",
	"github.com/matryer/is",
	"github.com/onsi/gomega",
	"github.com/frankban/quicktest",
}

func isTestLibrary(path string) bool {
	for _, prefix := range testLibraries {
		if strings.HasPrefix(path, prefix) || path == strings.TrimSuffix(prefix, "/") {
			return true
		}
	}
	return false
}

// testFuncPrefixes are the prefixes go test gives meaning to.
var testFuncPrefixes = []string{"Test", "Benchmark", "Fuzz", "Example"}

// isTestFuncName reports whether name is a Test, Benchmark, Fuzz or Example
// function name.
func isTestFuncName(name string) bool {
	for _, p := range testFuncPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// addNamedTargets adds to names every function "F" and method "T.M" that
// the test function name follows Go's naming for: TestF, TestF_suffix,
// TestT_M, TestT_M_suffix, and the same after Example, Benchmark and Fuzz.
// Names are split at every underscore because F and T may hold one too.
func addNamedTargets(names map[string]bool, testName string) {
	var rest string
	for _, p := range testFuncPrefixes {
		if after, ok := strings.CutPrefix(testName, p); ok {
			rest = after
			break
		}
	}
	if rest == "" {
		return
	}

	parts := strings.Split(rest, "_")
	for i := 1; i <= len(parts); i++ {
		head := strings.Join(parts[:i], "_")
		names[head] = true
		if i < len(parts) {
			names[head+"."+parts[i]] = true
		}
	}
}

// isUnfilledSkeleton reports whether a test function is a table-driven
// skeleton that has no cases yet: its body holds an empty slice literal of
// an anonymous struct type (the table) and a call to a Skip method.
func isUnfilledSkeleton(fd *ast.FuncDecl) bool {
	if fd.Body == nil {
		return false
	}
	var emptyTable, skips bool
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if at, ok := n.Type.(*ast.ArrayType); ok && at.Len == nil {
				if _, ok := at.Elt.(*ast.StructType); ok && len(n.Elts) == 0 {
					emptyTable = true
				}
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				switch sel.Sel.Name {
				case "Skip", "Skipf", "SkipNow":
					skips = true
				}
			}
		}
		return true
	})
	return emptyTable && skips
}
