package llm

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

var errTest = errors.New("test error")

func TestCompletionKeyCoversEveryField(t *testing.T) {
	base := CompletionRequest{System: "s", User: "u", Model: "m", MaxTokens: 10, Temperature: 0}
	edits := map[string]func(*CompletionRequest){
		"system":        func(r *CompletionRequest) { r.System = "s2" },
		"user":          func(r *CompletionRequest) { r.User = "u2" },
		"model":         func(r *CompletionRequest) { r.Model = "m2" },
		"max tokens":    func(r *CompletionRequest) { r.MaxTokens = 11 },
		"temperature":   func(r *CompletionRequest) { r.Temperature = 0.2 },
		"format":        func(r *CompletionRequest) { r.ResponseFormat.Type = FormatJSONObject },
		"schema":        func(r *CompletionRequest) { r.ResponseFormat.Schema = json.RawMessage(`{}`) },
		"field borders": func(r *CompletionRequest) { r.System, r.User = "su", "" },
	}
	key := completionKeyFunc(endpoint{kind: "openai", host: "127.0.0.1:8080"})
	want := key(base)
	if key(base) != want {
		t.Fatal("key of the same request changed")
	}
	for name, edit := range edits {
		r := base
		edit(&r)
		if key(r) == want {
			t.Errorf("changing the %s keeps the key", name)
		}
	}

	other := completionKeyFunc(endpoint{kind: "openai", host: "127.0.0.1:9090"})
	if other(base) == want {
		t.Error("another endpoint host keeps the key")
	}
	if testKey(want) == want {
		t.Error("test key equals the completion key")
	}
}

func TestKeyString(t *testing.T) {
	var k Key
	for i := range k {
		k[i] = byte(i)
	}
	want := "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	if got := k.String(); got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
	if got := (Key{}).String(); got != strings.Repeat("0", 2*sha256.Size) {
		t.Errorf("String() of the zero key = %s, want %d zeros", got, 2*sha256.Size)
	}
}

func TestNewKeyFunc(t *testing.T) {
	key, err := NewKeyFunc("http://127.0.0.1:8080/v1")
	if err != nil {
		t.Fatalf("NewKeyFunc: %v", err)
	}
	base := CompletionRequest{System: "s", User: "prompt", Model: "model-a"}

	same := base
	if key(same) != key(base) {
		t.Error("equal requests have different keys")
	}
	if got := key(base).String(); len(got) != hex.EncodedLen(sha256.Size) {
		t.Errorf("key %s has %d hex digits, want %d", got, len(got), hex.EncodedLen(sha256.Size))
	}

	edits := map[string]func(*CompletionRequest){
		"model":  func(r *CompletionRequest) { r.Model = "model-b" },
		"prompt": func(r *CompletionRequest) { r.User = "another prompt" },
		"system": func(r *CompletionRequest) { r.System = "another system prompt" },
	}
	for name, edit := range edits {
		r := base
		edit(&r)
		if key(r) == key(base) {
			t.Errorf("requests that differ in the %s have the same key", name)
		}
	}

	other, err := NewKeyFunc("http://127.0.0.1:9090/v1")
	if err != nil {
		t.Fatalf("NewKeyFunc: %v", err)
	}
	if other(base) == key(base) {
		t.Error("the same request to another host has the same key")
	}

	// The key is the one NewClient uses for the same endpoint.
	if want := completionKeyFunc(endpoint{kind: "openai", host: "127.0.0.1:8080"})(base); key(base) != want {
		t.Error("NewKeyFunc key differs from the key of NewClient's endpoint")
	}
}

func TestNewKeyFuncInvalidBaseURL(t *testing.T) {
	for _, baseURL := range []string{
		"",
		"127.0.0.1:8080/v1",
		"ftp://127.0.0.1/v1",
		"http://",
		"http://[::1",
		"ftp://user:hunter2@127.0.0.1/v1",
	} {
		key, err := NewKeyFunc(baseURL)
		if err == nil {
			t.Errorf("NewKeyFunc(%q) returned no error", baseURL)
			continue
		}
		if key != nil {
			t.Errorf("NewKeyFunc(%q) returned a KeyFunc with its error", baseURL)
		}
		if !strings.Contains(err.Error(), "invalid base URL") {
			t.Errorf("NewKeyFunc(%q) error = %v, want it to name the invalid base URL", baseURL, err)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("NewKeyFunc(%q) error %q contains the URL's password", baseURL, err)
		}
	}
}

func TestSplitBatches(t *testing.T) {
	reqs := testRequests(10)
	items := make([]pending, len(reqs))
	for i, r := range reqs {
		items[i] = pending{index: i, req: r}
	}

	batches := splitBatches(items, 100, batchLimits{maxFunctions: 4, maxPromptTokens: 1 << 20, maxOutputTokens: 1 << 20})
	if len(batches) != 3 || len(batches[0]) != 4 || len(batches[2]) != 2 {
		t.Errorf("10 functions in batches of 4: got sizes %v", batchSizes(batches))
	}

	perResponse := responseTokens(reqs[0])
	batches = splitBatches(items, 100, batchLimits{maxFunctions: 10, maxPromptTokens: 1 << 20, maxOutputTokens: 3 * perResponse})
	for _, b := range batches {
		if len(b) > 3 {
			t.Errorf("output limit of 3 responses: got sizes %v", batchSizes(batches))
			break
		}
	}

	batches = splitBatches(items, 100, batchLimits{maxFunctions: 10, maxPromptTokens: 1, maxOutputTokens: 1})
	if len(batches) != 10 {
		t.Errorf("limits below one function: got sizes %v, want 10 batches of 1", batchSizes(batches))
	}

	seen := 0
	for _, b := range batches {
		for _, it := range b {
			if it.index != seen {
				t.Fatalf("batches reorder the requests: index %d at position %d", it.index, seen)
			}
			seen++
		}
	}
}

func TestBatchMaxTokens(t *testing.T) {
	reqs := testRequests(8)
	if got := batchMaxTokens(reqs[:1], 4000); got != 4000 {
		t.Errorf("one function: max_tokens %d, want the limit 4000", got)
	}
	two, four := batchMaxTokens(reqs[:2], 1<<20), batchMaxTokens(reqs[:4], 1<<20)
	if four <= two {
		t.Errorf("max_tokens for 4 functions (%d) is not above that for 2 (%d)", four, two)
	}
	if got := batchMaxTokens(reqs, 500); got != 500 {
		t.Errorf("8 functions with limit 500: max_tokens %d, want 500", got)
	}
}

func TestGroupByPackage(t *testing.T) {
	reqs := testRequests(4)
	reqs[1].PkgPath, reqs[1].PkgName, reqs[1].TestPkgName = "example.com/b", "b", "b"
	reqs[3].TestPkgName = "geo" // internal test of geo
	var items []pending
	for i, r := range reqs {
		items = append(items, pending{index: i, req: r})
	}
	groups := groupByPackage(items)
	if got := batchSizes(groups); len(got) != 3 || got[0] != 2 || got[1] != 1 || got[2] != 1 {
		t.Errorf("group sizes %v, want [2 1 1]", got)
	}
}

func batchSizes(batches [][]pending) []int {
	sizes := make([]int, len(batches))
	for i, b := range batches {
		sizes[i] = len(b)
	}
	return sizes
}
