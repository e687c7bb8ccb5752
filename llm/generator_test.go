package llm_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-testgen/testgen/generate"
	"github.com/go-testgen/testgen/llm"
	"github.com/go-testgen/testgen/llm/llmtest"
)

func TestGenerateOneCallPerPackage(t *testing.T) {
	srv := llmtest.NewServer(t, respondAll(t))
	g := newGenerator(t, testOptions(t, srv))
	reqs := makeRequests("geo", 5)

	tests, err := g.Generate(t.Context(), reqs)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	checkTests(t, reqs, tests)
	if got := srv.Calls(); got != 1 {
		t.Errorf("server got %d calls, want 1 for one package of 5 functions", got)
	}

	var body struct {
		MaxTokens      int `json:"max_tokens"`
		ResponseFormat struct {
			Type string `json:"type"`
		} `json:"response_format"`
	}
	if err := json.Unmarshal(srv.Bodies()[0], &body); err != nil {
		t.Fatalf("request body: %v", err)
	}
	if body.ResponseFormat.Type != "json_schema" {
		t.Errorf("response_format type %q, want json_schema", body.ResponseFormat.Type)
	}
	if body.MaxTokens <= 0 || body.MaxTokens > llm.DefaultMaxOutputTokens {
		t.Errorf("max_tokens = %d, want 1 … %d", body.MaxTokens, llm.DefaultMaxOutputTokens)
	}
}

func TestGenerateSecondRunFromCache(t *testing.T) {
	srv := llmtest.NewServer(t, respondAll(t))
	opts := testOptions(t, srv)
	reqs := makeRequests("geo", 5)

	if _, err := newGenerator(t, opts).Generate(t.Context(), reqs); err != nil {
		t.Fatalf("first Generate: %v", err)
	}
	first := srv.Calls()

	g := newGenerator(t, opts)
	tests, err := g.Generate(t.Context(), reqs)
	if err != nil {
		t.Fatalf("second Generate: %v", err)
	}
	checkTests(t, reqs, tests)
	if got := srv.Calls() - first; got != 0 {
		t.Errorf("second run made %d calls, want 0", got)
	}
	stats := g.Stats()
	if stats.Hits != 5 || stats.Misses != 0 {
		t.Errorf("second run: %d hits and %d misses, want 5 and 0", stats.Hits, stats.Misses)
	}
}

func TestGenerateAfterEditingOneFunction(t *testing.T) {
	srv := llmtest.NewServer(t, respondAll(t))
	opts := testOptions(t, srv)
	reqs := makeRequests("geo", 5)
	if _, err := newGenerator(t, opts).Generate(t.Context(), reqs); err != nil {
		t.Fatalf("first Generate: %v", err)
	}
	first := srv.Calls()

	edited := *reqs[2]
	edited.Source = "// F2 returns 2.\nfunc F2() int { return 2 }"
	reqs[2] = &edited
	tests, err := newGenerator(t, opts).Generate(t.Context(), reqs)
	if err != nil {
		t.Fatalf("Generate after the edit: %v", err)
	}
	checkTests(t, reqs, tests)
	if got := srv.Calls() - first; got != 1 {
		t.Fatalf("run after editing one function made %d calls, want 1", got)
	}
	last := srv.Bodies()[srv.Calls()-1]
	if !strings.Contains(string(last), "return 2") || strings.Contains(string(last), "## F0") {
		t.Errorf("the call after the edit did not ask for F2 alone:\n%s", last)
	}
}

func TestGenerateFortyFunctionsInEightPackages(t *testing.T) {
	srv := llmtest.NewServer(t, respondAll(t))
	g := newGenerator(t, testOptions(t, srv))

	for p := range 8 {
		reqs := makeRequests(fmt.Sprintf("pkg%d", p), 5)
		tests, err := g.Generate(t.Context(), reqs)
		if err != nil {
			t.Fatalf("Generate for package %d: %v", p, err)
		}
		checkTests(t, reqs, tests)
	}
	if got := srv.Calls(); got != 8 {
		t.Errorf("server got %d calls for 8 packages of 5 functions, want 8", got)
	}
}

func TestGenerateSplitsLargePackage(t *testing.T) {
	srv := llmtest.NewServer(t, respondAll(t))
	opts := testOptions(t, srv)
	opts.Batch = 8
	g := newGenerator(t, opts)

	// 40 functions of one package, in 8 files, in one Generate call.
	reqs := makeRequests("big", 40)
	tests, err := g.Generate(t.Context(), reqs)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	checkTests(t, reqs, tests)
	if got := srv.Calls(); got != 5 {
		t.Errorf("server got %d calls for 40 functions in batches of 8, want 5", got)
	}
	for i, body := range srv.Bodies() {
		if n := strings.Count(string(body), `## F`); n > 8 {
			t.Errorf("request %d asks for %d functions, want at most 8", i, n)
		}
	}
}

func TestGenerateMaxTokensWithinModelLimit(t *testing.T) {
	srv := llmtest.NewServer(t, respondAll(t))
	opts := testOptions(t, srv)
	opts.MaxOutputTokens = 1200
	g := newGenerator(t, opts)

	reqs := makeRequests("geo", 6)
	for _, r := range reqs {
		r.Source += "\n// " + strings.Repeat("x", 800)
	}
	tests, err := g.Generate(t.Context(), reqs)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	checkTests(t, reqs, tests)
	if srv.Calls() < 2 {
		t.Errorf("server got %d calls, want the batch split by the output limit", srv.Calls())
	}
	for i, body := range srv.Bodies() {
		var b struct {
			MaxTokens int `json:"max_tokens"`
		}
		if err := json.Unmarshal(body, &b); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if b.MaxTokens > 1200 {
			t.Errorf("request %d: max_tokens %d exceeds the model limit 1200", i, b.MaxTokens)
		}
	}
}

func TestGenerateMissingAndExtraNames(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Script(respondAll(t), llmtest.Reply{Content: llmtest.Tests(
		llmtest.Entry{Name: "F0", Code: testCode("F0")},
		llmtest.Entry{Name: "Unrequested", Code: testCode("Unrequested")},
		llmtest.Entry{Name: "F3", Code: testCode("F3")},
	)}))
	g := newGenerator(t, testOptions(t, srv))
	reqs := makeRequests("geo", 5)

	tests, err := g.Generate(t.Context(), reqs)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	checkTests(t, reqs, tests)
	// One batch call, then F1, F2 and F4 on their own.
	if got := srv.Calls(); got != 4 {
		t.Errorf("server got %d calls, want 4", got)
	}
	for _, body := range srv.Bodies()[1:] {
		if n := strings.Count(string(body), "## F"); n != 1 {
			t.Errorf("a retry asks for %d functions, want 1", n)
		}
	}
}

func TestGenerateTruncatedAnswer(t *testing.T) {
	full := llmtest.Tests(
		llmtest.Entry{Name: "F0", Code: testCode("F0")},
		llmtest.Entry{Name: "F1", Code: testCode("F1")},
		llmtest.Entry{Name: "F2", Code: testCode("F2")},
	)
	cut := full[:strings.Index(full, `"F2"`)+10]
	srv := llmtest.NewServer(t, llmtest.Script(respondAll(t), llmtest.Reply{Content: cut, FinishReason: "length"}))
	g := newGenerator(t, testOptions(t, srv))
	reqs := makeRequests("geo", 4)

	tests, err := g.Generate(t.Context(), reqs)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	checkTests(t, reqs, tests)
	// F0 and F1 come from the cut response; F2 and F3 are asked for again.
	if got := srv.Calls(); got != 3 {
		t.Errorf("server got %d calls, want 3", got)
	}
}

func TestGenerateInvalidJSONAnswer(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Script(respondAll(t), llmtest.Reply{Content: "I cannot reply in JSON today."}))
	g := newGenerator(t, testOptions(t, srv))
	reqs := makeRequests("geo", 3)

	tests, err := g.Generate(t.Context(), reqs)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	checkTests(t, reqs, tests)
	if got := srv.Calls(); got != 4 {
		t.Errorf("server got %d calls, want 1 batch and 3 single calls", got)
	}
}

func TestGenerateInvalidGoCode(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Script(respondAll(t), llmtest.Reply{Content: llmtest.Tests(
		llmtest.Entry{Name: "F0", Code: testCode("F0")},
		llmtest.Entry{Name: "F1", Code: "func TestF1(t *testing.T) {"},
	)}))
	g := newGenerator(t, testOptions(t, srv))
	reqs := makeRequests("geo", 2)

	tests, err := g.Generate(t.Context(), reqs)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	checkTests(t, reqs, tests)
	if got := srv.Calls(); got != 2 {
		t.Errorf("server got %d calls, want 2", got)
	}
}

func TestGenerateSingleFailureSetsErr(t *testing.T) {
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		if slices.Contains(requestedNames(t, req.User), "F1") && len(requestedNames(t, req.User)) == 1 {
			return llmtest.Reply{Content: llmtest.Tests()}
		}
		return llmtest.Reply{Content: llmtest.Tests(llmtest.Entry{Name: "F0", Code: testCode("F0")})}
	})
	g := newGenerator(t, testOptions(t, srv))
	reqs := makeRequests("geo", 2)

	tests, err := g.Generate(t.Context(), reqs)
	if err != nil {
		t.Fatalf("Generate with one test generated: %v", err)
	}
	if tests[0].Err != nil || tests[0].Code == "" {
		t.Errorf("test for F0 = %+v, want code", tests[0])
	}
	if tests[1].Err == nil || !strings.Contains(tests[1].Err.Error(), "F1") {
		t.Errorf("test for F1: Err = %v, want an error naming F1", tests[1].Err)
	}
	if got := srv.Calls(); got != 2 {
		t.Errorf("server got %d calls, want 2", got)
	}
}

func TestGenerateUnauthorized(t *testing.T) {
	srv := llmtest.NewServer(t, func(*llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Status: 401, ErrorMessage: "Incorrect API key provided"}
	})
	g := newGenerator(t, testOptions(t, srv))

	tests, err := g.Generate(t.Context(), makeRequests("geo", 3))
	if err == nil {
		t.Fatal("Generate with a rejected key: got nil error")
	}
	if !strings.Contains(err.Error(), "OPENAI_API_KEY") {
		t.Errorf("error %q does not name OPENAI_API_KEY", err)
	}
	if got := srv.Calls(); got != 1 {
		t.Errorf("server got %d calls, want 1", got)
	}
	for _, test := range tests {
		if test.Err == nil {
			t.Errorf("test for %s has no Err", test.Name)
		}
	}
}

func TestGenerateCanceledContext(t *testing.T) {
	srv := llmtest.NewServer(t, respondAll(t))
	g := newGenerator(t, testOptions(t, srv))
	canceled, stop := contextCanceled(t.Context())
	defer stop()

	_, err := g.Generate(canceled, makeRequests("geo", 2))
	if err == nil {
		t.Fatal("Generate with a canceled context: got nil error")
	}
	if got := srv.Calls(); got != 0 {
		t.Errorf("server got %d calls, want 0", got)
	}
}

func TestGenerateFormatFallback(t *testing.T) {
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		if req.ResponseFormat != "" {
			return llmtest.Reply{Status: 400, ErrorMessage: fmt.Sprintf("response_format type %s is not supported", req.ResponseFormat)}
		}
		return respondAll(t)(req)
	})
	g := newGenerator(t, testOptions(t, srv))
	reqs := makeRequests("geo", 3)

	tests, err := g.Generate(t.Context(), reqs)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	checkTests(t, reqs, tests)
	// json_schema and json_object are rejected once each, then plain text.
	if got := srv.Calls(); got != 3 {
		t.Errorf("server got %d calls, want 3", got)
	}

	// The fallback lasts: the next package goes out as plain text at once.
	before := srv.Calls()
	if _, err := g.Generate(t.Context(), makeRequests("other", 2)); err != nil {
		t.Fatalf("second Generate: %v", err)
	}
	if got := srv.Calls() - before; got != 1 {
		t.Errorf("second package made %d calls, want 1", got)
	}
}

func TestGenerateTextFormat(t *testing.T) {
	srv := llmtest.NewServer(t, respondAll(t))
	opts := testOptions(t, srv)
	opts.Format = llm.FormatText
	g := newGenerator(t, opts)
	reqs := makeRequests("geo", 3)

	tests, err := g.Generate(t.Context(), reqs)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	checkTests(t, reqs, tests)
	if got := srv.Calls(); got != 1 {
		t.Errorf("server got %d calls, want 1", got)
	}
	if strings.Contains(string(srv.Bodies()[0]), "response_format") {
		t.Errorf("plain-text request sent response_format:\n%s", srv.Bodies()[0])
	}
}

func TestGenerateConcurrencyLimit(t *testing.T) {
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		reply := respondAll(t)(req)
		reply.Delay = 100 * time.Millisecond
		return reply
	})
	opts := testOptions(t, srv)
	opts.Concurrency = 2
	opts.Batch = 1
	g := newGenerator(t, opts)
	reqs := makeRequests("geo", 8)

	tests, err := g.Generate(t.Context(), reqs)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	checkTests(t, reqs, tests)
	if got := srv.Calls(); got != 8 {
		t.Errorf("server got %d calls, want 8", got)
	}
	if got := srv.MaxInFlight(); got > 2 {
		t.Errorf("server saw %d requests in flight, want at most 2", got)
	}
}

func TestGenerateCacheHoldsNoKey(t *testing.T) {
	srv := llmtest.NewServer(t, respondAll(t))
	opts := testOptions(t, srv)
	g := newGenerator(t, opts)
	if _, err := g.Generate(t.Context(), makeRequests("geo", 3)); err != nil {
		t.Fatalf("Generate: %v", err)
	}

	entries := 0
	err := filepath.WalkDir(opts.CacheDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			// The root is the test's temporary directory.
			if path == opts.CacheDir {
				return nil
			}
			if perm := info.Mode().Perm(); perm != 0o700 {
				t.Errorf("directory %s has mode %v, want 0700", path, perm)
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), "slot-") {
			return nil
		}
		entries++
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("entry %s has mode %v, want 0600", path, perm)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(data), testKey) || strings.Contains(string(data), "Authorization") {
			t.Errorf("entry %s contains the API key or a request header", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if entries != 3 {
		t.Errorf("cache holds %d entries, want 3 (one per function)", entries)
	}
}

func TestGeneratorImplementsInterface(t *testing.T) {
	var _ generate.Generator = (*llm.Generator)(nil)
}
