package llm_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-testgen/testgen/llm"
	"github.com/go-testgen/testgen/llm/llmtest"
)

// entryPath returns the path of the only cache entry under dir.
func entryPath(t *testing.T, dir string) string {
	t.Helper()
	var paths []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, path)
		}
		return nil
	})
	if len(paths) != 1 {
		t.Fatalf("cache holds %d files, want 1: %v", len(paths), paths)
	}
	return paths[0]
}

func TestCacheCorruptEntryIsMiss(t *testing.T) {
	damages := map[string]func([]byte) []byte{
		"empty":         func([]byte) []byte { return nil },
		"truncated":     func(b []byte) []byte { return b[:len(b)-5] },
		"header only":   func(b []byte) []byte { return b[:bytes.IndexByte(b, '\n')+1] },
		"flipped byte":  func(b []byte) []byte { c := bytes.Clone(b); c[len(c)-1] ^= 1; return c },
		"other version": func(b []byte) []byte { return bytes.Replace(b, []byte("-v1 "), []byte("-v0 "), 1) },
		"garbage":       func([]byte) []byte { return []byte("\x00\xff not an entry\n") },
		"appended":      func(b []byte) []byte { return append(bytes.Clone(b), "more"...) },
	}
	for name, damage := range damages {
		t.Run(name, func(t *testing.T) {
			c, err := llm.OpenCache(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			key := llm.Key(sha256.Sum256([]byte(name)))
			payload := []byte(`{"name":"F","code":"func TestF(t *testing.T) {}"}`)
			if err := c.Put(key, payload); err != nil {
				t.Fatalf("Put: %v", err)
			}
			path := entryPath(t, c.Dir())
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, damage(data), 0o600); err != nil {
				t.Fatal(err)
			}

			if got, ok := c.Get(key); ok {
				t.Fatalf("Get of a damaged entry returned %q, want a miss", got)
			}
			if err := c.Put(key, payload); err != nil {
				t.Fatalf("Put over the damaged entry: %v", err)
			}
			got, ok := c.Get(key)
			if !ok || !bytes.Equal(got, payload) {
				t.Errorf("Get after Put = %q, %v; want the payload", got, ok)
			}
		})
	}
}

func TestCacheConcurrentPutGet(t *testing.T) {
	c, err := llm.OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	key := llm.Key(sha256.Sum256([]byte("shared")))
	payload := []byte(strings.Repeat("payload ", 4096))

	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if err := c.Put(key, payload); err != nil {
					t.Errorf("Put: %v", err)
					return
				}
				if got, ok := c.Get(key); ok && !bytes.Equal(got, payload) {
					t.Errorf("Get returned a payload of %d bytes that differs from the one stored", len(got))
					return
				}
			}
		})
	}
	wg.Wait()

	path := entryPath(t, c.Dir())
	if _, err := llm.ReadEntry(path); err != nil {
		t.Errorf("entry after concurrent writes: %v", err)
	}
}

func TestCacheNilIsDisabled(t *testing.T) {
	var c *llm.Cache
	key := llm.Key{}
	if err := c.Put(key, []byte("x")); err != nil {
		t.Errorf("Put on a nil cache: %v", err)
	}
	if _, ok := c.Get(key); ok {
		t.Error("Get on a nil cache reported a hit")
	}
	if c.Dir() != "" {
		t.Errorf("Dir of a nil cache = %q, want empty", c.Dir())
	}
}

func TestCacheCounters(t *testing.T) {
	// The server only names the endpoint: the provider below responses.
	srv := llmtest.NewServer(t, respondAll(t))
	opts := testOptions(t, srv)
	calls := 0
	p := llm.ProviderFunc(func(_ context.Context, req llm.CompletionRequest) (llm.CompletionResponse, error) {
		calls++
		return llm.CompletionResponse{Text: "response " + req.User, FinishReason: "stop", Usage: llm.Usage{PromptTokens: 7, CompletionTokens: 3}}, nil
	})
	c, err := llm.NewClient(p, opts)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}

	for _, user := range []string{"a", "b", "a", "a"} {
		resp, err := c.Complete(t.Context(), llm.CompletionRequest{User: user, Model: "m"})
		if err != nil {
			t.Fatalf("Complete(%q): %v", user, err)
		}
		if resp.Text != "response "+user {
			t.Errorf("Complete(%q) = %q", user, resp.Text)
		}
	}
	if calls != 2 {
		t.Errorf("provider got %d calls, want 2", calls)
	}
	want := "LLM cache: hits 2, misses 2, entries 2\nLLM tokens: prompt 14, completion 6 in 2 calls"
	if got := c.Stats().String(); got != want {
		t.Errorf("Stats() =\n%s\nwant\n%s", got, want)
	}
}

func TestCacheSkipsTruncatedAnswer(t *testing.T) {
	srv := llmtest.NewServer(t, func(*llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Content: `{"tests": [`, FinishReason: "length"}
	})
	c, err := llm.New(testOptions(t, srv))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	for range 2 {
		resp, err := c.Complete(t.Context(), llm.CompletionRequest{User: "hi", Model: "m"})
		if err != nil {
			t.Fatalf("Complete: %v", err)
		}
		if resp.FinishReason != "length" {
			t.Errorf("FinishReason = %q, want length", resp.FinishReason)
		}
	}
	if got := srv.Calls(); got != 2 {
		t.Errorf("server got %d calls, want 2: a cut response is not cached", got)
	}
}

func TestSingleFlightIdenticalRequests(t *testing.T) {
	srv := llmtest.NewServer(t, func(*llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Content: "shared", Delay: 300 * time.Millisecond}
	})
	opts := testOptions(t, srv)
	opts.CacheDir = t.TempDir()
	c, err := llm.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			resp, err := c.Complete(t.Context(), llm.CompletionRequest{User: "same", Model: "m"})
			if err != nil || resp.Text != "shared" {
				t.Errorf("Complete = %q, %v; want shared", resp.Text, err)
			}
		})
	}
	wg.Wait()
	if got := srv.Calls(); got != 1 {
		t.Errorf("server got %d calls for 5 identical requests at once, want 1", got)
	}
}

func TestDefaultCacheDir(t *testing.T) {
	dir, err := llm.DefaultCacheDir()
	if err != nil {
		t.Skipf("no user cache directory here: %v", err)
	}
	if filepath.Base(dir) != "testgen" {
		t.Errorf("DefaultCacheDir() = %s, want a directory named testgen", dir)
	}
	userDir, err := os.UserCacheDir()
	if err != nil {
		t.Fatalf("os.UserCacheDir: %v", err)
	}
	if want := filepath.Join(userDir, "testgen"); dir != want {
		t.Errorf("DefaultCacheDir() = %s, want %s", dir, want)
	}
}

func TestDefaultCacheDirFromEnvironment(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CACHE_HOME and HOME set the user cache directory on Linux only")
	}

	xdg := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", xdg)
	dir, err := llm.DefaultCacheDir()
	if err != nil {
		t.Fatalf("DefaultCacheDir: %v", err)
	}
	if want := filepath.Join(xdg, "testgen"); dir != want {
		t.Errorf("DefaultCacheDir() = %s, want %s", dir, want)
	}

	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "")
	dir, err = llm.DefaultCacheDir()
	if err == nil {
		t.Fatalf("DefaultCacheDir() = %s without XDG_CACHE_HOME and HOME, want an error", dir)
	}
	if !strings.Contains(err.Error(), "TESTGEN_CACHE") {
		t.Errorf("error %q does not name TESTGEN_CACHE", err)
	}
}
