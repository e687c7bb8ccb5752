package plugin

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixtureModule returns a module with three kinds of package. shapes has an
// internal test file. ext has internal and external test files, so its
// untested function is reported by the p_test unit. lonely has no test
// file, so only testgen -fix can add its test.
func fixtureModule() map[string]string {
	return map[string]string{
		"shapes/shapes.go": `// Package shapes computes with points.
package shapes

// Point is a point in the plane.
type Point struct{ X, Y float64 }

// Add returns p+q.
func Add(p, q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }

// Centroid returns the mean of pts, or the zero Point for no points.
func Centroid(pts []Point) Point {
	var c Point
	for _, p := range pts {
		c = Add(c, p)
	}
	if n := float64(len(pts)); n > 0 {
		return Point{c.X / n, c.Y / n}
	}
	return c
}

// Scale returns p scaled by k.
func (p Point) Scale(k float64) Point { return Point{p.X * k, p.Y * k} }
`,
		"shapes/shapes_test.go": `package shapes

import "testing"

func TestAdd(t *testing.T) {
	if got := Add(Point{1, 2}, Point{3, 4}); got != (Point{4, 6}) {
		t.Errorf("Add = %v", got)
	}
}
`,
		"ext/ext.go": `// Package ext is tested from an external test package.
package ext

// Double returns 2n.
func Double(n int) int { return 2 * n }

// Half returns n/2.
func Half(n int) int { return n / 2 }
`,
		"ext/ext_test.go": `package ext_test

import (
	"testing"

	"example.com/m/ext"
)

func TestDouble(t *testing.T) {
	if ext.Double(2) != 4 {
		t.Error("Double(2) != 4")
	}
}
`,
		"ext/internal_test.go": `package ext

import "testing"

func TestInternal(t *testing.T) {}
`,
		"lonely/lonely.go": `// Package lonely has no test file.
package lonely

// Triple returns 3n.
func Triple(n int) int { return 3 * n }
`,
	}
}

// golangciConfig returns a .golangci.yml that runs testgen alone with the
// given settings. uniq-by-line is off because with generate: true every
// diagnostic of a test file is on its package clause, and golangci-lint
// would print only the first of them. It still applies all their fixes.
func golangciConfig(settings string) string {
	return `version: "2"
linters:
  default: none
  enable:
    - testgen
  settings:
    custom:
      testgen:
        type: module
        settings:
` + settings + `
issues:
  uniq-by-line: false
`
}

// declared lists where fixtureModule's untested functions are declared,
// as golangci-lint prints positions, with their messages.
var declared = []string{
	"ext/ext.go:8:6: exported function Half has no test",
	"lonely/lonely.go:5:6: exported function Triple has no test; run testgen -fix to create lonely_test.go",
	"shapes/shapes.go:11:6: exported function Centroid has no test",
	"shapes/shapes.go:23:16: exported method Point.Scale has no test",
}

// countLines returns the number of lines of out that contain s.
func countLines(out, s string) int {
	n := 0
	for line := range strings.SplitSeq(out, "\n") {
		if strings.Contains(line, s) {
			n++
		}
	}
	return n
}

func TestVersion_isDevel(t *testing.T) {
	// golangci-lint salts its cache with the version unless it is
	// "(devel)", in which case it hashes the executable.
	out, code := runCmd(t, t.TempDir(), golangciBin, "version")
	if code != 0 {
		t.Fatalf("golangci-lint version: exit code %d:\n%s", code, out)
	}
	if !strings.Contains(out, "has version (devel) ") {
		t.Errorf("the version is not (devel), so golangci-lint's cache could serve results of an older plugin:\n%s", out)
	}
}

func TestRun_reportsAtDeclarations(t *testing.T) {
	files := fixtureModule()
	files[".golangci.yml"] = golangciConfig("          generate: false")
	dir := writeModule(t, files)
	before := snapshot(t, dir)

	out, code := runCmd(t, dir, golangciBin, "run", "./...")
	if code != 1 {
		t.Errorf("golangci-lint run: exit code %d, want 1 for issues found:\n%s", code, out)
	}
	for _, want := range declared {
		if n := countLines(out, want+" (testgen)"); n != 1 {
			t.Errorf("%q reported %d times, want once:\n%s", want, n, out)
		}
	}
	if n := countLines(out, "(testgen)"); n != len(declared) {
		t.Errorf("%d testgen issues, want %d:\n%s", n, len(declared), out)
	}

	// Without generate, there are no fixes to apply.
	out, code = runCmd(t, dir, golangciBin, "run", "--fix", "./...")
	if code != 1 {
		t.Errorf("golangci-lint run --fix: exit code %d, want 1:\n%s", code, out)
	}
	assertUnchanged(t, "run --fix with generate: false", before, snapshot(t, dir))
}

func TestRunFix_generate(t *testing.T) {
	files := fixtureModule()
	files[".golangci.yml"] = golangciConfig("          generate: true")
	dir := writeModule(t, files)

	// A function whose test can go into an existing test file is reported
	// in that file, where golangci-lint applies the fix.
	out, code := runCmd(t, dir, golangciBin, "run", "./...")
	if code != 1 {
		t.Errorf("golangci-lint run: exit code %d, want 1:\n%s", code, out)
	}
	for _, want := range []string{
		"ext/ext_test.go:1:9: exported function Half has no test (declared at ext.go:8) (testgen)",
		"shapes/shapes_test.go:1:9: exported function Centroid has no test (declared at shapes.go:11) (testgen)",
		"shapes/shapes_test.go:1:9: exported method Point.Scale has no test (declared at shapes.go:23) (testgen)",
		"lonely/lonely.go:5:6: exported function Triple has no test; run testgen -fix to create lonely_test.go (testgen)",
	} {
		if n := countLines(out, want); n != 1 {
			t.Errorf("%q reported %d times, want once:\n%s", want, n, out)
		}
	}

	out, code = runCmd(t, dir, golangciBin, "run", "--fix", "./...")
	if code != 1 {
		t.Errorf("golangci-lint run --fix: exit code %d, want 1 for Triple, which has no fix:\n%s", code, out)
	}
	for file, tests := range map[string][]string{
		"shapes/shapes_test.go": {"func TestCentroid(t *testing.T) {", "func TestPoint_Scale(t *testing.T) {"},
		"ext/ext_test.go":       {"func TestHalf(t *testing.T) {"},
	} {
		got := readFile(t, filepath.Join(dir, file))
		for _, test := range tests {
			if n := strings.Count(got, test); n != 1 {
				t.Errorf("%s has %q %d times after run --fix, want once:\n%s", file, test, n, got)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "lonely", "lonely_test.go")); err == nil {
		t.Error("golangci-lint run --fix created lonely/lonely_test.go")
	}
	if out, code := runCmd(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet after run --fix: %s", out)
	}
	if out, code := runCmd(t, dir, "go", "test", "./..."); code != 0 {
		t.Errorf("go test after run --fix: %s", out)
	}

	// The characterization tests test their functions, so a second
	// run --fix reports only the function without a test file.
	fixed := snapshot(t, dir)
	out, _ = runCmd(t, dir, golangciBin, "run", "--fix", "./...")
	assertUnchanged(t, "a second run --fix", fixed, snapshot(t, dir))
	if n := countLines(out, "has no test (declared at"); n != 0 {
		t.Errorf("%d fixed functions are still reported as untested:\n%s", n, out)
	}
	for _, name := range []string{"Half", "Centroid", "Point.Scale"} {
		if n := countLines(out, " "+name+" has no test"); n != 0 {
			t.Errorf("%s is still reported after run --fix:\n%s", name, out)
		}
	}
	want := "lonely/lonely.go:5:6: exported function Triple has no test; run testgen -fix to create lonely_test.go (testgen)"
	if n := countLines(out, want); n != 1 {
		t.Errorf("%q reported %d times, want once:\n%s", want, n, out)
	}

	// testgen creates the test file that golangci-lint cannot.
	out, code = runCmd(t, dir, testgenBin, "-fix", "./...")
	if code != 0 {
		t.Fatalf("testgen -fix: exit code %d:\n%s", code, out)
	}
	if got := readFile(t, filepath.Join(dir, "lonely", "lonely_test.go")); !strings.Contains(got, "func TestTriple(t *testing.T) {") {
		t.Errorf("testgen -fix did not create TestTriple:\n%s", got)
	}
	after := snapshot(t, dir)
	delete(after, filepath.Join("lonely", "lonely_test.go"))
	assertUnchanged(t, "testgen -fix after run --fix", fixed, after)

	out, _ = runCmd(t, dir, golangciBin, "run", "./...")
	if countLines(out, "Triple has no test") != 0 {
		t.Errorf("golangci-lint does not see the test file testgen created:\n%s", out)
	}
	if out, code := runCmd(t, dir, "go", "test", "./..."); code != 0 {
		t.Errorf("go test after testgen -fix: %s", out)
	}
}

func TestRun_unknownSetting(t *testing.T) {
	files := fixtureModule()
	files[".golangci.yml"] = golangciConfig("          generat: true")
	dir := writeModule(t, files)

	out, code := runCmd(t, dir, golangciBin, "run", "./...")
	if code != 3 {
		t.Errorf("golangci-lint run: exit code %d, want 3 for a failure:\n%s", code, out)
	}
	if want := `unknown setting "generat" in linters.settings.custom.testgen.settings; the settings are model, base-url,`; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}

func TestRun_invalidSetting(t *testing.T) {
	files := fixtureModule()
	files[".golangci.yml"] = golangciConfig("          concurrency: -1")
	dir := writeModule(t, files)

	out, code := runCmd(t, dir, golangciBin, "run", "./...")
	if code != 3 {
		t.Errorf("golangci-lint run: exit code %d, want 3 for a failure:\n%s", code, out)
	}
	if want := "invalid setting concurrency: -1"; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}
