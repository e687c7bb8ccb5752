package llm_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/go-testgen/testgen/llm"
)

func TestClientCache(t *testing.T) {
	var calls atomic.Int32
	p := countingProvider(&calls, llm.CompletionResponse{Text: "answer", FinishReason: "stop"}, nil)
	dir := t.TempDir()
	opts := llm.Options{BaseURL: localBaseURL, CacheDir: dir, Logger: quietLogger()}

	c, err := llm.NewClient(p, opts)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	cache := c.Cache()
	if cache == nil {
		t.Fatal("Cache() = nil with CacheDir set")
	}
	if cache.Dir() != dir {
		t.Errorf("Cache().Dir() = %s, want %s", cache.Dir(), dir)
	}

	req := llm.CompletionRequest{User: "question", Model: "m"}
	for range 2 {
		if _, err := c.Complete(t.Context(), req); err != nil {
			t.Fatalf("Complete: %v", err)
		}
	}
	if got := calls.Load(); got != 1 {
		t.Errorf("provider got %d calls, want 1 because the second is a cache hit", got)
	}

	// The client stores its responses under the key of NewKeyFunc.
	data, ok := cache.Get(newKeyFunc(t)(req))
	if !ok {
		t.Fatal("Cache() holds no entry under the request's key")
	}
	var stored llm.CompletionResponse
	if err := json.Unmarshal(data, &stored); err != nil || stored.Text != "answer" {
		t.Errorf("stored entry %s, %v; want the response answer", data, err)
	}
}

func TestClientCacheOff(t *testing.T) {
	// With the cache off, NewClient puts its slot files in DefaultCacheDir.
	t.Setenv("XDG_CACHE_HOME", t.TempDir())

	for _, dir := range []string{llm.CacheOff, "OFF"} {
		var calls atomic.Int32
		p := countingProvider(&calls, llm.CompletionResponse{Text: "answer"}, nil)
		c, err := llm.NewClient(p, llm.Options{BaseURL: localBaseURL, CacheDir: dir, Logger: quietLogger()})
		if err != nil {
			t.Fatalf("NewClient with CacheDir %q: %v", dir, err)
		}
		if cache := c.Cache(); cache != nil {
			t.Errorf("CacheDir %q: Cache() = %v, want nil", dir, cache)
		}
		for range 2 {
			if _, err := c.Complete(context.Background(), llm.CompletionRequest{User: "q"}); err != nil {
				t.Fatalf("Complete: %v", err)
			}
		}
		if got := calls.Load(); got != 2 {
			t.Errorf("CacheDir %q: provider got %d calls, want 2 without a cache", dir, got)
		}
	}
}

func TestClientCacheDefaultDir(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CACHE_HOME sets the user cache directory on Linux only")
	}
	xdg := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", xdg)

	c, err := llm.NewClient(countingProvider(new(atomic.Int32), llm.CompletionResponse{}, nil), llm.Options{BaseURL: localBaseURL, Logger: quietLogger()})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	if got, want := c.Cache().Dir(), filepath.Join(xdg, "testgen"); got != want {
		t.Errorf("Cache().Dir() = %s, want DefaultCacheDir %s", got, want)
	}
}
