// Package generate defines how testgen requests tests: a Generator turns the
// requests of one package into Go test code, one test per untested function.
//
// The offline generator and the LLM generator implement the same interface,
// so the analyzer and the drivers do not know which one serves them.
package generate

import (
	"context"
	"go/types"
)

// A Generator writes tests for the untested functions of one package.
//
// Generate receives every request of a package at once so that a generator
// can batch them into one call. It returns one Test per request, in request
// order; a Test whose Err is set could not be generated, and Err gives the reason.
// Generate returns an error only when nothing could be generated, for
// example when the context ended or the provider rejected the credentials.
type Generator interface {
	Generate(ctx context.Context, reqs []*Request) ([]Test, error)
}

// GeneratorFunc adapts a function to the Generator interface.
type GeneratorFunc func(ctx context.Context, reqs []*Request) ([]Test, error)

// Generate calls f(ctx, reqs).
func (f GeneratorFunc) Generate(ctx context.Context, reqs []*Request) ([]Test, error) {
	return f(ctx, reqs)
}

// A Request describes one untested function and the test package its test
// goes into. The string fields are what a prompt needs; the types fields
// serve generators that work from type information.
type Request struct {
	// Name is the function name, or "Type.Method" for a method. It is the
	// key of the batch response contract.
	Name string

	// TestName is the name the generated test function should have. The
	// analyzer has already made it unique among the package's tests.
	TestName string

	// Signature is the declaration line, for example
	// "func (p *Point) Scale(k float64) *Point".
	Signature string

	// Source is the whole function declaration, doc comment included.
	Source string

	// Doc is the text of the function's doc comment.
	Doc string

	// ReceiverDecl is the declaration of the receiver's base type, empty for
	// functions.
	ReceiverDecl string

	// Constructors lists the signatures of package functions named NewT that
	// return the receiver type T, for building a receiver.
	Constructors []string

	// TypeDecls holds the declarations of package types that appear in the
	// signature, so that a test can build its arguments.
	TypeDecls []string

	// PkgName and PkgPath identify the package under test, and Dir is its
	// directory.
	PkgName string
	PkgPath string
	Dir     string

	// TestPkgName is the package clause of the test file: PkgName for an
	// internal test, PkgName+"_test" for an external one.
	TestPkgName string

	// TestLibraries lists the import paths of the assertion and comparison
	// libraries the package's tests already use, such as
	// github.com/stretchr/testify/require or github.com/google/go-cmp/cmp.
	TestLibraries []string

	// ExistingTests lists the names of the Test, Benchmark, Fuzz and Example
	// functions already declared in the package's test files.
	ExistingTests []string

	// Func is the function or method under test, and Constructor the
	// constructor of its receiver type when the package has one.
	Func        *types.Func
	Constructor *types.Func
}

// External reports whether the test goes into the external test package.
func (r *Request) External() bool {
	return r.TestPkgName != r.PkgName
}

// A Test is the generated code for one request.
type Test struct {
	// Name is the Request.Name it belongs to.
	Name string

	// Code is Go source: one or more declarations, with or without a
	// package clause and imports.
	Code string

	// Imports lists import paths the code needs beyond those it declares
	// itself, mapped to their local names ("" for the default name).
	Imports map[string]string

	// Err is the reason no test could be generated. Code is then empty.
	Err error
}

// A Repairer is a Generator that can fix a test that failed verification.
type Repairer interface {
	// Repair returns a new version of code, the test generated for req,
	// given output, the compiler or test output of its failure.
	Repair(ctx context.Context, req *Request, code, output string) (Test, error)
}
