package analyzer

import (
	"go/token"
)

// Result is the analyzer's result for one unit: the tests it would write.
// The testgen command uses it to create test files, which the standard
// drivers' fix appliers cannot do.
type Result struct {
	Tests []*PlannedTest
}

// A PlannedTest is a generated test and the file it goes into.
type PlannedTest struct {
	// Name is "F" for a function and "T.M" for a method.
	Name string

	// Pos is the position of the function's name.
	Pos token.Position

	// File is the absolute path of the test file.
	File string

	// Create is set when File does not exist yet; Header and PackageName
	// then give its start. Otherwise File is a file of the analyzed unit
	// and Hash is the SHA-256 of its content before the test was
	// generated.
	Create      bool
	Header      string
	PackageName string
	Hash        [32]byte

	// Source is the file that declares the function, and SourceHash is the
	// SHA-256 of its content before the test was generated. Source is
	// empty when the file could not be read.
	Source     string
	SourceHash [32]byte

	// Code holds the formatted declarations and Imports what they need.
	Code    string
	Imports []Import
}
