package analyzer

import (
	"fmt"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A deferredFact is exported by the unit of package p when p also has an
// external test package. That unit cannot see the external test files, so
// it hands its untested functions to the p_test unit, which reports those
// that its own files do not test either. Facts, unlike files read from
// disk, are part of go vet's cache key, so the report stays correct when
// either kind of test file changes.
type deferredFact struct {
	Funcs []deferredFunc
}

// A deferredFunc is an untested function of p, with what the p_test unit
// needs to report it and to ask for its test without p's syntax: under go
// vet, p_test sees p only through export data.
type deferredFunc struct {
	Name string

	// Filename, Line and Column locate the function name. Export data
	// keeps only lines, so the column travels here.
	Filename string
	Line     int
	Column   int

	Text requestText

	// Skeleton names an unfilled skeleton test already written for it.
	Skeleton string
}

func (*deferredFact) AFact() {}

func (f *deferredFact) String() string {
	names := make([]string, len(f.Funcs))
	for i, fn := range f.Funcs {
		names[i] = fn.Name
	}
	return fmt.Sprintf("untested(%s)", strings.Join(names, ", "))
}

// testPackages reports whether dir holds _test.go files of the internal
// test package pkgName, and of an external test package pkgName_test that
// imports pkgPath, that the default build context would compile. An
// external test package that does not import the package cannot test it.
//
// NOTE: this reads files outside the analyzed unit, so go vet's cache does
// not see it change. When a package gets its very first external test file,
// the internal unit's cached report stays until one of its own files changes.
func testPackages(dir, pkgName, pkgPath string) (internal, external bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, false
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !isTestFilename(name) {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, name); err != nil || !ok {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ImportsOnly)
		if err != nil {
			continue
		}
		switch f.Name.Name {
		case pkgName:
			internal = true
		case pkgName + "_test":
			for _, spec := range f.Imports {
				if path, err := strconv.Unquote(spec.Path.Value); err == nil && path == pkgPath {
					external = true
				}
			}
		}
	}
	return internal, external
}

// isTestFilename reports whether name is a Go test file.
func isTestFilename(name string) bool {
	return strings.HasSuffix(name, "_test.go")
}
