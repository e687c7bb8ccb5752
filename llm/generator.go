package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	openai "github.com/sashabaranov/go-openai"

	"github.com/go-testgen/testgen/generate"
)

// formatOrder lists the response formats from the most to the least
// structured; the Generator moves down it when an endpoint rejects
// response_format.
var formatOrder = []FormatType{FormatJSONSchema, FormatJSONObject, FormatText}

// A Generator writes tests with a language model through a Client. It
// implements generate.Generator and is safe for concurrent use.
//
// Generate first looks up each function in the cache under its own key,
// the key of the request for that function alone. It sends the functions
// that missed in batches of one package each and stores each test of a
// response under its function's key. A function that a response left out,
// cut off or returned as invalid Go code is sent again in a request of its
// own. So a run after editing one function sends one request for that
// function.
//
// The Generator sends its requests below the Client's cache layer, because
// it caches tests per function and the same batch is rarely requested
// twice.
type Generator struct {
	client *Client
	opts   Options

	// formatLevel indexes formatOrder: the format sent now.
	formatLevel atomic.Int32
	startLevel  int32
}

var _ generate.Generator = (*Generator)(nil)

// NewGenerator returns a Generator that sends its requests through c, with
// the model, batch limits, response format and style hint of c's options.
func NewGenerator(c *Client) *Generator {
	g := &Generator{client: c, opts: c.opts}
	g.startLevel = int32(slices.Index(formatOrder, c.opts.Format))
	g.formatLevel.Store(g.startLevel)
	return g
}

// Stats returns the statistics of the Generator's client.
func (g *Generator) Stats() Stats { return g.client.Stats() }

// Generate returns one test per request, in request order. A test that
// could not be generated has its Err set. Generate returns an error as well
// when no test at all could be generated, for example when the context
// ended or the endpoint rejected the API key.
func (g *Generator) Generate(ctx context.Context, reqs []*generate.Request) ([]generate.Test, error) {
	tests := make([]generate.Test, len(reqs))
	var todo []pending
	for i, r := range reqs {
		tests[i].Name = r.Name
		if code, ok := g.lookup(r); ok {
			tests[i].Code = code
			continue
		}
		todo = append(todo, pending{index: i, req: r})
	}

	limits := batchLimits{
		maxFunctions:    g.opts.Batch,
		maxPromptTokens: g.opts.MaxPromptTokens,
		maxOutputTokens: g.opts.MaxOutputTokens,
	}
	system := estimateTokens(systemPrompt(formatOrder[g.startLevel], g.opts.StyleHint))

	var wg sync.WaitGroup
	for _, group := range groupByPackage(todo) {
		base := system + estimateTokens(packageHeader(group[0].req))
		for _, batch := range splitBatches(group, base, limits) {
			wg.Go(func() { g.runBatch(ctx, batch, tests, &wg) })
		}
	}
	wg.Wait()

	return tests, generateError(tests)
}

// generateError returns an error when tests is not empty and no test in it
// was generated.
func generateError(tests []generate.Test) error {
	var first error
	for _, t := range tests {
		if t.Err == nil {
			return nil
		}
		if first == nil {
			first = t.Err
		}
	}
	if first == nil {
		return nil
	}
	if len(tests) == 1 {
		return fmt.Errorf("no test generated: %w", first)
	}
	return fmt.Errorf("no test generated for %d functions: %w", len(tests), first)
}

// runBatch sends one request for batch and fills in tests. It sends each
// function that the response lacks again on its own, in a goroutine of wg.
// A function that fails on its own gets the reason in its Err.
func (g *Generator) runBatch(ctx context.Context, batch []pending, tests []generate.Test, wg *sync.WaitGroup) {
	reqs := make([]*generate.Request, len(batch))
	for i, it := range batch {
		reqs[i] = it.req
	}

	result, err := g.call(ctx, reqs)
	if err != nil {
		// A batch that failed after its retries for a reason that can pass
		// is asked again one function at a time, so that the work is not
		// lost; a rejected key or an ended context fails every function.
		if len(batch) > 1 && canSucceedLater(ctx, err) {
			g.opts.Logger.Info("asking again one function at a time after a failed batch",
				"package", reqs[0].PkgPath, "functions", len(batch), "error", err)
			for _, it := range batch {
				wg.Go(func() { g.runBatch(ctx, []pending{it}, tests, wg) })
			}
			return
		}
		for _, it := range batch {
			tests[it.index].Err = err
		}
		g.opts.Logger.Debug("completion failed", "functions", len(batch), "package", reqs[0].PkgPath, "error", err)
		return
	}

	var missing []pending
	for _, it := range batch {
		name := it.req.Name
		if code, ok := result.found[name]; ok {
			tests[it.index].Code = code
			g.store(it.req, code)
			continue
		}
		if len(batch) > 1 {
			missing = append(missing, it)
			continue
		}
		tests[it.index].Err = fmt.Errorf("no valid test for %s in the response: %s", name, result.reason(name))
		g.opts.Logger.Info("dropped test", "package", it.req.PkgPath, "function", name, "reason", result.reason(name))
	}

	if len(missing) > 0 {
		names := make([]string, len(missing))
		for i, m := range missing {
			names[i] = m.req.Name
		}
		g.opts.Logger.Info("asking again for functions missing from a batch response",
			"package", reqs[0].PkgPath, "functions", names, "truncated", result.truncated)
		for _, m := range missing {
			wg.Go(func() { g.runBatch(ctx, []pending{m}, tests, wg) })
		}
	}
}

// A batchResult is the usable part of the response to one request.
type batchResult struct {
	found     map[string]string // requested name → code
	invalid   map[string]string // requested name → why its code was rejected
	truncated bool              // max_tokens cut the response
	maxTokens int
}

// reason returns why the response has no test for name.
func (a batchResult) reason(name string) string {
	var why string
	if r, ok := a.invalid[name]; ok {
		why = r
	} else {
		why = "missing from the response"
	}
	if a.truncated {
		why += fmt.Sprintf(" (the response was cut off at max_tokens %d; raise the output token limit)", a.maxTokens)
	}
	return why
}

// call sends one request for reqs and returns the tests in the response. When
// the endpoint rejects the response format, it moves down formatOrder for
// this and every later request, and sends again.
func (g *Generator) call(ctx context.Context, reqs []*generate.Request) (batchResult, error) {
	for {
		level := g.formatLevel.Load()
		format := formatOrder[level]
		creq := g.request(reqs, format)
		resp, err := g.client.uncached.Complete(ctx, creq)
		if err != nil {
			if format != FormatText && formatRejected(err) {
				if g.formatLevel.CompareAndSwap(level, level+1) {
					g.opts.Logger.Info("endpoint rejected the response format; falling back",
						"from", format, "to", formatOrder[level+1], "error", err)
				}
				continue
			}
			return batchResult{}, err
		}

		result := batchResult{truncated: resp.FinishReason == "length", maxTokens: creq.MaxTokens}
		result.found, result.invalid = matchEntries(parseResponse(resp.Text, format, result.truncated), reqs, g.opts.Logger)
		return result, nil
	}
}

// matchEntries returns the code of each requested name in entries, after
// extracting it from markdown fences and checking that it parses. Entries
// for names that were not requested are ignored, and only the first entry
// of a name counts.
func matchEntries(entries []responseEntry, reqs []*generate.Request, logger *slog.Logger) (found, invalid map[string]string) {
	requested := make(map[string]string, len(reqs)) // normalized → requested
	for _, r := range reqs {
		requested[r.Name] = r.Name
		requested[normalizeName(r.Name)] = r.Name
	}

	found = make(map[string]string)
	invalid = make(map[string]string)
	for _, e := range entries {
		name, ok := requested[e.Name]
		if !ok {
			name, ok = requested[normalizeName(e.Name)]
		}
		if !ok {
			logger.Debug("ignored test for a function that was not requested", "name", e.Name)
			continue
		}
		if _, seen := found[name]; seen {
			continue
		}
		code := extractCode(e.Code)
		if err := checkCode(code); err != nil {
			invalid[name] = err.Error()
			continue
		}
		found[name] = code
		delete(invalid, name)
	}
	return found, invalid
}

// request builds the completion request for reqs in the given format.
func (g *Generator) request(reqs []*generate.Request, format FormatType) CompletionRequest {
	var rf ResponseFormat
	switch format {
	case FormatJSONSchema:
		names := map[string]bool{}
		for _, r := range reqs {
			names[r.Name] = true
		}
		rf = ResponseFormat{Type: FormatJSONSchema, Name: "testgen_tests", Schema: responseSchema(slices.Sorted(maps.Keys(names)))}
	case FormatJSONObject:
		rf = ResponseFormat{Type: FormatJSONObject}
	}
	return CompletionRequest{
		System:         systemPrompt(format, g.opts.StyleHint),
		User:           userPrompt(reqs),
		Model:          g.opts.Model,
		MaxTokens:      batchMaxTokens(reqs, g.opts.MaxOutputTokens),
		Temperature:    g.opts.Temperature,
		ResponseFormat: rf,
	}
}

// functionKey returns the cache key of r's test. The key is derived from the
// request for r alone in the configured format, so that it does not
// depend on the batch r was sent in or on a format fallback.
func (g *Generator) functionKey(r *generate.Request) Key {
	single := g.request([]*generate.Request{r}, formatOrder[g.startLevel])
	return testKey(g.client.key(single))
}

// cachedTest is the payload of a per-function cache entry.
type cachedTest struct {
	Name string `json:"name"`
	Code string `json:"code"`
}

func (g *Generator) lookup(r *generate.Request) (string, bool) {
	data, ok := g.client.cache.Get(g.functionKey(r))
	if !ok {
		return "", false
	}
	var t cachedTest
	if json.Unmarshal(data, &t) != nil || t.Name != r.Name || checkCode(t.Code) != nil {
		return "", false
	}
	return t.Code, true
}

func (g *Generator) store(r *generate.Request, code string) {
	if g.client.cache == nil {
		return
	}
	data, err := json.Marshal(cachedTest{Name: r.Name, Code: code})
	if err == nil {
		err = g.client.cache.Put(g.functionKey(r), data)
	}
	if err != nil {
		g.opts.Logger.Warn("cannot store test in the cache", "function", r.Name, "dir", g.client.cache.Dir(), "error", err)
	}
}

// formatRejected reports whether err is an endpoint's refusal of the
// response_format parameter: a 400 or 422 whose message or parameter names
// it. Ollama, vLLM, LM Studio and llama.cpp word this differently, so the
// check looks for several words.
func formatRejected(err error) bool {
	var se *StatusError
	if !errors.As(err, &se) || (se.StatusCode != http.StatusBadRequest && se.StatusCode != http.StatusUnprocessableEntity) {
		return false
	}
	text := se.Message
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) && apiErr.Param != nil {
		text += " " + *apiErr.Param
	}
	text = strings.ToLower(text)
	for _, word := range []string{"response_format", "response format", "json_schema", "json_object", "structured output"} {
		if strings.Contains(text, word) {
			return true
		}
	}
	return false
}

// canSucceedLater reports whether a request that failed with err may
// succeed when sent again: not after the context ended, and not after a
// status that no retry changes, such as 401.
func canSucceedLater(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var se *StatusError
	if errors.As(err, &se) {
		return se.Temporary()
	}
	return true
}
