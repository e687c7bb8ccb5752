package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-testgen/testgen/llm/llmtest"
)

const mixedSrc = `package mixed

// Good gets a passing test.
func Good(x int) int { return x * 2 }

// Broken gets a test that does not compile, then a repaired one.
func Broken(x int) int { return x + 1 }

// Wrong gets a failing test, and its repair fails too.
func Wrong(x int) int { return x - 1 }

// Flaky is answered with a test that fails on its second run.
func Flaky() int { return 7 }

// Taken is answered with a test named like an existing one.
func Taken() string { return "taken" }
`

const mixedExisting = `package mixed

import "testing"

func TestExisting(t *testing.T) {}
`

// mixedAnswers scripts the answers for the mixed package: first answers
// by function, and repairs.
var mixedAnswers = map[string]string{
	"Good":   "func TestGood(t *testing.T) {\n\tif Good(2) != 4 {\n\t\tt.Fatal(\"Good(2) != 4\")\n\t}\n}",
	"Broken": "func TestBroken(t *testing.T) {\n\tif Broken(1) != undefinedValue {\n\t\tt.Fatal(\"wrong\")\n\t}\n}",
	"Wrong":  "func TestWrong(t *testing.T) {\n\tif Wrong(1) != 1 {\n\t\tt.Fatalf(\"Wrong(1) = %d, want 1\", Wrong(1))\n\t}\n}",
	"Flaky":  "var flakyRuns int\n\nfunc TestFlaky(t *testing.T) {\n\tflakyRuns++\n\tif flakyRuns == 2 {\n\t\tt.Fatal(\"second run\")\n\t}\n\t_ = Flaky()\n}",
	"Taken":  "func TestExisting(t *testing.T) {\n\tif Taken() != \"taken\" {\n\t\tt.Fatal(\"wrong\")\n\t}\n}",
}

var mixedRepairs = map[string]string{
	"Broken": "func TestBroken(t *testing.T) {\n\tif Broken(1) != 2 {\n\t\tt.Fatal(\"Broken(1) != 2\")\n\t}\n}",
	"Wrong":  "func TestWrong(t *testing.T) {\n\tif Wrong(1) != 5 {\n\t\tt.Fatal(\"still wrong\")\n\t}\n}",
	"Flaky":  "func TestFlaky(t *testing.T) {\n\tif Flaky() != 7 {\n\t\tt.Fatal(\"Flaky() != 7\")\n\t}\n}",
}

// mixedServer answers the mixed package's requests and records the
// repair requests by function.
type mixedServer struct {
	mu      sync.Mutex
	repairs map[string]string // function → the prompt of its repair request
}

func (m *mixedServer) respond(req *llmtest.Request) llmtest.Reply {
	var entries []llmtest.Entry
	isRepair := strings.Contains(req.User, "failed verification")
	for _, match := range functionRx.FindAllStringSubmatch(req.User, -1) {
		name := match[1]
		code := mixedAnswers[name]
		if isRepair {
			m.mu.Lock()
			m.repairs[name] = req.User
			m.mu.Unlock()
			code = mixedRepairs[name]
		}
		entries = append(entries, llmtest.Entry{Name: name, Code: code})
	}
	return llmtest.Reply{Content: llmtest.Tests(entries...)}
}

func TestVerify_dropsAndRepairs(t *testing.T) {
	m := &mixedServer{repairs: map[string]string{}}
	srv := llmtest.NewServer(t, m.respond)
	env := llmEnv(srv, t.TempDir())
	dir := writeModule(t, map[string]string{
		"mixed/mixed.go":      mixedSrc,
		"mixed/mixed_test.go": mixedExisting,
	})

	out, code := runWithEnv(t, dir, env, "-fix", "./...")
	if code != exitOK {
		t.Fatalf("testgen -fix: exit code %d:\n%s", code, out)
	}
	got := readFile(t, filepath.Join(dir, "mixed", "mixed_test.go"))

	// Written: the good test, the colliding one under a new name, and the
	// repaired ones that passed.
	for _, want := range []string{"func TestGood(", "func TestExisting2(", "func TestBroken(", "Broken(1) != 2"} {
		if !strings.Contains(got, want) {
			t.Errorf("mixed_test.go lacks %q:\n%s", want, got)
		}
	}
	// Dropped: the test whose repair failed too.
	if strings.Contains(got, "func TestWrong(") {
		t.Errorf("the failing test was written:\n%s", got)
	}

	// The failed tests went back to the server once, with their output.
	if !strings.Contains(m.repairs["Broken"], "undefinedValue") {
		t.Errorf("the repair request for Broken lacks the compiler output:\n%s", m.repairs["Broken"])
	}
	if !strings.Contains(m.repairs["Wrong"], "Wrong(1) = 0, want 1") {
		t.Errorf("the repair request for Wrong lacks the test output:\n%s", m.repairs["Wrong"])
	}
	if _, ok := m.repairs["Good"]; ok {
		t.Error("the passing test was sent for repair")
	}
	if _, ok := m.repairs["Flaky"]; !ok {
		t.Error("the flaky test was not sent for repair")
	}

	if out, code := runCmd(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet: %s", out)
	}
	if out, code := runCmd(t, dir, "go", "test", "-count=1", "./..."); code != 0 {
		t.Errorf("go test: %s", out)
	}
	if !strings.Contains(out, "exported function Wrong has no test; the generated test failed verification") {
		t.Errorf("the output does not say why Wrong has no test:\n%s", out)
	}
}

func TestVerify_jsonListsDropped(t *testing.T) {
	m := &mixedServer{repairs: map[string]string{}}
	srv := llmtest.NewServer(t, m.respond)
	env := llmEnv(srv, t.TempDir())
	env = append(env, "TESTGEN_CACHE=off")
	dir := writeModule(t, map[string]string{
		"mixed/mixed.go":      mixedSrc,
		"mixed/mixed_test.go": mixedExisting,
	})
	out, code := runWithEnv(t, dir, append(env, "GOFLAGS=-mod=mod"), "-json", "-repairs=0", "./...")
	if code != exitOK {
		t.Fatalf("testgen -json: exit code %d:\n%s", code, out)
	}
	start := strings.Index(out, "{")
	var tree map[string]map[string][]struct {
		Message string `json:"message"`
	}
	if err := json.Unmarshal([]byte(out[start:]), &tree); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	dropped := map[string]bool{}
	// The unit of a package with internal tests is named "p [p.test]".
	for _, d := range tree["example.com/m/mixed [example.com/m/mixed.test]"]["testgen"] {
		if strings.Contains(d.Message, "failed verification") {
			name := strings.Fields(d.Message)[2]
			dropped[name] = true
		}
	}
	for _, name := range []string{"Broken", "Wrong", "Flaky"} {
		if !dropped[name] {
			t.Errorf("-json does not list %s as dropped: %v", name, dropped)
		}
	}
	if dropped["Good"] {
		t.Error("-json lists Good as dropped")
	}
}

func TestVerify_allFailLeavesFilesUnchanged(t *testing.T) {
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		var entries []llmtest.Entry
		for _, m := range functionRx.FindAllStringSubmatch(req.User, -1) {
			entries = append(entries, llmtest.Entry{Name: m[1], Code: "func " + m[2] + "(t *testing.T) {\n\tt.Fatal(\"always fails\")\n}"})
		}
		return llmtest.Reply{Content: llmtest.Tests(entries...)}
	})
	env := llmEnv(srv, t.TempDir())
	files := map[string]string{
		"mixed/mixed.go":      mixedSrc,
		"mixed/mixed_test.go": mixedExisting,
		"other/other.go":      "package other\n\n// H is untested.\nfunc H() int { return 1 }\n",
	}
	dir := writeModule(t, files)
	before := snapshotFiles(t, dir)

	out, _ := runWithEnv(t, dir, env, "-fix", "./...")
	if after := snapshotFiles(t, dir); !equalSnapshots(before, after) {
		t.Errorf("files changed although every candidate failed:\n%s", out)
	}
}

// snapshotFiles returns the content of every file below dir.
func snapshotFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		files[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func equalSnapshots(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
