// Command testgen reports exported Go functions and methods that have no
// test and writes table-driven tests for them.
//
// Usage:
//
//	testgen [flags] packages
//
// Without flags it reports each untested function as go vet does. With
// -fix it writes the generated tests, creating test files where needed;
// -diff prints the changes instead, and -json prints the analysis JSON.
//
// The same binary is a vet tool and a fix tool:
//
//	go vet -vettool=$(which testgen) ./...
//	go fix -fixtool=$(which testgen) ./...
package main

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/go-testgen/testgen/analyzer"
)

func main() {
	if isToolProtocol(os.Args[1:]) {
		// go vet and go fix run the tool once per unit with a JSON
		// configuration file, after querying -V=full and -flags. In -fix
		// mode the protocol drops analysis errors, so an error that ends
		// the run is printed and ends the process here.
		unitchecker.Main(analyzer.New(analyzer.Config{OnFatal: func(err error) {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(exitFailure)
		}}))
	}
	os.Exit(run(os.Args[1:]))
}

// isToolProtocol reports whether the arguments come from go vet or go fix
// rather than from a user.
func isToolProtocol(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if args[0] == "-V=full" || args[0] == "-flags" {
		return true
	}
	return strings.HasSuffix(args[len(args)-1], ".cfg")
}
