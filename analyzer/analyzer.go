package analyzer

import (
	"context"
	_ "embed"
	"flag"
	"go/ast"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/go-testgen/testgen/generate"
	"github.com/go-testgen/testgen/offline"
)

//go:embed doc.go
var doc string

// Analyzer reports untested exported functions and offers generated tests
// made by the offline generator.
var Analyzer = New(Config{})

// Config sets how an analyzer made by New generates tests.
type Config struct {
	// Generator writes the tests offered as fixes. Nil means the offline
	// generator.
	Generator generate.Generator

	// Context bounds generation. Nil means context.Background.
	Context context.Context

	// Generate decides whether a pass generates tests at all; a pass that
	// does not reports untested functions without fixes. Nil means always,
	// which suits the offline generator because it does no I/O.
	Generate func() bool

	// CreatesFiles is set by drivers that create missing test files from
	// the analyzer's Result, so diagnostics do not tell the user to run
	// testgen -fix.
	CreatesFiles bool

	// ReportInTestFile moves each diagnostic that has a fix into the test
	// file the fix edits, naming the function and where it is declared.
	// golangci-lint applies a fix only to its diagnostic's own file.
	ReportInTestFile bool

	// Deprecated is the default of the -deprecated flag.
	Deprecated bool
}

// New returns a testgen analyzer with its own flags and configuration.
func New(cfg Config) *analysis.Analyzer {
	if cfg.Generator == nil {
		cfg.Generator = offline.Generator{}
	}
	if cfg.Context == nil {
		cfg.Context = context.Background()
	}

	r := &runner{cfg: cfg}
	a := &analysis.Analyzer{
		Name:       "testgen",
		Doc:        analysisDoc(),
		URL:        "https://pkg.go.dev/github.com/go-testgen/testgen/analyzer",
		Run:        r.run,
		ResultType: reflect.TypeFor[*Result](),
		FactTypes:  []analysis.Fact{new(deferredFact)},
	}
	a.Flags.Init("testgen", flag.ContinueOnError)
	a.Flags.BoolVar(&r.cfg.Deprecated, "deprecated", cfg.Deprecated,
		"also report functions whose doc comment has a Deprecated: paragraph")
	return a
}

// analysisDoc extracts the "# Analyzer testgen" section of the package
// documentation, so that "testgen help" and pkg.go.dev say the same.
func analysisDoc() string {
	f, err := parseDoc(doc)
	if err != nil {
		return "testgen: report exported functions that have no test"
	}
	return f
}

// A runner holds one analyzer's configuration for its passes.
type runner struct {
	cfg Config
}

// isTestFile reports whether f is a _test.go file.
func isTestFile(pass *analysis.Pass, f *ast.File) bool {
	return isTestFilename(pass.Fset.File(f.Pos()).Name())
}
