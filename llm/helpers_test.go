package llm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-testgen/testgen/generate"
	"github.com/go-testgen/testgen/llm"
	"github.com/go-testgen/testgen/llm/llmtest"
)

// testKey is the API key the tests configure. Only servers on 127.0.0.1
// started by the tests ever receive it.
const testKey = "sk-test-4f9c2a7e1b8d3c6a5e0f"

// testOptions returns options for srv with a fresh cache directory and a
// logger that writes to the test's output.
func testOptions(t *testing.T, srv *llmtest.Server) llm.Options {
	t.Helper()
	opts := llm.DefaultOptions()
	opts.BaseURL = srv.URL
	opts.APIKey = testKey
	opts.Model = "test-model"
	opts.CacheDir = t.TempDir()
	opts.Timeout = 5 * time.Second
	opts.Logger = slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	return opts
}

// newGenerator returns a Generator for opts and fails the test when the
// configuration is rejected.
func newGenerator(t *testing.T, opts llm.Options) *llm.Generator {
	t.Helper()
	c, err := llm.New(opts)
	if err != nil {
		t.Fatalf("llm.New: %v", err)
	}
	return llm.NewGenerator(c)
}

// requestedNames returns the names that a generator's user prompt asks for.
func requestedNames(t testing.TB, user string) []string {
	for line := range strings.Lines(user) {
		if rest, ok := strings.CutPrefix(line, "Requested names: "); ok {
			var names []string
			if err := json.Unmarshal([]byte(rest), &names); err != nil {
				t.Errorf("requested names %q: %v", rest, err)
			}
			return names
		}
	}
	t.Errorf("user prompt lists no requested names:\n%s", user)
	return nil
}

// testName returns the test name of a function or method name.
func testName(name string) string {
	return "Test" + strings.ReplaceAll(name, ".", "_")
}

// testCode returns a valid test for name.
func testCode(name string) string {
	return fmt.Sprintf("import \"testing\"\n\nfunc %s(t *testing.T) {\n\tt.Log(%q)\n}\n", testName(name), name)
}

// respondAll returns a Responder that replies to every requested name with
// testCode, as a JSON batch response or, for a request without
// response_format, in the plain-text delimiter format.
func respondAll(t testing.TB) llmtest.Responder {
	return func(req *llmtest.Request) llmtest.Reply {
		names := requestedNames(t, req.User)
		if req.ResponseFormat == "" {
			var b strings.Builder
			for _, n := range names {
				fmt.Fprintf(&b, "=== TEST %s ===\n```go\n%s```\n", n, testCode(n))
			}
			b.WriteString("=== END ===\n")
			return llmtest.Reply{Content: b.String(), PromptTokens: 100, CompletionTokens: 40}
		}
		entries := make([]llmtest.Entry, len(names))
		for i, n := range names {
			entries[i] = llmtest.Entry{Name: n, Code: testCode(n)}
		}
		return llmtest.Reply{Content: llmtest.Tests(entries...), PromptTokens: 100, CompletionTokens: 40}
	}
}

// makeRequest returns the request for function name of package pkg.
func makeRequest(pkg, name string) *generate.Request {
	return &generate.Request{
		Name:          name,
		TestName:      testName(name),
		Signature:     "func " + name + "() int",
		Source:        "// " + name + " returns 1.\nfunc " + name + "() int { return 1 }",
		Doc:           name + " returns 1.",
		PkgName:       pkg,
		PkgPath:       "example.com/" + pkg,
		TestPkgName:   pkg + "_test",
		ExistingTests: []string{"TestExisting"},
	}
}

// makeRequests returns n requests for functions F0 … F(n-1) of pkg.
func makeRequests(pkg string, n int) []*generate.Request {
	reqs := make([]*generate.Request, n)
	for i := range reqs {
		reqs[i] = makeRequest(pkg, fmt.Sprintf("F%d", i))
	}
	return reqs
}

// checkTests fails the test unless every test was generated with the code
// of testCode.
func checkTests(t *testing.T, reqs []*generate.Request, tests []generate.Test) {
	t.Helper()
	if len(tests) != len(reqs) {
		t.Fatalf("got %d tests for %d requests", len(tests), len(reqs))
	}
	for i, r := range reqs {
		if tests[i].Name != r.Name {
			t.Errorf("test %d: Name = %q, want %q", i, tests[i].Name, r.Name)
		}
		if tests[i].Err != nil {
			t.Errorf("test for %s: %v", r.Name, tests[i].Err)
			continue
		}
		if want := strings.TrimSpace(testCode(r.Name)); tests[i].Code != want {
			t.Errorf("test for %s: Code =\n%s\nwant\n%s", r.Name, tests[i].Code, want)
		}
	}
}

// logBuffer is an io.Writer for a slog handler that tests read afterwards.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// slogTo returns a logger that writes every level to w.
func slogTo(w *logBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// contextCanceled returns a context derived from parent that is already
// canceled.
func contextCanceled(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	cancel()
	return ctx, cancel
}
