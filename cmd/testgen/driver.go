package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/go-testgen/testgen/analyzer"
	"github.com/go-testgen/testgen/internal/units"
)

// Exit codes follow the go/analysis drivers: 1 for a failure, 3 when
// diagnostics were reported.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitDiagnostics = 3
)

// options holds the command-line flags of the standalone driver.
type options struct {
	fix     bool
	diff    bool
	json    bool
	verbose bool
}

func run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var opts options
	fs := flag.NewFlagSet("testgen", flag.ContinueOnError)
	fs.BoolVar(&opts.fix, "fix", false, "write the generated tests, creating test files where needed")
	fs.BoolVar(&opts.diff, "diff", false, "with or without -fix, print the changes as a unified diff instead of writing them")
	fs.BoolVar(&opts.json, "json", false, "print diagnostics and suggested fixes as JSON on stdout")
	fs.BoolVar(&opts.verbose, "v", false, "log progress, retries, cache statistics and dropped tests")

	// The analyzer's own flags, which go vet shows with a testgen. prefix.
	a := analyzer.New(analyzer.Config{
		Context:      ctx,
		CreatesFiles: true,
		FixesUsed:    func() bool { return opts.fix || opts.diff || opts.json },
	})
	a.Flags.VisitAll(func(f *flag.Flag) {
		fs.Var(f.Value, f.Name, f.Usage)
	})
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: testgen [flags] packages\n\n")
		fmt.Fprintf(out, "testgen reports exported functions and methods that have no test\n")
		fmt.Fprintf(out, "and, with -fix, writes table-driven tests for them.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}

	level := slog.LevelWarn
	if opts.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	slog.SetDefault(log)

	// An invalid flag value is a usage error; a configuration that cannot
	// work, such as a missing key, is a failure.
	if err := analyzer.Setup(a); err != nil {
		fmt.Fprintln(os.Stderr, err)
		if errors.Is(err, analyzer.ErrInvalidSetting) {
			return exitUsage
		}
		return exitFailure
	}
	d := &driver{opts: opts, log: log, stdout: os.Stdout, stderr: os.Stderr}
	defer func() {
		if s := analyzer.Stats(a); s != "" {
			log.Info(s)
		}
	}()
	return d.run(ctx, a, fs.Args())
}

// driver runs the analyzer over packages and prints or applies the result.
type driver struct {
	opts   options
	log    *slog.Logger
	stdout io.Writer
	stderr io.Writer
}

func (d *driver) run(ctx context.Context, a *analysis.Analyzer, patterns []string) int {
	roots, err := units.Load(&packages.Config{Context: ctx}, patterns...)
	if ctx.Err() != nil {
		// Loading fails in many ways when Ctrl-C stops the go command.
		fmt.Fprintln(d.stderr, "testgen: interrupted; no file was written")
		return exitFailure
	}
	if err != nil {
		fmt.Fprintf(d.stderr, "testgen: %v\n", err)
		return exitFailure
	}
	// The files are hashed as loaded, so that an edit made while the
	// analysis or generation runs is detected before a write.
	loaded := hashFiles(roots)
	exit := exitOK
	if n := packages.PrintErrors(roots); n > 0 {
		exit = exitFailure
	}

	d.log.Debug("analyzing", "units", len(roots))
	// Long runs show progress on a terminal; pipes and CI logs get none.
	stopProgress := func() {}
	if f, ok := d.stderr.(*os.File); ok && isTerminal(f) && !d.opts.json {
		stopProgress = showProgress(f, a, len(roots))
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, roots, nil)
	stopProgress()
	if err != nil {
		fmt.Fprintf(d.stderr, "testgen: %v\n", err)
		return exitFailure
	}
	if ctx.Err() != nil {
		fmt.Fprintln(d.stderr, "testgen: interrupted; no file was written")
		return exitFailure
	}

	var failed int
	var diags []diagnostic
	dirs := map[string]bool{}
	var plans []*analyzer.PlannedTest
	for _, act := range graph.Roots {
		if act.Err != nil {
			failed++
			// The cause of these is printed where it happened.
			if !errors.Is(act.Err, analyzer.ErrEarlierFailure) && !strings.HasPrefix(act.Err.Error(), "failed prerequisites") {
				msg := act.Err.Error()
				if !strings.Contains(msg, act.Package.PkgPath) {
					msg = act.Package.PkgPath + ": " + msg
				}
				fmt.Fprintf(d.stderr, "testgen: %s\n", msg)
			}
			continue
		}
		// GoFiles, not CompiledGoFiles: those that cgo makes lie in the
		// build cache, which is no place for a test file.
		for _, f := range act.Package.GoFiles {
			dirs[filepath.Dir(f)] = true
		}
		for _, diag := range act.Diagnostics {
			diags = append(diags, diagnostic{posn: act.Package.Fset.Position(diag.Pos), message: diag.Message})
		}
		if res, ok := act.Result.(*analyzer.Result); ok {
			for _, p := range res.Tests {
				if h, ok := loaded[p.File]; ok {
					p.Hash = h
				}
				if h, ok := loaded[p.Source]; ok {
					p.SourceHash = h
				}
			}
			plans = append(plans, res.Tests...)
		}
	}
	if failed > 0 {
		exit = exitFailure
	}

	switch {
	case d.opts.json:
		if err := graph.PrintJSON(d.stdout); err != nil {
			fmt.Fprintf(d.stderr, "testgen: %v\n", err)
			return exitFailure
		}
		return exit
	case d.opts.fix || d.opts.diff:
		if err := d.apply(ctx, plans, dirs); err != nil {
			fmt.Fprintf(d.stderr, "testgen: %v\n", err)
			return exitFailure
		}
		// Functions whose test could not be generated are still untested.
		planned := map[string]bool{}
		for _, p := range plans {
			planned[p.Pos.String()] = true
		}
		for _, dg := range sortDiagnostics(diags) {
			if !planned[dg.posn.String()] {
				fmt.Fprintln(d.stderr, dg)
			}
		}
		return exit
	default:
		for _, dg := range sortDiagnostics(diags) {
			fmt.Fprintln(d.stderr, dg)
		}
		if len(diags) > 0 && exit == exitOK {
			exit = exitDiagnostics
		}
		return exit
	}
}

// diagnostic is a reported finding with its resolved position.
type diagnostic struct {
	posn    token.Position
	message string
}

// String formats the diagnostic as go vet does: file:line:col: message,
// with the file relative to the working directory when it is below it.
func (d diagnostic) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", relPath(d.posn.Filename), d.posn.Line, d.posn.Column, d.message)
}

// sortDiagnostics sorts diagnostics by file, then line and column.
func sortDiagnostics(diags []diagnostic) []diagnostic {
	slices.SortStableFunc(diags, func(a, b diagnostic) int {
		return cmp.Or(
			strings.Compare(a.posn.Filename, b.posn.Filename),
			cmp.Compare(a.posn.Line, b.posn.Line),
			cmp.Compare(a.posn.Column, b.posn.Column),
		)
	})
	return diags
}

// hashFiles returns the SHA-256 of each Go file of the packages, by path.
// A file that cannot be read is left out.
func hashFiles(pkgs []*packages.Package) map[string][32]byte {
	hashes := map[string][32]byte{}
	for _, p := range pkgs {
		for _, name := range p.GoFiles {
			if _, ok := hashes[name]; ok {
				continue
			}
			if content, err := os.ReadFile(name); err == nil {
				hashes[name] = sha256.Sum256(content)
			}
		}
	}
	return hashes
}
