package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/go-testgen/testgen/analyzer"
	"github.com/go-testgen/testgen/bench/internal/synth"
	"github.com/go-testgen/testgen/internal/units"
)

// reportSizes are the package counts of the synthetic modules that the
// report benchmarks run on.
var reportSizes = []int{10, 100, 1000}

// moduleEnv names the environment variable that points BenchmarkReportLoad
// at the root of a real module as well, for example a copy of
// golang.org/x/tools.
const moduleEnv = "TESTGEN_BENCH_MODULE"

// BenchmarkReportLoad measures the package loading of testgen ./...: one
// go list run with export data, then parsing and type checking the
// module's packages. go's build cache is warm after the first iteration.
func BenchmarkReportLoad(b *testing.B) {
	for _, n := range reportSizes {
		b.Run(fmt.Sprintf("packages=%d", n), func(b *testing.B) {
			dir := writeModule(b, n)
			loadUnits(b, dir) // warms the build cache
			for b.Loop() {
				loadUnits(b, dir)
			}
		})
	}
	if dir := os.Getenv(moduleEnv); dir != "" {
		b.Run("module="+filepath.Base(dir), func(b *testing.B) {
			loadUnits(b, dir)
			for b.Loop() {
				loadUnits(b, dir)
			}
		})
	}
}

// BenchmarkReportAnalyze measures the analysis of testgen ./... without
// generation, on packages already loaded: finding untested functions and
// reporting them.
func BenchmarkReportAnalyze(b *testing.B) {
	for _, n := range reportSizes {
		b.Run(fmt.Sprintf("packages=%d", n), func(b *testing.B) {
			dir := writeModule(b, n)
			roots := loadUnits(b, dir)
			a := analyzer.New(analyzer.Config{
				Context:      context.Background(),
				CreatesFiles: true,
				FixesUsed:    func() bool { return false },
			})
			if err := analyzer.Setup(a); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				graph, err := checker.Analyze([]*analysis.Analyzer{a}, roots, nil)
				if err != nil {
					b.Fatal(err)
				}
				var diags int
				for _, act := range graph.Roots {
					if act.Err != nil {
						b.Fatal(act.Err)
					}
					diags += len(act.Diagnostics)
				}
				if want := n * 6; diags != want {
					b.Fatalf("got %d diagnostics, want %d", diags, want)
				}
			}
		})
	}
}

// writeModule writes a module of n packages with 2 files of 3 untested
// functions each.
func writeModule(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	spec := synth.Spec{Packages: n, FilesPerPackage: 2, FuncsPerFile: 3}
	if err := spec.Write(dir); err != nil {
		b.Fatal(err)
	}
	return dir
}

func loadUnits(b *testing.B, dir string) []*packages.Package {
	b.Helper()
	roots, err := units.Load(&packages.Config{Dir: dir}, "./...")
	if err != nil {
		b.Fatal(err)
	}
	// A real module may have packages with errors, which testgen reports
	// and skips; the synthetic ones have none.
	if n := packages.PrintErrors(roots); n > 0 && os.Getenv(moduleEnv) != dir {
		b.Fatalf("the packages of %s have %d errors", dir, n)
	}
	return roots
}
