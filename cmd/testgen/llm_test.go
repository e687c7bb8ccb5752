package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-testgen/testgen/llm/llmtest"
)

// calcModule returns the files of a package with files×perFile functions
// of type func(int) int.
func calcModule(files, perFile int) map[string]string {
	m := map[string]string{}
	for f := range files {
		var b strings.Builder
		b.WriteString("package calc\n")
		for i := range perFile {
			fmt.Fprintf(&b, "\n// F%d_%d adds %d.\nfunc F%d_%d(x int) int { return x + %d }\n", f, i, i, f, i, i)
		}
		m[fmt.Sprintf("calc/f%d.go", f)] = b.String()
	}
	return m
}

// functionRx finds each function of a prompt and its test name.
var functionRx = regexp.MustCompile(`(?m)^## (\S+)\nTest name: (\S+)$`)

// answerAll replies to a batch request with a passing test for each
// function it lists.
func answerAll(req *llmtest.Request) llmtest.Reply {
	var entries []llmtest.Entry
	for _, m := range functionRx.FindAllStringSubmatch(req.User, -1) {
		name, test := m[1], m[2]
		entries = append(entries, llmtest.Entry{Name: name, Code: fmt.Sprintf(
			"func %s(t *testing.T) {\n\tif got := %s(1); got < 1 {\n\t\tt.Errorf(\"%s(1) = %%d, want at least 1\", got)\n\t}\n}\n",
			test, name, name)})
	}
	return llmtest.Reply{Content: llmtest.Tests(entries...), PromptTokens: 100, CompletionTokens: 50}
}

// llmEnv returns the environment that points testgen at srv with its own
// cache directory.
func llmEnv(srv *llmtest.Server, cache string) []string {
	return append(os.Environ(),
		"OPENAI_BASE_URL="+srv.URL,
		"OPENAI_API_KEY=sk-test-not-a-real-key",
		"TESTGEN_MODEL=test-model",
		"TESTGEN_CACHE="+cache,
		"GOFLAGS=-mod=mod",
	)
}

// runWithEnv runs testgen with env in dir and returns its output and exit
// code.
func runWithEnv(t *testing.T, dir string, env []string, args ...string) (string, int) {
	t.Helper()
	return runWithEnvCmd(t, dir, env, testgenBin, args...)
}

func TestLLM_batchCacheAndEdit(t *testing.T) {
	srv := llmtest.NewServer(t, answerAll)
	cache := t.TempDir()
	env := llmEnv(srv, cache)
	files := calcModule(8, 5)

	dir := writeModule(t, files)
	out, code := runWithEnv(t, dir, env, "-fix", "-v", "./...")
	if code != exitOK {
		t.Fatalf("testgen -fix: exit code %d:\n%s", code, out)
	}
	// 40 functions in one package: the batch limit of 8 functions per
	// call makes 5 calls, fewer than one per file.
	if n := srv.Calls(); n > 8 {
		t.Errorf("first run made %d calls, want at most one per file (8)", n)
	}
	if !strings.Contains(out, "LLM cache: hits 0, misses 40") {
		t.Errorf("-v does not show the cache statistics:\n%s", out)
	}
	if out, code := runCmd(t, dir, "go", "test", "./..."); code != 0 {
		t.Fatalf("go test after -fix: %s", out)
	}
	if out, _ := runCmd(t, dir, testgenBin, "./..."); strings.Contains(out, "has no test") {
		t.Errorf("functions still reported after -fix:\n%s", out)
	}

	// A second run on the same code is served from the cache.
	calls := srv.Calls()
	dir2 := writeModule(t, calcModule(8, 5))
	if out, code := runWithEnv(t, dir2, env, "-fix", "./..."); code != exitOK {
		t.Fatalf("second run: exit code %d:\n%s", code, out)
	}
	if n := srv.Calls() - calls; n != 0 {
		t.Errorf("second run made %d calls, want 0", n)
	}

	// Editing one function sends that one alone.
	calls = srv.Calls()
	edited := calcModule(8, 5)
	edited["calc/f3.go"] = strings.Replace(edited["calc/f3.go"], "return x + 2", "return x + 2 + 0", 1)
	dir3 := writeModule(t, edited)
	if out, code := runWithEnv(t, dir3, env, "-fix", "./..."); code != exitOK {
		t.Fatalf("run after an edit: exit code %d:\n%s", code, out)
	}
	if n := srv.Calls() - calls; n != 1 {
		t.Errorf("run after editing one function made %d calls, want 1", n)
	}
}

func TestLLM_retryAfter(t *testing.T) {
	limited := llmtest.Reply{Status: 429, Header: map[string]string{"Retry-After": "1"}, ErrorMessage: "rate limited"}
	srv := llmtest.NewServer(t, llmtest.Script(answerAll, limited, limited, limited))
	env := llmEnv(srv, t.TempDir())
	dir := writeModule(t, calcModule(2, 2))

	start := time.Now()
	out, code := runWithEnv(t, dir, env, "-fix", "./...")
	if code != exitOK {
		t.Fatalf("testgen -fix: exit code %d:\n%s", code, out)
	}
	// One batch: its three attempts are answered 429 and wait the second
	// that Retry-After asks for between them.
	if waited := time.Since(start); waited < 2*time.Second {
		t.Errorf("run took %v, want at least the 2 s that Retry-After asked for", waited)
	}
	// The batch fails after its 3 attempts and is asked again one
	// function at a time: 3 + 4 calls at most.
	if n := srv.Calls(); n > 7 {
		t.Errorf("made %d calls, want at most 7", n)
	}
	for f := range 2 {
		got := readFile(t, filepath.Join(dir, "calc", fmt.Sprintf("f%d_test.go", f)))
		if strings.Count(got, "func TestF") != 2 {
			t.Errorf("f%d_test.go lacks its tests:\n%s", f, got)
		}
	}
}

func TestLLM_unauthorized(t *testing.T) {
	srv := llmtest.NewServer(t, func(*llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Status: 401, ErrorMessage: "invalid api key"}
	})
	env := llmEnv(srv, t.TempDir())
	dir := writeModule(t, calcModule(2, 2))
	dir2 := filepath.Join(dir, "more")
	if err := os.MkdirAll(dir2, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir2, "more.go"), []byte("package more\n\n// G is untested.\nfunc G() int { return 1 }\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	out, code := runWithEnv(t, dir, env, "-fix", "./...")
	if code == exitOK {
		t.Errorf("exit code 0 after a 401:\n%s", out)
	}
	if !strings.Contains(out, "OPENAI_API_KEY") {
		t.Errorf("the message does not name OPENAI_API_KEY:\n%s", out)
	}
	if strings.Contains(out, "sk-test-not-a-real-key") {
		t.Errorf("the output shows the API key:\n%s", out)
	}
	if n := srv.Calls(); n != 1 {
		t.Errorf("made %d calls, want 1: a 401 is not retried and ends the run", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "calc", "f0_test.go")); err == nil {
		t.Error("a test file was written after a 401")
	}
}
