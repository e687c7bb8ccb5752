package llm

import (
	"context"
	"fmt"
	"sync/atomic"
)

// Stats counts the cache lookups and the calls of a Client, for -v.
type Stats struct {
	// CacheEnabled is false when the cache is off.
	CacheEnabled bool

	// Hits and Misses count cache lookups. Entries counts the entries this
	// process stored.
	Hits, Misses, Entries int64

	// Calls counts the requests that reached the endpoint, retries
	// included, and the tokens counts come from their responses.
	Calls            int64
	PromptTokens     int64
	CompletionTokens int64

	// Retries counts the attempts after a failed one.
	Retries int64
}

// String formats the statistics as two lines:
//
//	LLM cache: hits 3, misses 1, entries 1
//	LLM tokens: prompt 1200, completion 800 in 1 call
func (s Stats) String() string {
	cache := "LLM cache: off"
	if s.CacheEnabled {
		cache = fmt.Sprintf("LLM cache: hits %d, misses %d, entries %d", s.Hits, s.Misses, s.Entries)
	}
	calls := "calls"
	if s.Calls == 1 {
		calls = "call"
	}
	return fmt.Sprintf("%s\nLLM tokens: prompt %d, completion %d in %d %s",
		cache, s.PromptTokens, s.CompletionTokens, s.Calls, calls)
}

// usageCounter counts the calls that reach the provider and their tokens.
type usageCounter struct {
	retries          atomic.Int64
	calls            atomic.Int64
	promptTokens     atomic.Int64
	completionTokens atomic.Int64
}

// wrap returns a Provider that counts each call of p.
func (u *usageCounter) wrap(p Provider) Provider {
	return ProviderFunc(func(ctx context.Context, req CompletionRequest) (CompletionResponse, error) {
		u.calls.Add(1)
		resp, err := p.Complete(ctx, req)
		if err == nil {
			u.promptTokens.Add(int64(resp.Usage.PromptTokens))
			u.completionTokens.Add(int64(resp.Usage.CompletionTokens))
		}
		return resp, err
	})
}
