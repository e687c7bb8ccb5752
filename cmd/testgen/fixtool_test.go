package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// driverModule returns a module with three kinds of package. shapes has an
// internal test file. ext has internal and external test files, so its
// untested function is reported by the p_test unit. lonely has no test
// file, so only testgen itself can add its test.
func driverModule() map[string]string {
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

// driverUntested maps each function that driverModule leaves untested to
// the test a fix adds for it.
var driverUntested = map[string]string{
	"exported function Centroid has no test":  "func TestCentroid(t *testing.T) {",
	"exported method Point.Scale has no test": "func TestPoint_Scale(t *testing.T) {",
	"exported function Half has no test":      "func TestHalf(t *testing.T) {",
	"exported function Triple has no test":    "func TestTriple(t *testing.T) {",
}

// defaultToolModule returns a module in which go's own fix tool (the
// interface{} → any modernizer) and vet tool (stringintconv) each have a
// fix to offer, to compare their exit codes with testgen's.
func defaultToolModule() map[string]string {
	return map[string]string{
		"p/p.go": `package p

import "fmt"

func F(x interface{}) string { return fmt.Sprint(x) }

func G(i int) string { return string(i) }
`,
	}
}

// snapshot returns the content of every file under dir, by relative path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		files[rel] = readFile(t, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// assertUnchanged fails the test for each file that differs from before,
// byte for byte, or that was added or removed.
func assertUnchanged(t *testing.T, step string, before, after map[string]string) {
	t.Helper()
	for name, content := range before {
		got, ok := after[name]
		if !ok {
			t.Errorf("%s removed %s", step, name)
		} else if got != content {
			t.Errorf("%s changed %s:\n%s", step, name, got)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s created %s", step, name)
		}
	}
}

// TestDrivers_exitCodesMatchGo runs go vet, go vet -fix and go fix, with
// and without -diff, once with go's default tool and once with testgen.
// Each tool has fixes to offer in its module, and testgen must give the
// same exit code as the default tool.
func TestDrivers_exitCodesMatchGo(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string // the go command's arguments before ./...
		tool string   // the flag that selects the tool
		want int      // the exit code measured with go1.26.8
	}{
		{"go fix -diff", []string{"fix", "-diff"}, "-fixtool=", 1},
		{"go fix", []string{"fix"}, "-fixtool=", 0},
		{"go vet", []string{"vet"}, "-vettool=", 1},
		{"go vet -fix -diff", []string{"vet", "-fix", "-diff"}, "-vettool=", 1},
		{"go vet -fix", []string{"vet", "-fix"}, "-vettool=", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeModule(t, defaultToolModule())
			args := append(append([]string{}, tc.args...), "./...")
			out, goCode := runCmd(t, dir, "go", args...)
			if goCode != tc.want {
				t.Errorf("%s with go's own tool: exit code %d, want %d:\n%s", tc.name, goCode, tc.want, out)
			}

			dir = writeModule(t, driverModule())
			args = append(append(append([]string{}, tc.args[0], tc.tool+testgenBin), tc.args[1:]...), "./...")
			out, code := runCmd(t, dir, "go", args...)
			if code != goCode {
				t.Errorf("%s with testgen: exit code %d, go's own tool gives %d:\n%s", tc.name, code, goCode, out)
			}
		})
	}
}

// TestFixTool_diffWritesNothing checks that go fix -diff and
// go vet -fix -diff print each generated test once and write nothing.
func TestFixTool_diffWritesNothing(t *testing.T) {
	for _, args := range [][]string{
		{"fix", "-fixtool=" + testgenBin, "-diff", "./..."},
		{"vet", "-vettool=" + testgenBin, "-fix", "-diff", "./..."},
	} {
		name := "go " + args[0] + " " + strings.Join(args[2:len(args)-1], " ")
		t.Run(name, func(t *testing.T) {
			dir := writeModule(t, driverModule())
			before := snapshot(t, dir)

			out, code := runCmd(t, dir, "go", args...)
			if code != 1 {
				t.Errorf("exit code %d, want 1 for a non-empty diff:\n%s", code, out)
			}
			for msg, test := range driverUntested {
				want := 1
				if strings.Contains(msg, "Triple") {
					// No standard driver can create lonely_test.go.
					want = 0
				}
				if n := strings.Count(out, "+"+test); n != want {
					t.Errorf("the diff adds %q %d times, want %d:\n%s", test, n, want, out)
				}
			}
			assertUnchanged(t, name, before, snapshot(t, dir))
		})
	}
}

// TestFixTool_appliesOnce runs go vet, go fix and go vet -fix with testgen
// as the tool, then testgen -fix, and checks that each untested function
// is reported once, that a second fix run changes no byte, and that
// testgen -fix creates the test file the go command could not.
func TestFixTool_appliesOnce(t *testing.T) {
	dir := writeModule(t, driverModule())

	out, code := runCmd(t, dir, "go", "vet", "-vettool="+testgenBin, "./...")
	if code != 1 {
		t.Errorf("go vet: exit code %d, want 1:\n%s", code, out)
	}
	for msg := range driverUntested {
		if n := strings.Count(out, msg); n != 1 {
			t.Errorf("go vet reports %q %d times, want once:\n%s", msg, n, out)
		}
	}

	out, code = runCmd(t, dir, "go", "fix", "-fixtool="+testgenBin, "./...")
	if code != 0 {
		t.Fatalf("go fix: exit code %d, want 0:\n%s", code, out)
	}
	for file, tests := range map[string][]string{
		"shapes/shapes_test.go": {driverUntested["exported function Centroid has no test"], driverUntested["exported method Point.Scale has no test"]},
		"ext/ext_test.go":       {driverUntested["exported function Half has no test"]},
	} {
		got := readFile(t, filepath.Join(dir, file))
		for _, test := range tests {
			if n := strings.Count(got, test); n != 1 {
				t.Errorf("%s has %q %d times after go fix, want once:\n%s", file, test, n, got)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "lonely", "lonely_test.go")); err == nil {
		t.Error("go fix created lonely/lonely_test.go")
	}
	if out, code := runCmd(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet after go fix: %s", out)
	}

	fixed := snapshot(t, dir)
	out, code = runCmd(t, dir, "go", "fix", "-fixtool="+testgenBin, "./...")
	if code != 0 {
		t.Errorf("second go fix: exit code %d, want 0:\n%s", code, out)
	}
	assertUnchanged(t, "a second go fix", fixed, snapshot(t, dir))
	out, code = runCmd(t, dir, "go", "vet", "-vettool="+testgenBin, "-fix", "./...")
	if code != 0 {
		t.Errorf("go vet -fix after go fix: exit code %d, want 0:\n%s", code, out)
	}
	assertUnchanged(t, "go vet -fix after go fix", fixed, snapshot(t, dir))

	// Centroid has a characterization test now, and Triple still lacks a
	// test file.
	out, _ = runCmd(t, dir, "go", "vet", "-vettool="+testgenBin, "./...")
	if strings.Contains(out, "Centroid has no test") {
		t.Errorf("go vet still reports Centroid after go fix:\n%s", out)
	}
	msg := "exported function Triple has no test; run testgen -fix to create lonely_test.go"
	if n := strings.Count(out, msg); n != 1 {
		t.Errorf("go vet reports %q %d times, want once:\n%s", msg, n, out)
	}

	out, code = runCmd(t, dir, testgenBin, "-fix", "./...")
	if code != exitOK {
		t.Fatalf("testgen -fix: exit code %d:\n%s", code, out)
	}
	got := readFile(t, filepath.Join(dir, "lonely", "lonely_test.go"))
	if !strings.Contains(got, driverUntested["exported function Triple has no test"]) {
		t.Errorf("testgen -fix did not create TestTriple:\n%s", got)
	}
	after := snapshot(t, dir)
	delete(after, filepath.Join("lonely", "lonely_test.go"))
	assertUnchanged(t, "testgen -fix after go fix", fixed, after)
	if out, code := runCmd(t, dir, "go", "test", "./..."); code != 0 {
		t.Errorf("go test after testgen -fix: %s", out)
	}
}
