package llm

import (
	"strings"

	"github.com/go-testgen/testgen/generate"
)

// A pending request is one that no cache entry matched. index is its
// position in the slice passed to Generate.
type pending struct {
	index int
	req   *generate.Request
}

// batchLimits bound the size of one request.
type batchLimits struct {
	maxFunctions    int
	maxPromptTokens int
	maxOutputTokens int
}

// estimateTokens estimates the tokens of s at four bytes per token, about
// the rate of OpenAI's tokenizers on English text and Go code.
func estimateTokens(s string) int {
	return (len(s) + 3) / 4
}

// responseTokens estimates the tokens of the response for r: 300 for the test's
// frame and imports, plus twice the tokens of the function's source, since
// a table test repeats arguments and results and JSON escaping adds more.
// It is an estimate, not a measured rate.
func responseTokens(r *generate.Request) int {
	return 300 + 2*estimateTokens(r.Source)
}

// promptTokens estimates the tokens that r adds to a user prompt.
func promptTokens(r *generate.Request) int {
	var b strings.Builder
	writeFunction(&b, r)
	return estimateTokens(b.String())
}

// groupByPackage splits items by package and test package, in the order in
// which each package first appears, because one prompt describes one
// package.
func groupByPackage(items []pending) [][]pending {
	var (
		groups [][]pending
		index  = map[[2]string]int{}
	)
	for _, it := range items {
		k := [2]string{it.req.PkgPath, it.req.TestPkgName}
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], it)
	}
	return groups
}

// splitBatches splits the items of one package into batches in order. A
// batch ends when one more item would exceed the function count, the
// estimated prompt tokens (baseTokens for the instructions and the package
// description, plus each function), or the estimated response tokens. An item
// too large for any batch gets a batch of its own.
func splitBatches(items []pending, baseTokens int, lim batchLimits) [][]pending {
	var (
		batches       [][]pending
		current       []pending
		prompt, reply int
	)
	for _, it := range items {
		p, r := promptTokens(it.req), responseTokens(it.req)
		if len(current) > 0 && (len(current) >= lim.maxFunctions ||
			baseTokens+prompt+p > lim.maxPromptTokens ||
			reply+r > lim.maxOutputTokens) {
			batches = append(batches, current)
			current, prompt, reply = nil, 0, 0
		}
		current = append(current, it)
		prompt += p
		reply += r
	}
	if len(current) > 0 {
		batches = append(batches, current)
	}
	return batches
}

// batchMaxTokens returns max_tokens for a request for reqs: the estimated
// response size, capped at the model's output limit. A single function gets
// the whole limit, because it is also the retry of a function that a batch
// response left out.
func batchMaxTokens(reqs []*generate.Request, maxOutputTokens int) int {
	if len(reqs) == 1 {
		return maxOutputTokens
	}
	total := 50 // the JSON envelope
	for _, r := range reqs {
		total += responseTokens(r)
	}
	return min(total, maxOutputTokens)
}
