package analyzer_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/go-testgen/testgen/analyzer"
	"github.com/go-testgen/testgen/offline"
)

func TestMain(m *testing.M) {
	// No test may reach a real endpoint or read a real key: the tests
	// that need an LLM point testgen at a loopback server themselves.
	for _, name := range []string{"OPENAI_API_KEY", "OPENAI_BASE_URL", "TESTGEN_MODEL", "TESTGEN_CACHE"} {
		os.Unsetenv(name)
	}
	os.Exit(m.Run())
}

func testdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// skeletons returns an analyzer that always generates skeletons, the
// offline generator's output that the golden files hold.
func skeletons() *analysis.Analyzer {
	return analyzer.New(analyzer.Config{
		Generator: offline.Generator{},
		Generate:  func() bool { return true },
	})
}

func TestAnalyzer(t *testing.T) {
	runFixtures(t, skeletons(), "basic", "external", "exampleonly", "gen", "mainpkg", "collide", "notests")
}

func TestAnalyzer_reportOnly(t *testing.T) {
	// The fixtures' want comments hold for a plain report too; only the
	// fixes are missing, so no file is compared with its golden file.
	runFixtures(t, analyzer.Analyzer, "notests", "gen", "mainpkg")
}

func TestAnalyzer_deprecatedFlag(t *testing.T) {
	a := skeletons()
	if err := a.Flags.Set("deprecated", "true"); err != nil {
		t.Fatal(err)
	}
	runFixtures(t, a, "deprecated")
}

// Packages without test files are a single unit in every driver, so
// analysistest checks them as it checks any analyzer.
func TestAnalyzer_analysistest(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), skeletons(), "notests", "gen", "mainpkg")
}
