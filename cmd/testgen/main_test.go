package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// testgenBin is the testgen binary built for the tests.
var testgenBin string

func TestMain(m *testing.M) {
	// No test may reach a real endpoint or read a real key: the tests
	// that need an LLM point testgen at a loopback server themselves.
	for _, name := range []string{"OPENAI_API_KEY", "OPENAI_BASE_URL", "TESTGEN_MODEL", "TESTGEN_CACHE"} {
		os.Unsetenv(name)
	}
	dir, err := os.MkdirTemp("", "testgen-bin")
	if err != nil {
		panic(err)
	}
	testgenBin = filepath.Join(dir, "testgen")
	out, err := exec.Command("go", "build", "-o", testgenBin, ".").CombinedOutput()
	if err != nil {
		panic("building testgen: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// writeModule writes files, given as path → content, into a new module
// example.com/m in a temporary directory and returns the directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run runs a command in dir and returns its combined output and exit code.
func runCmd(t *testing.T, dir string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode()
	}
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out), 0
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const shapesSrc = `// Copyright 2026 The Shapes Authors.

//go:build !plan9

// Package shapes computes with points.
package shapes

import "errors"

// Point is a point in the plane.
type Point struct{ X, Y float64 }

// Centroid returns the mean of pts.
func Centroid(pts []Point) (Point, error) {
	if len(pts) == 0 {
		return Point{}, errors.New("no points")
	}
	var c Point
	for _, p := range pts {
		c.X += p.X
		c.Y += p.Y
	}
	n := float64(len(pts))
	return Point{c.X / n, c.Y / n}, nil
}

// Scale returns p scaled by k.
func (p Point) Scale(k float64) Point { return Point{p.X * k, p.Y * k} }
`

func TestReport_exitCodeAndFormat(t *testing.T) {
	dir := writeModule(t, map[string]string{"shapes/shapes.go": shapesSrc})
	out, code := runCmd(t, dir, testgenBin, "./...")
	if code != exitDiagnostics {
		t.Errorf("exit code = %d, want %d; output:\n%s", code, exitDiagnostics, out)
	}
	for _, want := range []string{
		"shapes/shapes.go:14:6: exported function Centroid has no test",
		"shapes/shapes.go:28:16: exported method Point.Scale has no test",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestFix_createsTestFile(t *testing.T) {
	dir := writeModule(t, map[string]string{"shapes/shapes.go": shapesSrc})
	out, code := runCmd(t, dir, testgenBin, "-fix", "./...")
	if code != exitOK {
		t.Fatalf("testgen -fix: exit code %d:\n%s", code, out)
	}

	// Offline, the tests pin the behaviour observed by running the code.
	got := readFile(t, filepath.Join(dir, "shapes", "shapes_test.go"))
	for _, want := range []string{
		"// Copyright 2026 The Shapes Authors.\n\n//go:build !plan9\n\npackage shapes\n",
		"func TestCentroid(t *testing.T) {",
		"func TestPoint_Scale(t *testing.T) {",
		`"no points"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("shapes_test.go lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Package shapes computes") {
		t.Errorf("shapes_test.go copied the package doc:\n%s", got)
	}

	if out, code := runCmd(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet: %s", out)
	}
	out, code = runCmd(t, dir, "go", "test", "-v", "./...")
	if code != 0 {
		t.Errorf("go test: %s", out)
	}
	if !strings.Contains(out, "--- PASS: TestCentroid") {
		t.Errorf("TestCentroid did not pass:\n%s", out)
	}

	// The functions are tested now.
	if out, code := runCmd(t, dir, testgenBin, "./..."); code != exitOK {
		t.Errorf("testgen after -fix: exit code %d:\n%s", code, out)
	}
}

const clockSrc = `package clock

import "time"

// Stamp returns the current hour, which a recorded test cannot pin.
func Stamp() int { return time.Now().Hour() }
`

func TestFix_skeletonWhenNotCharacterizable(t *testing.T) {
	dir := writeModule(t, map[string]string{"clock/clock.go": clockSrc})
	if out, code := runCmd(t, dir, testgenBin, "-fix", "./..."); code != exitOK {
		t.Fatalf("testgen -fix: exit code %d:\n%s", code, out)
	}
	got := readFile(t, filepath.Join(dir, "clock", "clock_test.go"))
	if !strings.Contains(got, "// TODO: add test cases.") {
		t.Errorf("clock_test.go is not a skeleton:\n%s", got)
	}

	// The skeleton compiles, passes vet, and shows as skipped.
	if out, code := runCmd(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet: %s", out)
	}
	out, code := runCmd(t, dir, "go", "test", "-v", "./...")
	if code != 0 {
		t.Errorf("go test: %s", out)
	}
	if !strings.Contains(out, "--- SKIP: TestStamp") {
		t.Errorf("go test -v does not show TestStamp as skipped:\n%s", out)
	}

	// An unfilled skeleton does not make a function tested, and a second
	// -fix leaves it alone.
	out, _ = runCmd(t, dir, testgenBin, "-fix", "./...")
	if !strings.Contains(out, "exported function Stamp has no test; TestStamp has no test cases yet") {
		t.Errorf("a second -fix does not say the skeleton needs cases:\n%s", out)
	}
	if after := readFile(t, filepath.Join(dir, "clock", "clock_test.go")); after != got {
		t.Errorf("a second -fix changed clock_test.go:\n%s", after)
	}
}

func TestFix_externalWhenAllTestsExternal(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"shapes/shapes.go": shapesSrc,
		"shapes/other_test.go": `package shapes_test

import (
	"testing"

	"example.com/m/shapes"
)

func TestZero(t *testing.T) {
	if (shapes.Point{}) != (shapes.Point{X: 0}) {
		t.Fatal("zero points differ")
	}
}
`,
	})
	if out, code := runCmd(t, dir, testgenBin, "-fix", "./..."); code != exitOK {
		t.Fatalf("testgen -fix: exit code %d:\n%s", code, out)
	}
	got := readFile(t, filepath.Join(dir, "shapes", "shapes_test.go"))
	if !strings.Contains(got, "package shapes_test") || !strings.Contains(got, "shapes.Centroid(") {
		t.Errorf("shapes_test.go is not an external test:\n%s", got)
	}
	if out, code := runCmd(t, dir, "go", "test", "./..."); code != 0 {
		t.Errorf("go test: %s", out)
	}
}

func TestFix_appendsToExistingFile(t *testing.T) {
	existing := `package shapes

import "testing"

func TestExisting(t *testing.T) {}
`
	dir := writeModule(t, map[string]string{
		"shapes/shapes.go":      shapesSrc,
		"shapes/shapes_test.go": existing,
	})
	if out, code := runCmd(t, dir, testgenBin, "-fix", "./..."); code != exitOK {
		t.Fatalf("testgen -fix: exit code %d:\n%s", code, out)
	}
	got := readFile(t, filepath.Join(dir, "shapes", "shapes_test.go"))
	if !strings.HasPrefix(got, "package shapes\n\nimport (\n") || !strings.Contains(got, "func TestExisting(t *testing.T) {}") {
		t.Errorf("existing content was not kept:\n%s", got)
	}
	if !strings.Contains(got, "func TestCentroid(") {
		t.Errorf("no test appended:\n%s", got)
	}
}

func TestDiff_writesNothing(t *testing.T) {
	dir := writeModule(t, map[string]string{"shapes/shapes.go": shapesSrc})
	out, code := runCmd(t, dir, testgenBin, "-diff", "./...")
	if code != exitOK {
		t.Fatalf("exit code %d:\n%s", code, out)
	}
	if !strings.Contains(out, "+func TestCentroid(t *testing.T) {") {
		t.Errorf("diff lacks the new test:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "shapes", "shapes_test.go")); err == nil {
		t.Error("-diff created shapes_test.go")
	}
}

func TestJSON_output(t *testing.T) {
	dir := writeModule(t, map[string]string{"shapes/shapes.go": shapesSrc})
	cmd := exec.Command(testgenBin, "-json", "./...")
	cmd.Dir = dir
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Run(); err != nil {
		t.Fatalf("testgen -json: %v", err)
	}
	var tree map[string]map[string][]struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &tree); err != nil {
		t.Fatalf("output is not the analysis JSON tree: %v\n%s", err, stdout.String())
	}
	diags := tree["example.com/m/shapes"]["testgen"]
	if len(diags) != 2 {
		t.Fatalf("got %d diagnostics, want 2: %+v", len(diags), diags)
	}
	if diags[0].Message != "exported function Centroid has no test" {
		t.Errorf("first message = %q", diags[0].Message)
	}
}

func TestUsage_noPackages(t *testing.T) {
	out, code := runCmd(t, t.TempDir(), testgenBin)
	if code != exitUsage {
		t.Errorf("exit code = %d, want %d", code, exitUsage)
	}
	if !strings.Contains(out, "Usage: testgen [flags] packages") {
		t.Errorf("no usage text:\n%s", out)
	}
}
