package characterize

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// deniedPackages are the standard packages whose functions reach the file
// system, network, processes, environment, clock, randomness or the
// runtime's scheduler, so their results cannot be pinned.
var deniedPackages = map[string]bool{
	"os": true, "os/exec": true, "os/signal": true, "os/user": true,
	"io/ioutil": true, "syscall": true, "plugin": true, "log/syslog": true,
	"math/rand": true, "math/rand/v2": true, "crypto/rand": true,
	"runtime": true, "runtime/debug": true, "runtime/pprof": true, "runtime/trace": true,
	"database/sql": true,
}

// deniedFuncs are single functions of otherwise allowed standard packages.
var deniedFuncs = map[string]map[string]bool{
	"time": {"Now": true, "Since": true, "Until": true, "Sleep": true, "After": true,
		"AfterFunc": true, "Tick": true, "NewTicker": true, "NewTimer": true, "LoadLocation": true},
	"io/fs":         {"ReadFile": true, "ReadDir": true, "Glob": true, "WalkDir": true, "Stat": true, "Sub": true, "Open": true, "Lstat": true, "ReadLink": true},
	"path/filepath": {"Abs": true, "EvalSymlinks": true, "Glob": true, "Walk": true, "WalkDir": true},
	"fmt":           {"Scan": true, "Scanf": true, "Scanln": true},
	"log":           {"Fatal": true, "Fatalf": true, "Fatalln": true},
}

// deniedVars are package variables whose value comes from the environment.
var deniedVars = map[string]map[string]bool{
	"time": {"Local": true},
}

// A safetyChecker walks the package's static call graph from a function
// and reports the first reason its behaviour cannot be pinned.
//
// The walk follows calls and function references to the package's own
// functions and methods, and treats a call of an interface method as a
// call of every package method with that name.
// NOTE: calls through function values that come from parameters, methods
// invoked by reflection (fmt calling String), and package variable
// initializers are not followed.
type safetyChecker struct {
	lp *loadedPackage
	// methods maps a method name to the package's methods of that name.
	methods map[string][]*types.Func
	memo    map[*types.Func]string
	// active marks functions on the current walk, so recursion ends.
	active map[*types.Func]bool
	// reached collects every package function a walk visits.
	reached map[*types.Func]bool
}

func newSafetyChecker(lp *loadedPackage) *safetyChecker {
	s := &safetyChecker{lp: lp, methods: map[string][]*types.Func{}, memo: map[*types.Func]string{}, active: map[*types.Func]bool{}}
	for fn := range lp.bodies {
		if fn.Signature().Recv() != nil {
			s.methods[fn.Name()] = append(s.methods[fn.Name()], fn)
		}
	}
	return s
}

// check returns why fn cannot be characterized, or "" when nothing it
// reaches is denied, and the package functions it reaches.
func (s *safetyChecker) check(fn *types.Func) (reason string, reached []*types.Func) {
	s.reached = map[*types.Func]bool{}
	reason = s.walk(fn.Origin())
	for f := range s.reached {
		reached = append(reached, f)
	}
	return reason, reached
}

func (s *safetyChecker) walk(fn *types.Func) string {
	if r, ok := s.memo[fn]; ok {
		s.reached[fn] = true
		return r
	}
	decl, ok := s.lp.bodies[fn]
	if !ok || decl.Body == nil || s.active[fn] {
		return ""
	}
	s.active[fn] = true
	s.reached[fn] = true
	defer delete(s.active, fn)

	info := s.lp.pkg.TypesInfo
	reason := ""
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if reason != "" {
			return false
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			reason = "starts a goroutine"
			return false
		case *ast.Ident:
			obj := info.Uses[n]
			if obj == nil {
				return true
			}
			if r := s.use(obj); r != "" {
				reason = r
				if f, ok := obj.(*types.Func); ok && f.Pkg() == s.lp.pkg.Types && !strings.Contains(r, " via ") {
					reason = r + " via " + f.Name()
				}
			}
		}
		return true
	})
	s.memo[fn] = reason
	return reason
}

// use judges one referenced object.
func (s *safetyChecker) use(obj types.Object) string {
	pkg := obj.Pkg()
	if pkg == nil {
		return ""
	}
	path := pkg.Path()
	switch obj := obj.(type) {
	case *types.Func:
		fn := obj.Origin()
		recv := fn.Signature().Recv()
		if recv != nil && types.IsInterface(recv.Type()) && !deniedPackages[path] && !deniedFuncs[path][fn.Name()] {
			for _, m := range s.methods[fn.Name()] {
				if r := s.walk(m); r != "" {
					return r
				}
			}
			return ""
		}
		if pkg == s.lp.pkg.Types {
			return s.walk(fn)
		}
		if deniedPackages[path] || deniedFuncs[path][fn.Name()] {
			return "calls " + qualifiedName(fn)
		}
		if !isStandard(path) {
			return fmt.Sprintf("calls %s, outside the package, which the safety check does not follow", qualifiedName(fn))
		}
	case *types.Var:
		if obj.IsField() || obj.Parent() != pkg.Scope() {
			return ""
		}
		if deniedVars[path][obj.Name()] {
			return "uses " + path + "." + obj.Name()
		}
		// Sentinel errors such as os.ErrNotExist are values, not effects.
		if deniedPackages[path] && !types.Identical(obj.Type(), errorType) {
			return "uses " + path + "." + obj.Name()
		}
	}
	return ""
}

var errorType = types.Universe.Lookup("error").Type()

// qualifiedName returns "time.Now" or "(*os.File).Read".
func qualifiedName(fn *types.Func) string {
	if fn.Signature().Recv() == nil {
		return fn.Pkg().Path() + "." + fn.Name()
	}
	return fn.FullName()
}

// isStandard reports whether an import path belongs to the standard
// library, whose paths have no dot in their first element.
func isStandard(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
