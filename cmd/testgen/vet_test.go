package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// appendFile appends text to the file at path.
func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestVet_cacheSeesNewTests runs go vet with testgen as its vet tool and
// its build cache on, adds a test to each kind of test file, and checks
// that the next plain go vet no longer reports the function.
func TestVet_cacheSeesNewTests(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"shapes/shapes.go": shapesSrc,
		"shapes/shapes_test.go": `package shapes

import "testing"

func TestExisting(t *testing.T) {}
`,
		"shapes/ext_test.go": `package shapes_test

import (
	"testing"

	"example.com/m/shapes"
)

func TestZero(t *testing.T) {
	_ = shapes.Point{}
}
`,
	})
	vet := func() string {
		out, _ := runCmd(t, dir, "go", "vet", "-vettool="+testgenBin, "./...")
		return out
	}

	// Twice, so the second report comes from go vet's cache.
	vet()
	out := vet()
	for _, msg := range []string{"exported function Centroid has no test", "exported method Point.Scale has no test"} {
		if n := strings.Count(out, msg); n != 1 {
			t.Fatalf("%q reported %d times, want once:\n%s", msg, n, out)
		}
	}
	if !strings.Contains(out, "shapes/shapes.go:14:6: exported function Centroid") {
		t.Errorf("Centroid is not reported at its name:\n%s", out)
	}

	// A reference from an internal test file.
	appendFile(t, filepath.Join(dir, "shapes", "shapes_test.go"), `
func TestCentroid_one(t *testing.T) {
	if _, err := Centroid([]Point{{1, 2}}); err != nil {
		t.Fatal(err)
	}
}
`)
	out = vet()
	if strings.Contains(out, "Centroid has no test") {
		t.Errorf("Centroid still reported after an internal test was added:\n%s", out)
	}
	if !strings.Contains(out, "Point.Scale has no test") {
		t.Errorf("Point.Scale no longer reported:\n%s", out)
	}

	// A method value in an external test file.
	appendFile(t, filepath.Join(dir, "shapes", "ext_test.go"), `
func TestScaleValue(t *testing.T) {
	scale := shapes.Point{X: 1}.Scale
	if got := scale(2); got.X != 2 {
		t.Errorf("X = %v, want 2", got.X)
	}
}
`)
	out = vet()
	if strings.Contains(out, "has no test") {
		t.Errorf("functions still reported after external tests were added:\n%s", out)
	}
}

// TestVetFix_appendsToExistingFile checks that go vet -fix, which can only
// edit existing files, appends the tests to the package's test file and
// leaves a package that compiles and passes vet.
func TestVetFix_appendsToExistingFile(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"shapes/shapes.go": shapesSrc,
		"shapes/other_test.go": `package shapes

import "testing"

func TestExisting(t *testing.T) {}
`,
		"lonely/lonely.go": "package lonely\n\n// Double doubles n.\nfunc Double(n int) int { return 2 * n }\n",
	})
	out, _ := runCmd(t, dir, "go", "vet", "-vettool="+testgenBin, "./...")
	if !strings.Contains(out, "exported function Double has no test; run testgen -fix to create lonely_test.go") {
		t.Errorf("the report does not point to testgen -fix for a package without tests:\n%s", out)
	}

	if out, code := runCmd(t, dir, "go", "vet", "-vettool="+testgenBin, "-fix", "./..."); code != 0 {
		t.Fatalf("go vet -fix: exit code %d:\n%s", code, out)
	}
	got := readFile(t, filepath.Join(dir, "shapes", "other_test.go"))
	if !strings.Contains(got, "func TestCentroid(t *testing.T) {") {
		t.Errorf("go vet -fix did not append TestCentroid:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "lonely", "lonely_test.go")); err == nil {
		t.Error("go vet -fix created a file")
	}
	if out, code := runCmd(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet after -fix: %s", out)
	}
}

// TestVetFix_invalidSettingFails checks that go vet -fix and go fix, whose
// tool protocol drops analysis errors in -fix mode, still fail with the
// message when a setting is invalid or the LLM cannot be configured.
func TestVetFix_invalidSettingFails(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"shapes/shapes.go":      shapesSrc,
		"shapes/shapes_test.go": "package shapes\n\nimport \"testing\"\n\nfunc TestNothing(t *testing.T) {}\n",
	})
	t.Setenv("OPENAI_API_KEY", "")
	t.Setenv("OPENAI_BASE_URL", "")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"go vet -fix, invalid provider", []string{"vet", "-vettool=" + testgenBin, "-testgen.provider=bogus", "-fix", "./..."}, `invalid -provider value "bogus"`},
		{"go vet -fix, missing key", []string{"vet", "-vettool=" + testgenBin, "-testgen.provider=openai", "-fix", "./..."}, "OPENAI_API_KEY is not set"},
		{"go fix, invalid provider", []string{"fix", "-fixtool=" + testgenBin, "-testgen.provider=bogus", "./..."}, `invalid -provider value "bogus"`},
		{"go vet report, invalid provider", []string{"vet", "-vettool=" + testgenBin, "-testgen.provider=bogus", "./..."}, `invalid -provider value "bogus"`},
	}
	before := readFile(t, filepath.Join(dir, "shapes", "shapes_test.go"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, code := runCmd(t, dir, "go", tt.args...)
			if code == 0 {
				t.Errorf("exit code 0, want a failure:\n%s", out)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, out)
			}
			if got := readFile(t, filepath.Join(dir, "shapes", "shapes_test.go")); got != before {
				t.Errorf("shapes_test.go changed:\n%s", got)
			}
		})
	}
}
