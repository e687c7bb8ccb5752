// Package analyzer defines the testgen analyzer, which reports exported
// functions and methods that no test exercises and offers a generated test
// for each as a suggested fix.
//
// # Analyzer testgen
//
// testgen: report exported functions that have no test
//
// The analyzer considers exported package-level functions and exported
// methods of exported types, declared in the non-test files of a package
// other than main. A function counts as tested when a _test.go file of its
// package, internal or external, refers to it, or when a test function is
// named after it: TestF, TestF_suffix, TestT_M, ExampleF, ExampleT_M,
// BenchmarkF or FuzzF. A test that is still an unfilled testgen skeleton
// (an empty table of cases guarded by t.Skip) does not count.
//
// For example, given
//
//	func Centroid(pts []Point) Point { ... }
//
// with no test that calls Centroid, the analyzer reports
//
//	shapes.go:12:6: exported function Centroid has no test
//
// and its suggested fix "Add test for Centroid" appends a table-driven
// TestCentroid to shapes_test.go. Drivers other than the testgen command
// can only edit files that exist, so when shapes_test.go is missing the
// diagnostic carries no fix and says to run testgen -fix, which creates it.
//
// Files marked as generated are skipped, and so are functions whose doc
// comment holds the directive //testgen:ignore, or a "Deprecated:"
// paragraph unless the -deprecated flag is set.
package analyzer
