package llm

import (
	"encoding/json"
	"errors"
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
