package llm_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/go-testgen/testgen/llm"
	"github.com/go-testgen/testgen/llm/llmtest"
)

// failedCode and failedOutput are a generated test and its go test output
// that a repair request sends back.
const (
	failedCode   = "func TestF0(t *testing.T) {\n\tif F0() != 2 {\n\t\tt.Fatal(\"wrong\")\n\t}\n}"
	failedOutput = "--- FAIL: TestF0 (0.00s)\n    f0_test.go:4: wrong\nFAIL"
)

func TestGeneratorRepair(t *testing.T) {
	repaired := testCode("F0")
	var (
		mu    sync.Mutex
		users []string
	)
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		mu.Lock()
		users = append(users, req.User)
		mu.Unlock()
		return llmtest.Reply{Content: llmtest.Tests(llmtest.Entry{Name: "F0", Code: repaired})}
	})
	g := newGenerator(t, testOptions(t, srv))
	req := makeRequest("geo", "F0")

	test, err := g.Repair(t.Context(), req, failedCode, failedOutput)
	if err != nil {
		t.Fatalf("Repair: %v", err)
	}
	if test.Name != "F0" {
		t.Errorf("Name = %q, want F0", test.Name)
	}
	if want := strings.TrimSpace(repaired); test.Code != want {
		t.Errorf("Code =\n%s\nwant the repaired test\n%s", test.Code, want)
	}

	if got := srv.Calls(); got != 1 {
		t.Fatalf("server got %d calls, want 1", got)
	}
	mu.Lock()
	user := users[0]
	mu.Unlock()
	for _, want := range []string{failedCode, failedOutput, req.Source, "failed verification with go test"} {
		if !strings.Contains(user, want) {
			t.Errorf("repair prompt lacks %q:\n%s", want, user)
		}
	}
	if names := requestedNames(t, user); len(names) != 1 || names[0] != "F0" {
		t.Errorf("repair prompt requests %v, want [F0]", names)
	}
}

func TestGeneratorRepairSkipsCache(t *testing.T) {
	srv := llmtest.NewServer(t, respondAll(t))
	g := newGenerator(t, testOptions(t, srv))
	req := makeRequest("geo", "F0")

	// A repair is asked for each time: a cached answer that failed once
	// would fail again.
	for range 2 {
		if _, err := g.Repair(t.Context(), req, failedCode, failedOutput); err != nil {
			t.Fatalf("Repair: %v", err)
		}
	}
	if got := srv.Calls(); got != 2 {
		t.Errorf("server got %d calls for two repairs, want 2", got)
	}
	if s := g.Stats(); s.Hits != 0 || s.Entries != 0 {
		t.Errorf("repairs used the cache: %+v", s)
	}
}

func TestGeneratorRepairCutsLongOutput(t *testing.T) {
	var (
		mu   sync.Mutex
		user string
	)
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		mu.Lock()
		user = req.User
		mu.Unlock()
		return respondAll(t)(req)
	})
	g := newGenerator(t, testOptions(t, srv))
	head := strings.Repeat("x", 100)
	tail := "TAIL-OF-OUTPUT"
	output := head + strings.Repeat("y", 10000) + tail

	if _, err := g.Repair(t.Context(), makeRequest("geo", "F0"), failedCode, output); err != nil {
		t.Fatalf("Repair: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(user, head) {
		t.Error("repair prompt lacks the start of the output")
	}
	if strings.Contains(user, tail) {
		t.Error("repair prompt contains the end of a 10,000-byte output")
	}
	if len(user) > 8000 {
		t.Errorf("repair prompt is %d bytes, want the output cut to about 4,000", len(user))
	}
}

func TestGeneratorRepairNoValidTest(t *testing.T) {
	tests := []struct {
		name    string
		reply   llmtest.Reply
		wantErr string
	}{
		{"no entries", llmtest.Reply{Content: llmtest.Tests()}, "the repair response has no valid test for F0"},
		{"entry for another function", llmtest.Reply{Content: llmtest.Tests(llmtest.Entry{Name: "F1", Code: testCode("F1")})}, "no valid test for F0"},
		{"invalid Go code", llmtest.Reply{Content: llmtest.Tests(llmtest.Entry{Name: "F0", Code: "func TestF0(t *testing.T) {"})}, "no valid test for F0"},
		{"not JSON", llmtest.Reply{Content: "I cannot help with that."}, "no valid test for F0"},
		{"rejected request", llmtest.Reply{Status: 400, ErrorMessage: "bad request"}, "repair request for F0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, func(*llmtest.Request) llmtest.Reply { return tt.reply })
			g := newGenerator(t, testOptions(t, srv))

			test, err := g.Repair(t.Context(), makeRequest("geo", "F0"), failedCode, failedOutput)

			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Repair error = %v, want it to contain %q", err, tt.wantErr)
			}
			if test.Name != "F0" {
				t.Errorf("Name = %q, want F0", test.Name)
			}
			if test.Code != "" {
				t.Errorf("Code = %q, want empty", test.Code)
			}
		})
	}
}

func TestGeneratorRepairTextFormat(t *testing.T) {
	srv := llmtest.NewServer(t, respondAll(t))
	opts := testOptions(t, srv)
	opts.Format = llm.FormatText
	g := newGenerator(t, opts)

	test, err := g.Repair(t.Context(), makeRequest("geo", "F0"), failedCode, failedOutput)
	if err != nil {
		t.Fatalf("Repair: %v", err)
	}
	if want := strings.TrimSpace(testCode("F0")); test.Code != want {
		t.Errorf("Code =\n%s\nwant\n%s", test.Code, want)
	}
	var body struct {
		ResponseFormat *struct{} `json:"response_format"`
	}
	if err := json.Unmarshal(srv.Bodies()[0], &body); err != nil {
		t.Fatalf("request body: %v", err)
	}
	if body.ResponseFormat != nil {
		t.Error("text-format repair request set response_format")
	}
}
