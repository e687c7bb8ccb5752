package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// copyInputs returns a module made of testdata/inputs: packages with cgo,
// build constraints, a vendor directory, a generated file, parameters of
// every kind, generic constraints, an unexported parameter type under an
// external test package, init, embedded types and type aliases.
func copyInputs(t *testing.T) string {
	t.Helper()
	dir := writeModule(t, map[string]string{})
	if err := os.CopyFS(dir, os.DirFS("testdata/inputs")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestReliability_hardInputs runs the offline testgen -fix on source that
// is hard to test. Each function gets a test that passes go vet and go test,
// or a message that names it and says why it has none.
func TestReliability_hardInputs(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("the cgo package needs gcc")
	}
	dir := copyInputs(t)
	out, code := runCmd(t, dir, testgenBin, "-fix", "-provider=offline", "-cache=off", "-verify-runs=1", "./...")
	t.Logf("testgen -fix: exit status %d:\n%s", code, out)
	if code != exitOK {
		t.Errorf("exit status %d, want %d", code, exitOK)
	}

	tests := []struct {
		file  string // the test file written, relative to dir
		tests []string
	}{
		{"params/params_test.go", []string{"TestSum", "TestApply", "TestDrain", "TestDescribe", "TestAny"}},
		{"generics/generics_test.go", []string{"TestMax"}},
		{"aliases/aliases_test.go", []string{"TestAlias_Sum", "TestLen"}},
		{"embedded/embedded_test.go", []string{"TestBase_Hello", "TestDerived_Own"}},
		{"init/init_test.go", []string{"TestReady"}},
		{"cgo/cgo_test.go", []string{"TestTwice"}},
		{"tags/tags_linux_test.go", []string{"TestOnLinux"}},
	}
	for _, tt := range tests {
		got := readFile(t, filepath.Join(dir, tt.file))
		for _, name := range tt.tests {
			if !strings.Contains(got, "func "+name+"(") {
				t.Errorf("%s lacks %s:\n%s", tt.file, name, got)
			}
		}
	}
	if got := readFile(t, filepath.Join(dir, "tags/tags_linux_test.go")); !strings.HasPrefix(got, "//go:build linux\n") {
		t.Errorf("tags_linux_test.go does not copy the build constraint:\n%s", got)
	}

	for _, want := range []string{
		"ext/ext.go:6:6: exported function Reveal has no test; no test was generated: its signature uses the unexported type secret, which the external test package ext_test cannot name",
		"generics/generics.go:12:6: exported function Show has no test; no test was generated: no type arguments among",
		"generics/generics.go:23:6: exported function Print has no test; no test was generated: no type arguments among",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q", want)
		}
	}
	// Not considered: a file excluded by its build constraint, a generated
	// file, vendored code, and init.
	for _, name := range []string{"Never", "Generated", "Vendored", "init"} {
		if strings.Contains(out, " "+name+" has no test") {
			t.Errorf("%s is reported", name)
		}
	}
	for _, path := range []string{"tags/tags_never_test.go", "gen/gen_test.go", "vendor/example.com/v/v_test.go"} {
		if _, err := os.Stat(filepath.Join(dir, path)); err == nil {
			t.Errorf("%s was written", path)
		}
	}

	if out, code := runCmd(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet: %s", out)
	}
	if out, code := runCmd(t, dir, "go", "test", "-count=1", "./..."); code != 0 {
		t.Errorf("go test: %s", out)
	}
}

// TestReliability_brokenPackages runs testgen on packages that do not
// type-check or parse: it reports their errors with positions, exits with
// status 1 and writes nothing.
func TestReliability_brokenPackages(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"broken/broken.go": "package broken\n\n// F uses an undefined name.\nfunc F() int { return missing }\n",
		"syntax/syntax.go": "package syntax\n\n// G is cut off.\nfunc G() int {\n",
		"good/good.go":     "package good\n\n// H returns 1.\nfunc H() int { return 1 }\n",
	})
	before := snapshotFiles(t, dir)
	out, code := runCmd(t, dir, testgenBin, "-fix", "-provider=offline", "-cache=off", "-verify-runs=1", "./...")
	t.Logf("testgen -fix: exit status %d:\n%s", code, out)

	if code != exitFailure {
		t.Errorf("exit status %d, want %d", code, exitFailure)
	}
	for _, want := range []string{
		"broken/broken.go:4:23: undefined: missing",
		"syntax/syntax.go:4:16: expected '}', found 'EOF'",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q", want)
		}
	}
	after := snapshotFiles(t, dir)
	for path := range after {
		if _, ok := before[path]; !ok && !strings.HasSuffix(path, filepath.Join("good", "good_test.go")) {
			t.Errorf("%s was written", path)
		}
	}
	if after[filepath.Join(dir, "broken", "broken.go")] != before[filepath.Join(dir, "broken", "broken.go")] {
		t.Error("broken.go changed")
	}
}

// TestReliability_hugeFile reports the untested functions of a file with
// 10,000 functions.
func TestReliability_hugeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes 10,000 functions")
	}
	const n = 10000
	var b strings.Builder
	b.WriteString("package huge\n")
	for i := range n {
		fmt.Fprintf(&b, "\n// F%d returns x+%d.\nfunc F%d(x int) int { return x + %d }\n", i, i, i, i)
	}
	dir := writeModule(t, map[string]string{"huge/huge.go": b.String()})

	start := time.Now()
	out, code := runCmd(t, dir, testgenBin, "./...")
	elapsed := time.Since(start)
	t.Logf("testgen on %d functions: exit status %d in %v", n, code, elapsed)

	if code != exitDiagnostics {
		t.Errorf("exit status %d, want %d", code, exitDiagnostics)
	}
	if got := strings.Count(out, "has no test"); got != n {
		t.Errorf("%d functions reported, want %d", got, n)
	}
	if !strings.Contains(out, fmt.Sprintf("huge/huge.go:%d:6: exported function F%d has no test", 4+3*(n-1), n-1)) {
		t.Errorf("the last function is not reported")
	}
	if elapsed > time.Minute {
		t.Errorf("the report took %v", elapsed)
	}
}
