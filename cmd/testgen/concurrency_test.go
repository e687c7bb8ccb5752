package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-testgen/testgen/llm/llmtest"
)

// TestVetFix_concurrencyAcrossProcesses runs go vet -fix, which starts one
// testgen process per package, against one slow server and one cache
// directory, and checks that -testgen.concurrency holds across the
// processes and that every cache entry reads back.
func TestVetFix_concurrencyAcrossProcesses(t *testing.T) {
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		reply := answerAll(req)
		reply.Delay = 300 * time.Millisecond
		return reply
	})
	cache := t.TempDir()

	files := map[string]string{}
	for p := range 6 {
		name := fmt.Sprintf("p%d", p)
		files[name+"/"+name+".go"] = fmt.Sprintf("package %s\n\n// F%d_0 adds one.\nfunc F%d_0(x int) int { return x + 1 }\n", name, p, p)
		files[name+"/"+name+"_test.go"] = fmt.Sprintf("package %s\n\nimport \"testing\"\n\nfunc TestNothing(t *testing.T) {}\n", name)
	}
	dir := writeModule(t, files)

	cmd := []string{"vet", "-vettool=" + testgenBin, "-testgen.concurrency=2", "-testgen.verify=false", "-fix", "./..."}
	out, code := runWithEnvCmd(t, dir, llmEnv(srv, cache), "go", cmd...)
	if code != 0 {
		t.Fatalf("go vet -fix: exit code %d:\n%s", code, out)
	}
	if n := srv.MaxInFlight(); n > 2 {
		t.Errorf("the server had %d requests in flight, want at most 2", n)
	}
	if n := srv.Calls(); n != 6 {
		t.Errorf("the server got %d calls, want one per package (6)", n)
	}
	for p := range 6 {
		got := readFile(t, filepath.Join(dir, fmt.Sprintf("p%d", p), fmt.Sprintf("p%d_test.go", p)))
		if !strings.Contains(got, fmt.Sprintf("func TestF%d_0(", p)) {
			t.Errorf("p%d_test.go lacks its test:\n%s", p, got)
		}
	}

	// A second run reads every test back from the cache: no entry is torn.
	dir2 := writeModule(t, files)
	calls := srv.Calls()
	if out, code := runWithEnvCmd(t, dir2, llmEnv(srv, cache), "go", cmd...); code != 0 {
		t.Fatalf("second go vet -fix: exit code %d:\n%s", code, out)
	}
	if n := srv.Calls() - calls; n != 0 {
		t.Errorf("the second run made %d calls, want 0: some cache entries did not read back", n)
	}
	entries := 0
	err := filepath.WalkDir(cache, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasPrefix(d.Name(), ".") {
			t.Errorf("temporary file left in the cache: %s", path)
		}
		if err == nil && !d.IsDir() {
			entries++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if entries == 0 {
		t.Error("the cache directory is empty")
	}
}

// runWithEnvCmd runs name with env in dir and returns its output and exit
// code.
func runWithEnvCmd(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}
