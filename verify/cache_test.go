package verify

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// countingGo returns a go command that records each subcommand it runs in
// a log file, and the path of that log.
func countingGo(t *testing.T) (goCmd, log string) {
	t.Helper()
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("the go command is not in PATH: %v", err)
	}
	log = filepath.Join(t.TempDir(), "go.log")
	body := "echo \"$1\" >> " + strconv.Quote(log) + "\nexec " + strconv.Quote(realGo) + " \"$@\""
	return writeScript(t, body), log
}

// goSubcommands returns the go subcommands the log recorded so far.
func goSubcommands(t *testing.T, log string) []string {
	t.Helper()
	data, err := os.ReadFile(log)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(data))
}

func cacheRequest(t *testing.T, dir string) *Request {
	t.Helper()
	target := newTarget(dir, "m_test.go", "m")
	return &Request{
		Dir:         dir,
		TestPkgName: "m",
		Targets:     map[string]Target{target.Path: target},
		Candidates: []Candidate{
			{Name: "Add", File: target.Path, Imports: testingImport,
				Code: "func TestAdd(t *testing.T) {\n\tif Add(1, 1) != 2 {\n\t\tt.Fatal(\"Add(1, 1) != 2\")\n\t}\n}"},
			{Name: "Sub", File: target.Path, Imports: testingImport,
				Code: "func TestSub(t *testing.T) {\n\tt.Fatal(\"always fails\")\n}"},
		},
	}
}

func TestVerifyCacheHit(t *testing.T) {
	t.Parallel()
	goCmd, log := countingGo(t)
	dir := newModule(t, map[string]string{"m.go": mSource})
	cacheDir := filepath.Join(t.TempDir(), "cache")
	r := &Runner{GoCmd: goCmd, CacheDir: cacheDir, Runs: 1, Logger: debugLogger(t)}

	first, err := r.Verify(context.Background(), cacheRequest(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	if !first[0].Passed || first[1].Passed {
		t.Fatalf("first outcomes = %+v, want TestAdd passed and TestSub failed", first)
	}
	if !slices.Contains(goSubcommands(t, log), "test") {
		t.Fatalf("the first Verify ran no go test: %v", goSubcommands(t, log))
	}

	ran := len(goSubcommands(t, log))
	second, err := r.Verify(context.Background(), cacheRequest(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	if got := goSubcommands(t, log)[ran:]; len(got) != 0 {
		t.Errorf("the second Verify ran go %v, want no go command", got)
	}
	if !slices.Equal(first, second) {
		t.Errorf("cached outcomes differ:\nfirst:  %+v\nsecond: %+v", first, second)
	}

	// A new Runner asks for the go version again, but runs no tests.
	ran = len(goSubcommands(t, log))
	fresh := &Runner{GoCmd: goCmd, CacheDir: cacheDir, Runs: 1, Logger: debugLogger(t)}
	if _, err := fresh.Verify(context.Background(), cacheRequest(t, dir)); err != nil {
		t.Fatal(err)
	}
	if got := goSubcommands(t, log)[ran:]; slices.Contains(got, "test") {
		t.Errorf("a new Runner ran go %v with a warm cache, want no go test", got)
	}

	// A change in the package's sources is a miss.
	if err := os.WriteFile(filepath.Join(dir, "extra.go"), []byte("package m\n\nvar Extra = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ran = len(goSubcommands(t, log))
	if _, err := r.Verify(context.Background(), cacheRequest(t, dir)); err != nil {
		t.Fatal(err)
	}
	if got := goSubcommands(t, log)[ran:]; !slices.Contains(got, "test") {
		t.Errorf("Verify after a source change ran go %v, want go test", got)
	}
}

func TestVerifyCacheEntryPermissions(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"m.go": mSource})
	cacheDir := filepath.Join(t.TempDir(), "cache")
	r := &Runner{CacheDir: cacheDir, Runs: 1, Logger: debugLogger(t)}
	if _, err := r.Verify(context.Background(), cacheRequest(t, dir)); err != nil {
		t.Fatal(err)
	}

	entries := cacheEntries(t, cacheDir)
	if len(entries) != 2 {
		t.Fatalf("cache holds %d entries, want 2: %v", len(entries), entries)
	}
	for _, e := range entries {
		fi, err := os.Stat(e)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", e, fi.Mode().Perm())
		}
		di, err := os.Stat(filepath.Dir(e))
		if err != nil {
			t.Fatal(err)
		}
		if di.Mode().Perm() != 0o700 {
			t.Errorf("%s has mode %v, want 0700", filepath.Dir(e), di.Mode().Perm())
		}
	}
}

func TestVerifyCorruptCacheEntryIsMiss(t *testing.T) {
	t.Parallel()
	goCmd, log := countingGo(t)
	dir := newModule(t, map[string]string{"m.go": mSource})
	cacheDir := filepath.Join(t.TempDir(), "cache")
	r := &Runner{GoCmd: goCmd, CacheDir: cacheDir, Runs: 1, Logger: debugLogger(t)}
	first, err := r.Verify(context.Background(), cacheRequest(t, dir))
	if err != nil {
		t.Fatal(err)
	}

	for _, e := range cacheEntries(t, cacheDir) {
		if err := os.WriteFile(e, []byte(`{"key": "trunc`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ran := len(goSubcommands(t, log))
	second, err := r.Verify(context.Background(), cacheRequest(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	if got := goSubcommands(t, log)[ran:]; !slices.Contains(got, "test") {
		t.Errorf("Verify with corrupt entries ran go %v, want go test", got)
	}
	if !slices.Equal(first, second) {
		t.Errorf("outcomes after a corrupt cache differ:\nfirst:  %+v\nsecond: %+v", first, second)
	}
}

// cacheEntries returns the paths of the entries below dir.
func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	return entries
}
