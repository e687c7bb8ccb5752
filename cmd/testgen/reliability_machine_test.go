package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-testgen/testgen/llm/llmtest"
)

// TestReliability_editDuringGeneration edits a test file and a source file
// while testgen waits for a slow endpoint. Neither edit is overwritten, the
// two files are reported, and the package whose files did not change gets
// its tests.
func TestReliability_editDuringGeneration(t *testing.T) {
	requests := make(chan struct{}, 10)
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		requests <- struct{}{}
		reply := answerAll(req)
		reply.Delay = 800 * time.Millisecond
		return reply
	})
	files := signalModule()
	dir := writeModule(t, files)

	cmd := exec.Command(testgenBin, "-fix", "-verify-runs=1", "./...")
	cmd.Dir = dir
	cmd.Env = secretEnv(srv, t.TempDir())
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	// The first request shows that the analysis is over.
	select {
	case <-requests:
	case err := <-done:
		t.Fatalf("testgen ended before any request: %v\n%s", err, out.String())
	case <-time.After(30 * time.Second):
		t.Fatal("no request within 30s")
	}
	editedTest := filepath.Join(dir, "p0", "f0_test.go")
	testEdit := files["p0/f0_test.go"] + "\n// Edited during generation.\n"
	if err := os.WriteFile(editedTest, []byte(testEdit), 0o644); err != nil {
		t.Fatal(err)
	}
	editedSource := filepath.Join(dir, "p2", "f0.go")
	sourceEdit := strings.Replace(files["p2/f0.go"], "func F0_1(", "func Renamed(", 1)
	if err := os.WriteFile(editedSource, []byte(sourceEdit), 0o644); err != nil {
		t.Fatal(err)
	}

	var err error
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("testgen did not end within 60s:\n%s", out.String())
	}
	output := out.String()
	t.Logf("testgen -fix: %v\n%s", err, output)

	if code := cmd.ProcessState.ExitCode(); code != exitFailure {
		t.Errorf("exit status %d, want %d", code, exitFailure)
	}
	if got := readFile(t, editedTest); got != testEdit {
		t.Errorf("the edited test file was overwritten:\n%s", got)
	}
	if !strings.Contains(output, editedTest+" changed since it was analyzed; it was not written: run testgen again") {
		t.Errorf("the output does not report the edited test file")
	}
	if _, err := os.Stat(filepath.Join(dir, "p2", "f0_test.go")); err == nil {
		t.Errorf("p2/f0_test.go was written for a source file that changed")
	}
	if !strings.Contains(output, editedSource+" changed since it was analyzed") {
		t.Errorf("the output does not report the edited source file")
	}
	for _, pkg := range []string{"p1", "p3"} {
		got := readFile(t, filepath.Join(dir, pkg, "f0_test.go"))
		if strings.Count(got, "func TestF0_") != 3 {
			t.Errorf("%s/f0_test.go lacks its tests:\n%s", pkg, got)
		}
	}
	checkModuleWhole(t, dir, snapshotFiles(t, dir))
}

// TestReliability_fileSizeLimit writes test files under a file size limit
// (ulimit -f) that the new content exceeds, as on a full disk. The write
// fails with a message naming the file, and the user's files stay as they
// were.
func TestReliability_fileSizeLimit(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("needs bash for ulimit")
	}
	files := calcModule(1, 6)
	files["calc/f0_test.go"] = "package calc\n\nimport \"testing\"\n\nfunc TestExisting(t *testing.T) {}\n"
	dir := writeModule(t, files)
	// A run without the limit puts the package's export data in the build
	// cache, which the limited run then only reads.
	if out, code := runCmd(t, dir, testgenBin, "./..."); code != exitDiagnostics {
		t.Fatalf("testgen: exit status %d:\n%s", code, out)
	}
	before := snapshotFiles(t, dir)

	// The limit is in blocks of 1024 bytes; the new test file is larger.
	// Verification is off, because go test cannot build under the limit.
	out, code := runCmd(t, dir, "bash", "-c", `ulimit -f 1 && exec "$0" -fix -provider=offline -cache=off -verify=false ./...`, testgenBin)
	t.Logf("testgen -fix under ulimit -f 1: exit status %d:\n%s", code, out)

	if code != exitFailure {
		t.Errorf("exit status %d, want %d", code, exitFailure)
	}
	if want := "testgen: writing " + filepath.Join(dir, "calc", "f0_test.go") + ": "; !strings.Contains(out, want) || !strings.Contains(out, "file too large") {
		t.Errorf("the output lacks %q and the cause, file too large", want)
	}
	if after := snapshotFiles(t, dir); !equalSnapshots(before, after) {
		t.Errorf("files changed under the limit")
	}
}

// TestReliability_cacheFaults damages the entries of a filled cache in
// several ways and runs testgen again on it: the damaged entries are misses,
// the run goes on, and the entries are replaced.
func TestReliability_cacheFaults(t *testing.T) {
	srv := llmtest.NewServer(t, answerAll)
	cache := t.TempDir()
	env := secretEnv(srv, cache)
	args := []string{"-fix", "-verify=false", "./..."}

	if out, code := runWithEnv(t, writeModule(t, calcModule(1, 4)), env, args...); code != exitOK {
		t.Fatalf("first run: exit status %d:\n%s", code, out)
	}
	var entries []string
	filepath.WalkDir(filepath.Join(cache, "llm"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			entries = append(entries, path)
		}
		return nil
	})
	if len(entries) != 4 {
		t.Fatalf("cache holds %d entries, want 4", len(entries))
	}
	damages := []struct {
		name   string
		damage func([]byte) []byte
	}{
		{"zero length", func([]byte) []byte { return nil }},
		{"truncated", func(b []byte) []byte { return b[:len(b)/2] }},
		{"corrupt", func(b []byte) []byte { c := bytes.Clone(b); c[len(c)-3] ^= 0x55; return c }},
		{"another version", func(b []byte) []byte { return bytes.Replace(b, []byte("cache-v1 "), []byte("cache-v9 "), 1) }},
	}
	for i, d := range damages {
		data, err := os.ReadFile(entries[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(entries[i], d.damage(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	calls := srv.Calls()
	dir := writeModule(t, calcModule(1, 4))
	out, code := runWithEnv(t, dir, env, append([]string{"-v"}, args...)...)
	if code != exitOK {
		t.Fatalf("run on the damaged cache: exit status %d:\n%s", code, out)
	}
	if !strings.Contains(out, "LLM cache: hits 0, misses 4, entries 4") {
		t.Errorf("the damaged entries were not all misses:\n%s", out)
	}
	if srv.Calls() == calls {
		t.Error("no request was sent for the damaged entries")
	}
	if got := readFile(t, filepath.Join(dir, "calc", "f0_test.go")); strings.Count(got, "func TestF0_") != 4 {
		t.Errorf("f0_test.go lacks its tests:\n%s", got)
	}
	if n := checkCacheWhole(t, cache); n != 4 {
		t.Errorf("cache holds %d entries after the run, want 4", n)
	}
}

// TestReliability_cacheDirFaults runs testgen with a cache directory that is
// missing, one that cannot be created, and one where no entry can be
// written.
func TestReliability_cacheDirFaults(t *testing.T) {
	srv := llmtest.NewServer(t, answerAll)
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	// An "llm" file where the entries' directory belongs: every Put fails.
	unwritable := t.TempDir()
	if err := os.WriteFile(filepath.Join(unwritable, "llm"), nil, 0o600); err != nil {
		t.Fatal(err)
	}

	t.Run("missing", func(t *testing.T) {
		cache := filepath.Join(t.TempDir(), "a", "b")
		dir := writeModule(t, calcModule(1, 2))
		if out, code := runWithEnv(t, dir, secretEnv(srv, cache), "-fix", "-verify=false", "./..."); code != exitOK {
			t.Fatalf("exit status %d:\n%s", code, out)
		}
		info, err := os.Stat(cache)
		if err != nil {
			t.Fatalf("cache directory not created: %v", err)
		}
		if info.Mode().Perm() != 0o700 {
			t.Errorf("cache directory mode %v, want 0700", info.Mode().Perm())
		}
		checkCacheWhole(t, cache)
	})

	t.Run("cannot be created", func(t *testing.T) {
		dir := writeModule(t, calcModule(1, 2))
		before := snapshotFiles(t, dir)
		out, code := runWithEnv(t, dir, secretEnv(srv, filepath.Join(blocker, "cache")), "-fix", "-verify=false", "./...")
		if code != exitFailure {
			t.Errorf("exit status %d, want %d:\n%s", code, exitFailure, out)
		}
		if !strings.Contains(out, "cannot create cache directory") || !strings.Contains(out, "set TESTGEN_CACHE to a writable directory or to off") {
			t.Errorf("the output does not say what to do:\n%s", out)
		}
		if after := snapshotFiles(t, dir); !equalSnapshots(before, after) {
			t.Error("files changed")
		}
	})

	t.Run("entries cannot be written", func(t *testing.T) {
		dir := writeModule(t, calcModule(1, 2))
		out, code := runWithEnv(t, dir, secretEnv(srv, unwritable), "-fix", "-verify=false", "./...")
		if code != exitOK {
			t.Fatalf("exit status %d:\n%s", code, out)
		}
		if !strings.Contains(out, "cannot store test in the cache") {
			t.Errorf("the output does not warn that the cache was not written:\n%s", out)
		}
		if got := readFile(t, filepath.Join(dir, "calc", "f0_test.go")); strings.Count(got, "func TestF0_") != 2 {
			t.Errorf("f0_test.go lacks its tests:\n%s", got)
		}
	})
}

// TestReliability_eightProcessesShareCache runs 8 testgen processes at once
// on copies of one module with one cache directory, so they write the same
// keys at the same time.
func TestReliability_eightProcessesShareCache(t *testing.T) {
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		reply := answerAll(req)
		reply.Delay = 50 * time.Millisecond
		return reply
	})
	cache := t.TempDir()
	env := secretEnv(srv, cache)

	var wg sync.WaitGroup
	for range 8 {
		dir := writeModule(t, calcModule(2, 3))
		wg.Go(func() {
			cmd := exec.Command(testgenBin, "-fix", "-verify=false", "-concurrency=3", "-batch=2", "./...")
			cmd.Dir = dir
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("testgen -fix: %v\n%s", err, out)
				return
			}
			for f := range 2 {
				path := filepath.Join(dir, "calc", "f"+string(rune('0'+f))+"_test.go")
				got, err := os.ReadFile(path)
				if err != nil || strings.Count(string(got), "func TestF") != 3 {
					t.Errorf("%s lacks its tests: %v\n%s", path, err, got)
				}
			}
		})
	}
	wg.Wait()

	if n := srv.MaxInFlight(); n > 3 {
		t.Errorf("%d requests in flight from 8 processes, want at most 3", n)
	}
	if n := checkCacheWhole(t, cache); n != 6 {
		t.Errorf("cache holds %d entries, want one per function (6)", n)
	}
}
