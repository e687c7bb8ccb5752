// Command characterizedir writes generated tests for the untested exported
// functions of the package in a directory, for the mutation script.
//
// Usage:
//
//	go run ./characterize/internal/characterizedir [-skeleton] -out name_test.go dir
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"

	"github.com/go-testgen/testgen/characterize"
	"github.com/go-testgen/testgen/characterize/internal/requests"
	"github.com/go-testgen/testgen/generate"
	"github.com/go-testgen/testgen/offline"
)

func main() {
	out := flag.String("out", "characterize_generated_test.go", "name of the test file to create in the directory")
	skeleton := flag.Bool("skeleton", false, "write the offline skeletons instead of characterization tests")
	verbose := flag.Bool("v", false, "log why functions are not characterized")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: characterizedir [-skeleton] [-v] -out file_test.go dir")
		os.Exit(2)
	}
	if *verbose {
		slog.SetLogLoggerLevel(slog.LevelDebug)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, flag.Arg(0), *out, *skeleton); err != nil {
		fmt.Fprintln(os.Stderr, "characterizedir:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dir, out string, skeleton bool) error {
	reqs, err := requests.Untested(ctx, dir)
	if err != nil {
		return err
	}
	if len(reqs) == 0 {
		return fmt.Errorf("every exported function of %s is already tested", dir)
	}
	var gen generate.Generator = offline.Generator{}
	if !skeleton {
		gen = &characterize.Generator{OnSkip: func(name, reason string) {
			fmt.Fprintf(os.Stderr, "%s: not characterized: %s\n", name, reason)
		}}
	}
	tests, err := gen.Generate(ctx, reqs)
	if err != nil {
		return err
	}
	return requests.WriteTests(dir, out, reqs[0].PkgName, tests)
}
