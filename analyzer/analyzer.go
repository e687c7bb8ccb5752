package analyzer

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"reflect"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"

	"github.com/go-testgen/testgen/generate"
	"github.com/go-testgen/testgen/llm"
	"github.com/go-testgen/testgen/verify"
)

//go:embed doc.go
var doc string

// Analyzer reports untested exported functions and offers generated tests
// made by the offline generator.
var Analyzer = New(Config{})

// Config sets how an analyzer made by New generates tests.
type Config struct {
	// Generator writes the tests offered as fixes. Nil means the one the
	// analyzer's flags select: the offline generator, or an LLM.
	Generator generate.Generator

	// Verifier checks generated tests before they are offered. Nil means
	// a verify.Runner with the limits of the analyzer's flags.
	Verifier verify.Verifier

	// Context bounds generation. Nil means context.Background.
	Context context.Context

	// Generate, when set, decides whether a pass generates tests at all,
	// in place of the -generate flag. A pass that does not generate
	// reports untested functions without fixes.
	Generate func() bool

	// FixesUsed reports whether the driver will apply or show the fixes,
	// so that generation in -generate=auto mode and verification are
	// worth their cost. Nil means: when the driver's -fix flag is set.
	FixesUsed func() bool

	// CreatesFiles is set by drivers that create missing test files from
	// the analyzer's Result, so diagnostics do not tell the user to run
	// testgen -fix.
	CreatesFiles bool

	// OnFatal, when set, is called with an error that ends the run: an
	// invalid setting, a generator that cannot be made, a generation the
	// endpoint rejected. The vet tool protocol drops analysis errors in
	// -fix mode, so the testgen command exits from here there.
	OnFatal func(error)

	// ReportInTestFile moves each diagnostic that has a fix into the test
	// file the fix edits, naming the function and where it is declared.
	// golangci-lint applies a fix only to its diagnostic's own file.
	ReportInTestFile bool

	// Deprecated is the default of the -deprecated flag.
	Deprecated bool
}

// New returns a testgen analyzer with its own flags and configuration.
func New(cfg Config) *analysis.Analyzer {
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
	r.settings.register(&a.Flags, cfg.Deprecated)
	runners.Store(a, r)
	return a
}

// analysisDoc extracts the "# Analyzer testgen" section of the package
// documentation, so that "testgen help" and pkg.go.dev show the same text.
func analysisDoc() string {
	f, err := parseDoc(doc)
	if err != nil {
		return "testgen: report exported functions that have no test"
	}
	return f
}

// A runner holds one analyzer's configuration for its passes.
type runner struct {
	cfg      Config
	settings settings

	// The generator and verifier are made once, at the first pass, after
	// the flags are parsed.
	once      sync.Once
	generator generate.Generator
	verifier  verify.Verifier
	setupErr  error

	// failed holds the first generation failure that ends the run.
	failMu sync.Mutex
	failed error

	// The first generation of a run goes alone, so that a configuration
	// the endpoint rejects costs one call rather than one per package.
	firstMu sync.Mutex
	primed  bool

	// passes counts the finished passes, for progress output, and ready
	// is set once the generator exists.
	passes atomic.Int64
	ready  atomic.Bool
}

// generate calls the generator, alone when it is the run's first call.
func (r *runner) generate(reqs []*generate.Request) ([]generate.Test, error) {
	r.firstMu.Lock()
	if r.primed {
		r.firstMu.Unlock()
		return r.generator.Generate(r.cfg.Context, reqs)
	}
	defer r.firstMu.Unlock()
	if err := r.failure(); err != nil {
		return nil, err
	}
	tests, err := r.generator.Generate(r.cfg.Context, reqs)
	if err == nil {
		r.primed = true
	}
	return tests, err
}

// fail records err as the failure that ends the run and returns it.
func (r *runner) fail(err error) error {
	r.failMu.Lock()
	first := r.failed == nil
	if first {
		r.failed = err
	}
	r.failMu.Unlock()
	if first && r.cfg.OnFatal != nil {
		r.cfg.OnFatal(err)
	}
	return err
}

// failure returns the failure that ended the run, if any.
func (r *runner) failure() error {
	r.failMu.Lock()
	defer r.failMu.Unlock()
	if r.failed != nil {
		return fmt.Errorf("%w: %w", ErrEarlierFailure, r.failed)
	}
	return nil
}

// setup makes the generator and verifier that the configuration and flags
// select.
func (r *runner) setup() error {
	r.once.Do(func() {
		if err := r.settings.check(); err != nil {
			r.setupErr = err
			return
		}
		r.generator = r.cfg.Generator
		if r.generator == nil {
			r.generator, r.setupErr = r.settings.newGenerator()
		}
		if r.setupErr != nil {
			return
		}
		r.verifier = r.cfg.Verifier
		if r.verifier == nil {
			r.verifier = &verify.Runner{
				Runs:     r.settings.verifyRuns,
				Timeout:  r.settings.verifyTimeout,
				CacheDir: r.settings.verifyCacheDir(),
			}
		}
		r.ready.Store(true)
	})
	if r.setupErr != nil && r.cfg.OnFatal != nil {
		r.cfg.OnFatal(r.setupErr)
	}
	return r.setupErr
}

// fixesUsed reports whether the driver will apply or show the fixes.
func (r *runner) fixesUsed() bool {
	if r.cfg.FixesUsed != nil {
		return r.cfg.FixesUsed()
	}
	return fixFlagSet()
}

// shouldGenerate reports whether passes generate tests. In auto mode they
// do only when the fixes will be used: an LLM costs money, and the offline
// generator runs the code under test with go test.
func (r *runner) shouldGenerate() bool {
	if r.cfg.Generate != nil {
		return r.cfg.Generate()
	}
	switch r.settings.generate {
	case GenerateAlways:
		return true
	case GenerateNever:
		return false
	}
	return r.fixesUsed()
}

// isTestFile reports whether f is a _test.go file.
func isTestFile(pass *analysis.Pass, f *ast.File) bool {
	return isTestFilename(pass.Fset.File(f.Pos()).Name())
}

// ErrEarlierFailure marks the error of a pass that did not generate because
// an earlier pass failed to, so that a driver reports the cause once.
var ErrEarlierFailure = errors.New("skipped after an earlier failure")

// runners maps each analyzer made by New to its runner, for Setup and
// Stats.
var runners sync.Map // *analysis.Analyzer → *runner

// Setup makes the generator and verifier that the flags of a, an analyzer
// made by New, select. A driver calls it after parsing flags so that a
// configuration that cannot work, such as a missing OPENAI_API_KEY, fails
// once before any package is loaded. Passes call it themselves otherwise.
func Setup(a *analysis.Analyzer) error {
	r, ok := runners.Load(a)
	if !ok {
		return fmt.Errorf("testgen: analyzer %s was not made by analyzer.New", a.Name)
	}
	return r.(*runner).setup()
}

// Stats returns the LLM statistics of a's generator: cache hits and
// misses, calls and tokens. It returns "" when a generates offline.
func Stats(a *analysis.Analyzer) string {
	r, ok := runners.Load(a)
	if !ok {
		return ""
	}
	if s, ok := r.(*runner).generator.(interface{ Stats() llm.Stats }); ok {
		return s.Stats().String()
	}
	return ""
}

// Progress returns how many passes of a have finished and, when a
// generates with an LLM, its statistics so far.
func Progress(a *analysis.Analyzer) (passes int64, stats llm.Stats, ok bool) {
	v, found := runners.Load(a)
	if !found {
		return 0, llm.Stats{}, false
	}
	r := v.(*runner)
	passes = r.passes.Load()
	if !r.ready.Load() {
		return passes, llm.Stats{}, false
	}
	if s, isLLM := r.generator.(interface{ Stats() llm.Stats }); isLLM {
		return passes, s.Stats(), true
	}
	return passes, llm.Stats{}, false
}
