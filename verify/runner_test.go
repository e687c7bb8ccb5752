package verify

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-testgen/testgen/internal/testfile"
)

const existingTest = `package m

import "testing"

func TestAdd(t *testing.T) {
	if Add(1, 2) != 3 {
		t.Fatal("Add(1, 2) != 3")
	}
}
`

func TestVerifyMixedCandidates(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"m.go": mSource, "m_test.go": existingTest})
	before := hashDir(t, dir)
	target := appendTarget(t, dir, "m_test.go")

	cands := []Candidate{
		{Name: "Sub", Code: "func TestSub(t *testing.T) {\n\tif Sub(3, 1) != 2 {\n\t\tt.Fatal(\"Sub(3, 1) != 2\")\n\t}\n}"},
		{Name: "Add", Code: "func TestAddUndefined(t *testing.T) {\n\tif Add(1, 2) != undefinedValue {\n\t\tt.Fatal(\"wrong sum\")\n\t}\n}"},
		{Name: "Sub", Code: "func TestSubWrong(t *testing.T) {\n\tif got := Sub(3, 1); got != 5 {\n\t\tt.Fatalf(\"Sub(3, 1) = %d, want 5\", got)\n\t}\n}"},
		{Name: "Add", Code: "var flakyRuns int\n\nfunc TestAddFlaky(t *testing.T) {\n\tflakyRuns++\n\tif flakyRuns == 2 {\n\t\tt.Fatal(\"fails on the second run\")\n\t}\n}"},
		{Name: "Add", Code: "func TestAdd(t *testing.T) {\n\tif Add(2, 2) != 4 {\n\t\tt.Fatal(\"Add(2, 2) != 4\")\n\t}\n}"},
		{Name: "Sub", Code: "func TestSubStrings(t *testing.T) {\n\tif Sub(2, 2) != 0 {\n\t\tt.Fatal(\"Sub(2, 2) != 0\")\n\t}\n}",
			Imports: []testfile.Import{{Path: "testing"}, {Path: "strings"}}},
	}
	for i := range cands {
		cands[i].File = target.Path
		if cands[i].Imports == nil {
			cands[i].Imports = testingImport
		}
	}

	r := &Runner{Logger: debugLogger(t)}
	outcomes, err := r.Verify(context.Background(), &Request{
		Dir:         dir,
		TestPkgName: "m",
		Targets:     map[string]Target{target.Path: target},
		Candidates:  cands,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(outcomes) != len(cands) {
		t.Fatalf("got %d outcomes, want %d", len(outcomes), len(cands))
	}

	good := outcomes[0]
	if !good.Passed {
		t.Errorf("TestSub failed: %s", good.Reason)
	}
	if good.Code != cands[0].Code {
		t.Errorf("TestSub's code changed to:\n%s", good.Code)
	}

	undefined := outcomes[1]
	if undefined.Passed {
		t.Error("TestAddUndefined passed, want a compile error")
	}
	if !strings.Contains(undefined.Reason, "undefined: undefinedValue") {
		t.Errorf("TestAddUndefined reason = %q, want the compiler's message", undefined.Reason)
	}
	if !strings.HasPrefix(undefined.Reason, "m_test.go:") {
		t.Errorf("TestAddUndefined reason = %q, want it to name m_test.go, not the temporary file", undefined.Reason)
	}

	wrong := outcomes[2]
	if wrong.Passed {
		t.Error("TestSubWrong passed, want a test failure")
	}
	if !strings.Contains(wrong.Reason, "Sub(3, 1) = 2, want 5") {
		t.Errorf("TestSubWrong reason = %q, want the test's output", wrong.Reason)
	}

	flaky := outcomes[3]
	if flaky.Passed {
		t.Error("TestAddFlaky passed, want it dropped as flaky")
	}
	if !strings.HasPrefix(flaky.Reason, "flaky: failed 1 of 3 runs") {
		t.Errorf("TestAddFlaky reason = %q, want flaky: failed 1 of 3 runs", flaky.Reason)
	}

	renamed := outcomes[4]
	if !renamed.Passed {
		t.Errorf("renamed TestAdd failed: %s", renamed.Reason)
	}
	if !strings.Contains(renamed.Code, "func TestAdd2(t *testing.T)") {
		t.Errorf("colliding TestAdd's code = %q, want it renamed to TestAdd2", renamed.Code)
	}

	unusedImport := outcomes[5]
	if unusedImport.Passed {
		t.Error("TestSubStrings passed, want its unused import to fail it")
	}
	if !strings.Contains(unusedImport.Reason, `"strings" imported and not used`) {
		t.Errorf("TestSubStrings reason = %q, want the unused import", unusedImport.Reason)
	}

	if after := hashDir(t, dir); after != before {
		t.Errorf("the package directory changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

func TestVerifyAllFailingLeavesFiles(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"m.go": mSource, "m_test.go": existingTest})
	before := hashDir(t, dir)
	appendTo := appendTarget(t, dir, "m_test.go")
	create := newTarget(dir, "sub_test.go", "m")

	req := &Request{
		Dir:         dir,
		TestPkgName: "m",
		Targets:     map[string]Target{appendTo.Path: appendTo, create.Path: create},
		Candidates: []Candidate{
			{Name: "Add", File: appendTo.Path, Imports: testingImport,
				Code: "func TestAddBroken(t *testing.T) {\n\tAdd(1)\n}"},
			{Name: "Sub", File: create.Path, Imports: testingImport,
				Code: "func TestSubFails(t *testing.T) {\n\tt.Fatal(\"always fails\")\n}"},
			{Name: "Point", File: create.Path,
				Code: "func helper() {}"},
		},
	}
	outcomes, err := (&Runner{Runs: 1, Logger: debugLogger(t)}).Verify(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range outcomes {
		if o.Passed {
			t.Errorf("candidate %d (%s) passed, want it to fail", i, o.Name)
		}
		if o.Reason == "" {
			t.Errorf("candidate %d (%s) failed without a reason", i, o.Name)
		}
	}
	if !strings.Contains(outcomes[2].Reason, "no Test") {
		t.Errorf("reason for code without tests = %q, want it to say so", outcomes[2].Reason)
	}

	if after := hashDir(t, dir); after != before {
		t.Errorf("the package directory changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if _, err := os.Stat(create.Path); !os.IsNotExist(err) {
		t.Errorf("%s exists after verification: %v", create.Path, err)
	}
}

func TestVerifyHangingTestTimesOut(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"m.go": mSource})
	target := newTarget(dir, "m_test.go", "m")

	const timeout = 3 * time.Second
	r := &Runner{Timeout: timeout, Logger: debugLogger(t)}
	start := time.Now()
	outcomes, err := r.Verify(context.Background(), &Request{
		Dir:         dir,
		TestPkgName: "m",
		Targets:     map[string]Target{target.Path: target},
		Candidates: []Candidate{
			{Name: "Add", File: target.Path, Imports: testingImport,
				Code: "func TestAddHangs(t *testing.T) {\n\tselect {}\n}"},
			{Name: "Sub", File: target.Path, Imports: testingImport,
				Code: "func TestSub(t *testing.T) {\n\tif Sub(1, 1) != 0 {\n\t\tt.Fatal(\"Sub(1, 1) != 0\")\n\t}\n}"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("verification took %s", time.Since(start))

	if outcomes[0].Passed {
		t.Error("TestAddHangs passed, want it dropped")
	}
	if !strings.HasPrefix(outcomes[0].Reason, "timed out after "+timeout.String()) {
		t.Errorf("TestAddHangs reason = %q, want timed out after %s", outcomes[0].Reason, timeout)
	}
	if !outcomes[1].Passed {
		t.Errorf("TestSub failed: %s", outcomes[1].Reason)
	}
}

func TestVerifyExternalPackage(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{
		"m.go": mSource,
		"ext_test.go": "package m_test\n\nimport (\n\t\"fmt\"\n\t\"testing\"\n\n\t\"example.com/m\"\n)\n\n" +
			"func TestSub(t *testing.T) {\n\tif m.Sub(2, 1) != 1 {\n\t\tt.Fatal(\"Sub(2, 1) != 1\")\n\t}\n}\n\n" +
			"func ExampleAdd() {\n\tfmt.Println(m.Add(1, 2))\n\t// Output: 3\n}\n",
	})
	before := hashDir(t, dir)
	appendTo := appendTarget(t, dir, "ext_test.go")
	create := newTarget(dir, "add_test.go", "m_test")
	mImport := []testfile.Import{{Path: "testing"}, {Path: "example.com/m"}}
	fmtImport := []testfile.Import{{Path: "fmt"}, {Path: "example.com/m"}}

	outcomes, err := (&Runner{Logger: debugLogger(t)}).Verify(context.Background(), &Request{
		Dir:         dir,
		TestPkgName: "m_test",
		Targets:     map[string]Target{appendTo.Path: appendTo, create.Path: create},
		Candidates: []Candidate{
			{Name: "Add", File: create.Path, Imports: mImport,
				Code: "func TestAdd(t *testing.T) {\n\tif m.Add(1, 1) != 2 {\n\t\tt.Fatal(\"Add(1, 1) != 2\")\n\t}\n}"},
			{Name: "Sub", File: appendTo.Path, Imports: mImport,
				Code: "func TestSub(t *testing.T) {\n\tif m.Sub(5, 1) != 4 {\n\t\tt.Fatal(\"Sub(5, 1) != 4\")\n\t}\n}"},
			{Name: "Add", File: create.Path, Imports: fmtImport,
				Code: "func ExampleAdd() {\n\tfmt.Println(m.Add(2, 2))\n\t// Output: 4\n}"},
			{Name: "Add", File: create.Path, Imports: fmtImport,
				Code: "func ExampleAdd_wrong() {\n\tfmt.Println(m.Add(2, 2))\n\t// Output: 5\n}"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}

	for _, i := range []int{0, 1, 2} {
		if !outcomes[i].Passed {
			t.Errorf("candidate %d failed: %s", i, outcomes[i].Reason)
		}
	}
	if !strings.Contains(outcomes[1].Code, "func TestSub2(") {
		t.Errorf("colliding TestSub's code = %q, want TestSub2", outcomes[1].Code)
	}
	if !strings.Contains(outcomes[2].Code, "func ExampleAdd_v2(") {
		t.Errorf("colliding ExampleAdd's code = %q, want ExampleAdd_v2, a name go vet accepts", outcomes[2].Code)
	}
	if outcomes[3].Passed {
		t.Error("ExampleAdd_wrong passed, want its output to differ")
	}
	if !strings.Contains(outcomes[3].Reason, "want:") {
		t.Errorf("ExampleAdd_wrong reason = %q, want the got and want output", outcomes[3].Reason)
	}

	if after := hashDir(t, dir); after != before {
		t.Errorf("the package directory changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

func TestVerifyInvalidRequest(t *testing.T) {
	dir := t.TempDir()
	tests := map[string]*Request{
		"no dir":          {TestPkgName: "m"},
		"no package name": {Dir: dir},
		"missing target": {Dir: dir, TestPkgName: "m", Candidates: []Candidate{
			{Name: "F", File: filepath.Join(dir, "f_test.go"), Code: "func TestF(t *testing.T) {}"}}},
		"relative target": {Dir: dir, TestPkgName: "m", Targets: map[string]Target{
			"f_test.go": {Path: "f_test.go", New: testfile.NewFile{PackageName: "m"}}}},
	}
	for name, req := range tests {
		if _, err := (&Runner{}).Verify(context.Background(), req); err == nil {
			t.Errorf("%s: Verify returned no error", name)
		}
	}
}

func TestVerifyCancelledRemovesTemp(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := newModule(t, map[string]string{"m.go": mSource})
	target := newTarget(dir, "m_test.go", "m")

	// The go command is a script that hangs, like a slow build.
	r := &Runner{GoCmd: writeScript(t, "exec sleep 60"), Logger: debugLogger(t)}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(500*time.Millisecond, cancel)
	_, err := r.Verify(ctx, &Request{
		Dir:         dir,
		TestPkgName: "m",
		Targets:     map[string]Target{target.Path: target},
		Candidates: []Candidate{{Name: "Add", File: target.Path, Imports: testingImport,
			Code: "func TestAdd(t *testing.T) {}"}},
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Verify after cancelling returned %v, want context.Canceled", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(tmp, "testgen-verify-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary directories left after cancelling: %v", leftovers)
	}
}

func TestVerifyKillsHungGoCommand(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"m.go": mSource})
	target := newTarget(dir, "m_test.go", "m")
	pidFile := filepath.Join(t.TempDir(), "child.pid")

	// The go command starts a child, as go test starts the test binary,
	// and both hang.
	r := &Runner{
		GoCmd:          writeScript(t, "sleep 60 &\necho $! > "+strconv.Quote(pidFile)+"\nwait"),
		Timeout:        200 * time.Millisecond,
		buildAllowance: 100 * time.Millisecond,
		Logger:         debugLogger(t),
	}
	outcomes, err := r.Verify(context.Background(), &Request{
		Dir:         dir,
		TestPkgName: "m",
		Targets:     map[string]Target{target.Path: target},
		Candidates: []Candidate{{Name: "Add", File: target.Path, Imports: testingImport,
			Code: "func TestAdd(t *testing.T) {}"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if outcomes[0].Passed {
		t.Fatal("TestAdd passed, but the go command never finished")
	}
	if want := "timed out after 500ms: the go command was killed"; !strings.HasPrefix(outcomes[0].Reason, want) {
		t.Errorf("reason = %q, want %q", outcomes[0].Reason, want)
	}

	pid, err := strconv.Atoi(strings.TrimSpace(readFile(t, pidFile)))
	if err != nil {
		t.Fatal(err)
	}
	if !processEnds(pid) {
		t.Errorf("child process %d still runs after the go command was killed", pid)
	}
}

func TestVerifyBrokenPackageFailsAll(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"m.go": mSource + "\nfunc Broken() int { return missing }\n"})
	target := newTarget(dir, "m_test.go", "m")
	outcomes, err := (&Runner{Runs: 1, Logger: debugLogger(t)}).Verify(context.Background(), &Request{
		Dir:         dir,
		TestPkgName: "m",
		Targets:     map[string]Target{target.Path: target},
		Candidates: []Candidate{
			{Name: "Add", File: target.Path, Imports: testingImport, Code: "func TestAdd(t *testing.T) {}"},
			{Name: "Sub", File: target.Path, Imports: testingImport, Code: "func TestSub(t *testing.T) {}"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outcomes {
		if o.Passed {
			t.Errorf("%s passed in a package that does not build", o.Name)
		}
		if !strings.Contains(o.Reason, "errors are outside them") || !strings.Contains(o.Reason, "undefined: missing") {
			t.Errorf("%s reason = %q, want the package's own compile error", o.Name, o.Reason)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
