package llm

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// A Client sends completions through the middleware stack that NewClient
// builds, and counts what it does.
type Client struct {
	stack    Provider // the whole stack, cache included
	uncached Provider // the stack below the cache
	cache    *Cache
	key      KeyFunc
	usage    *usageCounter
	opts     Options
}

// New returns a Client for the OpenAI-compatible endpoint that opts
// describe. It fails before any network call when the configuration cannot
// work; see NewOpenAI.
func New(opts Options) (*Client, error) {
	p, err := NewOpenAI(opts)
	if err != nil {
		return nil, err
	}
	return NewClient(p, opts)
}

// NewClient wraps p in the middleware stack, outermost first:
//
//	cache → single flight → retry → concurrency limit → timeout → p
//
// The cache comes first, so that a hit takes no slot and makes no call.
// Single flight comes next, so that identical requests that miss at the
// same time make one call. Retry wraps the limit, so that each attempt takes
// its own slot and the wait between attempts holds none. The timeout is
// innermost, so that it limits the request and not the wait for a slot.
//
// The slot files of the cross-process limit live in the cache directory,
// or, when the cache is off, in DefaultCacheDir.
func NewClient(p Provider, opts Options) (*Client, error) {
	opts = opts.withDefaults()
	ep, err := parseEndpoint(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(formatOrder, opts.Format) {
		return nil, fmt.Errorf("testgen: invalid response format %q; use json_schema, json_object or text", opts.Format)
	}

	var cache *Cache
	slotDir := ""
	if !strings.EqualFold(opts.CacheDir, CacheOff) {
		dir := opts.CacheDir
		if dir == "" {
			if dir, err = DefaultCacheDir(); err != nil {
				return nil, err
			}
		}
		if cache, err = OpenCache(dir); err != nil {
			return nil, err
		}
		slotDir = filepath.Join(dir, "slots")
	} else if dir, err := DefaultCacheDir(); err == nil {
		slotDir = filepath.Join(dir, "slots")
	}

	key := completionKeyFunc(ep)
	usage := &usageCounter{}

	stack := usage.wrap(p)
	stack = WithTimeout(stack, opts.Timeout)
	stack = WithLimit(stack, opts.Concurrency, slotDir, opts.Logger)
	stack = WithRetry(stack, RetryPolicy{Attempts: opts.Retries, Logger: opts.Logger, OnRetry: func() { usage.retries.Add(1) }})
	stack = WithSingleFlight(stack, key)
	uncached := stack
	stack = WithCache(stack, cache, key, opts.Logger)

	return &Client{
		stack:    stack,
		uncached: uncached,
		cache:    cache,
		key:      key,
		usage:    usage,
		opts:     opts,
	}, nil
}

// Complete sends req through the whole middleware stack.
func (c *Client) Complete(ctx context.Context, req CompletionRequest) (CompletionResponse, error) {
	return c.stack.Complete(ctx, req)
}

// Cache returns the client's cache, nil when the cache is off.
func (c *Client) Cache() *Cache { return c.cache }

// Stats returns the counts of cache lookups, calls and tokens so far.
func (c *Client) Stats() Stats {
	s := Stats{
		Calls:            c.usage.calls.Load(),
		PromptTokens:     c.usage.promptTokens.Load(),
		CompletionTokens: c.usage.completionTokens.Load(),
		Retries:          c.usage.retries.Load(),
	}
	if c.cache != nil {
		s.CacheEnabled = true
		s.Hits = c.cache.hits.Load()
		s.Misses = c.cache.misses.Load()
		s.Entries = c.cache.entries.Load()
	}
	return s
}
