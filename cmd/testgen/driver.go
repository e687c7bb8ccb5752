package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
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
	// deprecated is the analyzer's -deprecated flag.
	deprecated bool
}

func run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var opts options
	fs := flag.NewFlagSet("testgen", flag.ContinueOnError)
	fs.BoolVar(&opts.fix, "fix", false, "write the generated tests, creating test files where needed")
	fs.BoolVar(&opts.diff, "diff", false, "with or without -fix, print the changes as a unified diff instead of writing them")
	fs.BoolVar(&opts.json, "json", false, "print diagnostics and suggested fixes as JSON on stdout")
	fs.BoolVar(&opts.verbose, "v", false, "log progress and the tests written")
	fs.BoolVar(&opts.deprecated, "deprecated", false, "also report functions whose doc comment has a Deprecated: paragraph")
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

	d := &driver{opts: opts, log: log, stdout: os.Stdout, stderr: os.Stderr}
	return d.run(ctx, fs.Args())
}

// driver runs the analyzer over packages and prints or applies the result.
type driver struct {
	opts   options
	log    *slog.Logger
	stdout io.Writer
	stderr io.Writer
}

func (d *driver) run(ctx context.Context, patterns []string) int {
	a := analyzer.New(analyzer.Config{
		Context:      ctx,
		CreatesFiles: true,
		Deprecated:   d.opts.deprecated,
	})

	roots, err := units.Load(&packages.Config{Context: ctx}, patterns...)
	if err != nil {
		fmt.Fprintf(d.stderr, "testgen: %v\n", err)
		return exitFailure
	}
	exit := exitOK
	if n := packages.PrintErrors(roots); n > 0 {
		exit = exitFailure
	}

	d.log.Debug("analyzing", "units", len(roots))
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, roots, nil)
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
	var plans []*analyzer.PlannedTest
	for _, act := range graph.Roots {
		if act.Err != nil {
			fmt.Fprintf(d.stderr, "testgen: %s: %v\n", act.Package.ID, act.Err)
			failed++
			continue
		}
		for _, diag := range act.Diagnostics {
			diags = append(diags, diagnostic{posn: act.Package.Fset.Position(diag.Pos), message: diag.Message})
		}
		if res, ok := act.Result.(*analyzer.Result); ok {
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
		if err := d.apply(ctx, plans); err != nil {
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
				fmt.Fprintf(d.stderr, "%s: %s\n", dg.posn, dg.message)
			}
		}
		return exit
	default:
		for _, dg := range sortDiagnostics(diags) {
			fmt.Fprintf(d.stderr, "%s: %s\n", dg.posn, dg.message)
		}
		if len(diags) > 0 && exit == exitOK {
			exit = exitDiagnostics
		}
		return exit
	}
}

// diagnostic is a reported finding with its resolved position.
type diagnostic struct {
	posn    interface{ String() string }
	message string
}

func sortDiagnostics(diags []diagnostic) []diagnostic {
	sort.SliceStable(diags, func(i, j int) bool {
		return diags[i].posn.String() < diags[j].posn.String()
	})
	return diags
}
