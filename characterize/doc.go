// Package characterize writes characterization tests without an LLM: it
// runs each untested function on chosen inputs, records what the function
// returns, and writes a table-driven test that asserts those results.
//
// Inputs come from the parameter types (zero values, integer and float
// boundaries, short strings, nil and one-element collections) and from the
// constants of the function and its package. A probe test, compiled into
// the package through go test -overlay, runs every candidate input once
// with the package instrumented by go tool cover, and the generator keeps
// the inputs that cover blocks the others miss. A second run of the kept
// inputs on the uninstrumented package drops results that change between
// runs.
//
// A characterization test pins what the code does today, bugs included, so
// a person should read it before trusting it. Functions that reach the file
// system, network, processes, environment, clock or randomness, and
// functions whose results vary between runs, get the offline skeleton
// instead, and the reason is reported.
package characterize
