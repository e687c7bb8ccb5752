package analyzer_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/go-testgen/testgen/analyzer"
)

func testdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAnalyzer(t *testing.T) {
	runFixtures(t, analyzer.Analyzer, "basic", "external", "exampleonly", "gen", "mainpkg", "collide", "notests")
}

func TestAnalyzer_deprecatedFlag(t *testing.T) {
	a := analyzer.New(analyzer.Config{})
	if err := a.Flags.Set("deprecated", "true"); err != nil {
		t.Fatal(err)
	}
	runFixtures(t, a, "deprecated")
}

// Packages without test files are a single unit in every driver, so
// analysistest checks them as it checks any analyzer.
func TestAnalyzer_analysistest(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), analyzer.Analyzer, "notests", "gen", "mainpkg")
}
