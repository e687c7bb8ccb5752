// Package bench holds testgen's whole-process benchmark drivers and the
// in-process benchmarks of the report path. BENCHMARKS.md at the
// repository root records the results and the commands that produce them.
package bench
