package llm

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/go-testgen/testgen/generate"
	"github.com/go-testgen/testgen/llm/llmtest"
)

// benchRequests returns n requests for small functions of one package,
// the shape of the synthetic module in bench/.
func benchRequests(n int) []*generate.Request {
	reqs := make([]*generate.Request, n)
	for i := range reqs {
		name := fmt.Sprintf("F%d", i)
		reqs[i] = &generate.Request{
			Name:        name,
			TestName:    "Test" + name,
			Signature:   fmt.Sprintf("func %s(x int) int", name),
			Source:      fmt.Sprintf("// %s returns x plus %d.\nfunc %s(x int) int { return x + %d }", name, i, name, i),
			PkgName:     "calc",
			PkgPath:     "example.com/calc",
			TestPkgName: "calc",
		}
	}
	return reqs
}

// benchResponse returns the batch response for reqs.
func benchResponse(reqs []*generate.Request) string {
	entries := make([]llmtest.Entry, len(reqs))
	for i, r := range reqs {
		entries[i] = llmtest.Entry{Name: r.Name, Code: fmt.Sprintf(
			"import \"testing\"\n\nfunc %s(t *testing.T) {\n\tif got := %s(1); got < 1 {\n\t\tt.Errorf(\"%s(1) = %%d\", got)\n\t}\n}\n",
			r.TestName, r.Name, r.Name)}
	}
	return llmtest.Tests(entries...)
}

// BenchmarkUserPrompt measures building the user prompt of a batch of 8.
func BenchmarkUserPrompt(b *testing.B) {
	reqs := benchRequests(8)
	for b.Loop() {
		_ = userPrompt(reqs)
	}
}

// BenchmarkCompletionKey measures hashing a batch request of 8 functions
// into its cache key.
func BenchmarkCompletionKey(b *testing.B) {
	ep, err := parseEndpoint("http://127.0.0.1:8080/v1")
	if err != nil {
		b.Fatal(err)
	}
	key := completionKeyFunc(ep)
	reqs := benchRequests(8)
	req := CompletionRequest{System: systemPrompt(FormatJSONSchema, ""), User: userPrompt(reqs), Model: "bench-model", MaxTokens: 4000}
	b.SetBytes(int64(len(req.System) + len(req.User)))
	for b.Loop() {
		_ = key(req)
	}
}

// BenchmarkParseResponse measures reading a batch response of 8 tests.
func BenchmarkParseResponse(b *testing.B) {
	text := benchResponse(benchRequests(8))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if got := parseResponse(text, FormatJSONSchema, false); len(got) != 8 {
			b.Fatalf("parsed %d entries, want 8", len(got))
		}
	}
}

// BenchmarkCacheGet measures a cache hit: reading, checking and decoding
// one entry file.
func BenchmarkCacheGet(b *testing.B) {
	c, err := OpenCache(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	var k Key
	k[0] = 1
	if err := c.Put(k, []byte(benchResponse(benchRequests(1)))); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, ok := c.Get(k); !ok {
			b.Fatal("cache miss")
		}
	}
}

// BenchmarkCachePut measures storing one entry: a temporary file renamed
// into place.
func BenchmarkCachePut(b *testing.B) {
	c, err := OpenCache(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	payload := []byte(benchResponse(benchRequests(1)))
	var k Key
	for i := 0; b.Loop(); i++ {
		k[0], k[1] = byte(i), byte(i>>8)
		if err := c.Put(k, payload); err != nil {
			b.Fatal(err)
		}
	}
}

// benchNameRx finds each function of a user prompt and its test name.
var benchNameRx = regexp.MustCompile(`(?m)^## (\S+)\nTest name: (\S+)$`)

// BenchmarkGenerateWarm measures Generate for 240 functions that are all
// in the cache: the per-function keys, lookups and checks of a warm run,
// without a call.
func BenchmarkGenerateWarm(b *testing.B) {
	srv := llmtest.NewServer(b, func(req *llmtest.Request) llmtest.Reply {
		var reqs []*generate.Request
		for _, m := range benchNameRx.FindAllStringSubmatch(req.User, -1) {
			reqs = append(reqs, &generate.Request{Name: m[1], TestName: m[2]})
		}
		return llmtest.Reply{Content: benchResponse(reqs)}
	})

	opts := DefaultOptions()
	opts.BaseURL = srv.URL
	opts.APIKey = "sk-bench-not-a-real-key"
	opts.Model = "bench-model"
	opts.CacheDir = b.TempDir()
	client, err := New(opts)
	if err != nil {
		b.Fatal(err)
	}
	g := NewGenerator(client)

	reqs := benchRequests(240)
	if _, err := g.Generate(context.Background(), reqs); err != nil {
		b.Fatal(err)
	}
	calls := srv.Calls()
	for b.Loop() {
		if _, err := g.Generate(context.Background(), reqs); err != nil {
			b.Fatal(err)
		}
	}
	if n := srv.Calls() - calls; n != 0 {
		b.Fatalf("warm runs made %d calls, want 0", n)
	}
}
