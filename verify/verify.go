// Package verify compiles and runs candidate tests through the go command
// before they are offered, so that testgen never offers a test that breaks
// the user's build or fails.
package verify

import (
	"context"

	"github.com/go-testgen/testgen/internal/testfile"
)

// A Candidate is one generated test to verify.
type Candidate struct {
	// Name is the function it tests: "F" or "T.M".
	Name string

	// File is the absolute path of the test file it goes into; Request.
	// Targets has an entry for it.
	File string

	// Code holds its declarations, formatted, and Imports what they need.
	Code    string
	Imports []testfile.Import
}

// A Target is a test file that candidates go into.
type Target struct {
	Path string

	// Base is the file's current content, or nil when the file does not
	// exist yet and New gives its start.
	Base []byte
	New  testfile.NewFile
}

// A Request lists the candidates of one test package to verify.
type Request struct {
	// Dir is the package directory, where go test runs.
	Dir string

	// TestPkgName is the package clause of the targets: the package's name
	// or its external test package's.
	TestPkgName string

	Targets    map[string]Target
	Candidates []Candidate
}

// An Outcome is the verdict on one candidate.
type Outcome struct {
	// Name is the Candidate.Name it belongs to.
	Name string

	// Passed is set when the candidate compiled and passed every run.
	Passed bool

	// Code is the candidate's code as verified, with test functions renamed
	// where their names collided.
	Code string

	// Reason is why a candidate was dropped: the first lines of the
	// compiler or test output.
	Reason string
}

// A Verifier verifies candidate tests.
type Verifier interface {
	// Verify returns one Outcome per candidate, in candidate order. It
	// returns an error only when verification could not run at all.
	Verify(ctx context.Context, req *Request) ([]Outcome, error)
}
