// Package units chooses the units testgen analyzes: for each package, the
// variant compiled with its internal tests (or the package itself when it
// has none) and its external test package, so that each function is seen
// once together with every test file that may test it.
package units

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Load loads the packages matched by patterns with their tests and returns
// the units to analyze. cfg.Mode and cfg.Tests are set by Load.
func Load(cfg *packages.Config, patterns ...string) ([]*packages.Package, error) {
	cfg.Mode = packages.LoadSyntax | packages.NeedModule | packages.NeedForTest
	cfg.Tests = true
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading packages: %w", err)
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	return Select(pkgs), nil
}

// Select picks the units from packages loaded with Tests set, and cuts the
// import edges that lead outside them.
func Select(pkgs []*packages.Package) []*packages.Package {
	hasTestVariant := map[string]bool{}
	for _, p := range pkgs {
		if p.ForTest == p.PkgPath {
			hasTestVariant[p.PkgPath] = true
		}
	}
	var roots []*packages.Package
	for _, p := range pkgs {
		switch {
		case strings.HasSuffix(p.ID, ".test"):
			// The generated test main.
		case p.ForTest == "" && hasTestVariant[p.PkgPath]:
			// The plain package, analyzed with its tests instead.
		default:
			roots = append(roots, p)
		}
	}

	// The analyzer's facts flow only from a package to its external test
	// package, so only edges between units are kept. The checker would
	// otherwise run the analyzer over every dependency, and those were
	// loaded from export data, without syntax.
	isRoot := map[*packages.Package]bool{}
	for _, p := range roots {
		isRoot[p] = true
	}
	for _, p := range roots {
		imports := map[string]*packages.Package{}
		for path, imp := range p.Imports {
			if isRoot[imp] {
				imports[path] = imp
			}
		}
		p.Imports = imports
	}
	return roots
}
