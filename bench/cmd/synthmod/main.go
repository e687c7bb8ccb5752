// Command synthmod writes a synthetic Go module of small untested
// functions for benchmarks.
//
// Usage:
//
//	synthmod [-packages n] [-files n] [-funcs n] [-testfile] dir
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/go-testgen/testgen/bench/internal/synth"
)

func main() {
	var spec synth.Spec
	flag.IntVar(&spec.Packages, "packages", 10, "number of packages")
	flag.IntVar(&spec.FilesPerPackage, "files", 2, "Go files per package")
	flag.IntVar(&spec.FuncsPerFile, "funcs", 3, "exported functions per file")
	flag.BoolVar(&spec.TestFile, "testfile", false, "add a test file that covers no function to each package")
	flag.StringVar(&spec.Salt, "salt", "", "add an unexported constant with this value to each package")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: synthmod [flags] dir")
		os.Exit(2)
	}
	if err := spec.Write(flag.Arg(0)); err != nil {
		fmt.Fprintf(os.Stderr, "synthmod: %v\n", err)
		os.Exit(1)
	}
}
