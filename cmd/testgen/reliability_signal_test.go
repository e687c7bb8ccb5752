package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/go-testgen/testgen/llm/llmtest"
)

// signalModule returns a module of four packages with three functions
// each. p0 and p1 have a test file already, p2 and p3 have none.
func signalModule() map[string]string {
	files := map[string]string{}
	for p := range 4 {
		pkg := fmt.Sprintf("p%d", p)
		src := strings.Replace(calcModule(1, 3)["calc/f0.go"], "package calc", "package "+pkg, 1)
		files[pkg+"/f0.go"] = src
		if p < 2 {
			files[pkg+"/f0_test.go"] = existingTestFile(pkg)
		}
	}
	return files
}

func existingTestFile(pkg string) string {
	return "package " + pkg + "\n\nimport \"testing\"\n\nfunc TestExisting(t *testing.T) {}\n"
}

// checkModuleWhole checks that every .go file below dir parses, that each
// test file is either as before or holds all three new tests, and that no
// temporary file of testgen is left.
func checkModuleWhole(t *testing.T, dir string, before map[string]string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		if strings.HasPrefix(name, ".testgen-") {
			t.Errorf("temporary file %s was left", path)
		}
		if !strings.HasSuffix(name, ".go") {
			return nil
		}
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if _, err := parser.ParseFile(token.NewFileSet(), path, content, parser.SkipObjectResolution); err != nil {
			t.Errorf("%s does not parse: %v\n%s", path, err, content)
		}
		if !strings.HasSuffix(name, "_test.go") || string(content) == before[path] {
			return nil
		}
		for _, test := range []string{"TestF0_0", "TestF0_1", "TestF0_2"} {
			if !strings.Contains(string(content), "func "+test+"(") {
				t.Errorf("%s is neither the original nor the complete new version: it lacks %s\n%s", path, test, content)
			}
		}
		if orig, ok := before[path]; ok && !strings.Contains(string(content), "func TestExisting(") {
			t.Errorf("%s lost its test:\nbefore:\n%s\nafter:\n%s", path, orig, content)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkCacheWhole checks that every entry of the cache in dir reads back
// valid, that no temporary file is left, and the modes: 0700 for
// directories and 0600 for files. It returns the number of entries.
func checkCacheWhole(t *testing.T, dir string) int {
	t.Helper()
	entries := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			if perm := info.Mode().Perm(); perm != 0o700 && path != dir {
				t.Errorf("cache directory %s has mode %v, want 0700", rel, perm)
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".tmp-") {
			t.Errorf("temporary cache file %s was left", rel)
			return nil
		}
		if strings.HasPrefix(rel, "slots"+string(filepath.Separator)) {
			return nil // the lock files of the concurrency limit
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("cache file %s has mode %v, want 0600", rel, perm)
		}
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		entries++
		switch {
		case strings.HasPrefix(rel, "llm"+string(filepath.Separator)):
			if err := checkLLMEntry(content); err != nil {
				t.Errorf("cache entry %s: %v", rel, err)
			}
		case strings.HasPrefix(rel, "verify"+string(filepath.Separator)):
			var e struct{ Key string }
			if err := json.Unmarshal(content, &e); err != nil || e.Key+".json" != d.Name() {
				t.Errorf("verification cache entry %s is invalid: %v\n%s", rel, err, content)
			}
		default:
			t.Errorf("unexpected file %s in the cache", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// checkLLMEntry checks an LLM cache entry: the line "testgen-llm-cache-v1
// <sha256 of the payload> <payload size>", then the payload, a JSON value.
func checkLLMEntry(content []byte) error {
	header, payload, ok := bytes.Cut(content, []byte("\n"))
	if !ok {
		return fmt.Errorf("no header line")
	}
	fields := strings.Fields(string(header))
	if len(fields) != 3 || fields[0] != "testgen-llm-cache-v1" {
		return fmt.Errorf("invalid header %q", header)
	}
	sum := sha256.Sum256(payload)
	if fields[1] != hex.EncodeToString(sum[:]) {
		return fmt.Errorf("checksum does not match the payload")
	}
	if size, err := strconv.Atoi(fields[2]); err != nil || size != len(payload) {
		return fmt.Errorf("size %s does not match the payload of %d bytes", fields[2], len(payload))
	}
	if !json.Valid(payload) {
		return fmt.Errorf("payload is not JSON: %q", payload)
	}
	return nil
}

// TestReliability_interrupt sends SIGINT to testgen -fix at several moments
// of a run against a slow endpoint: while loading, generating, verifying and
// writing. Every file of the module stays whole, no temporary file is
// left, and the cache holds only whole entries.
func TestReliability_interrupt(t *testing.T) {
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		reply := answerAll(req)
		reply.Delay = 250 * time.Millisecond
		return reply
	})

	moments := []time.Duration{50 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond,
		time.Second, 1500 * time.Millisecond, 2 * time.Second, 3 * time.Second}
	var interrupted atomic.Int32
	t.Run("moments", func(t *testing.T) {
		for _, moment := range moments {
			t.Run(moment.String(), func(t *testing.T) {
				t.Parallel()
				if interruptRun(t, srv, moment) {
					interrupted.Add(1)
				}
			})
		}
	})
	// The runs take longer than 1s, so at least the first four moments
	// come before the end of their run.
	if n := interrupted.Load(); n < 4 {
		t.Errorf("%d of %d runs were interrupted, want at least 4", n, len(moments))
	}
}

// interruptRun runs testgen -fix on a new module, sends SIGINT after
// moment, checks the result, and reports whether the signal came before
// the end of the run.
func interruptRun(t *testing.T, srv *llmtest.Server, moment time.Duration) bool {
	dir := writeModule(t, signalModule())
	before := snapshotFiles(t, dir)
	cache := t.TempDir()
	tmp := t.TempDir()

	cmd := exec.Command(testgenBin, "-fix", "-concurrency=1", "-verify-runs=1", "./...")
	cmd.Dir = dir
	cmd.Env = append(secretEnv(srv, cache), "TMPDIR="+tmp)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	// Ctrl-C in a terminal interrupts the foreground process group:
	// testgen and the go commands it runs in its own group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	var err error
	signaled := false
	select {
	case err = <-done:
	case <-time.After(moment):
		// ESRCH: the run ended just before the signal.
		serr := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		if serr != nil && serr != syscall.ESRCH {
			t.Fatal(serr)
		}
		signaled = serr == nil
		select {
		case err = <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("testgen did not end within 30s of SIGINT:\n%s", out.String())
		}
	}
	code := cmd.ProcessState.ExitCode()
	t.Logf("SIGINT after %v: exit status %d (%v):\n%s", moment, code, err, out.String())

	if signaled && code == exitOK {
		// The signal may land after the last write, when there is nothing
		// left to stop; then every file must be complete.
		for _, p := range []string{"p0", "p1", "p2", "p3"} {
			if _, err := os.Stat(filepath.Join(dir, p, "f0_test.go")); err != nil {
				t.Errorf("exit status 0 after SIGINT, but %s/f0_test.go is missing", p)
			}
		}
	}
	if !signaled && code != exitOK {
		t.Errorf("exit status %d of a run that ended before the signal", code)
	}
	if signaled && code != exitOK && !strings.Contains(out.String(), "interrupted") && !strings.Contains(out.String(), "context canceled") {
		t.Errorf("the output does not say that the run was interrupted")
	}
	if strings.Contains(out.String(), secretKey) {
		t.Errorf("the output shows the API key")
	}

	checkModuleWhole(t, dir, before)
	checkCacheWhole(t, cache)
	// NOTE: the go command leaves its go-build* work directory in TMPDIR
	// when SIGINT ends it, as it does outside testgen, so only testgen's
	// own temporary directories are checked.
	if left, _ := filepath.Glob(filepath.Join(tmp, "testgen-*")); len(left) > 0 {
		t.Errorf("temporary directories left in TMPDIR: %v", left)
	}
	return signaled && code != exitOK
}
