package llm_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-testgen/testgen/generate"
	"github.com/go-testgen/testgen/llm"
	"github.com/go-testgen/testgen/llm/llmtest"
)

// The environment of a helper process started by
// TestConcurrencyAcrossProcesses.
const (
	helperURLEnv   = "LLM_TEST_HELPER_URL"
	helperCacheEnv = "LLM_TEST_HELPER_CACHE"
	helperIDEnv    = "LLM_TEST_HELPER_ID"
)

// TestHelperProcess is not a test: it is the body of the processes that
// TestConcurrencyAcrossProcesses starts from the test binary, and it
// returns at once in a normal test run.
func TestHelperProcess(t *testing.T) {
	url := os.Getenv(helperURLEnv)
	if url == "" {
		return
	}
	opts := llm.DefaultOptions()
	opts.BaseURL = url
	opts.APIKey = testKey
	opts.Model = "test-model"
	opts.CacheDir = os.Getenv(helperCacheEnv)
	opts.Concurrency = 2
	opts.Batch = 1
	opts.Timeout = 20 * time.Second
	g := newGenerator(t, opts)

	// Three functions of its own, and two that every process requests, so
	// that the processes write the same cache entries at the same time.
	own := makeRequests("proc"+os.Getenv(helperIDEnv), 3)
	shared := makeRequests("shared", 2)
	for _, reqs := range [][]*generate.Request{own, shared} {
		tests, err := g.Generate(t.Context(), reqs)
		if err != nil {
			t.Fatalf("Generate: %v", err)
		}
		checkTests(t, reqs, tests)
	}
}

func TestConcurrencyAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		reply := respondAll(t)(req)
		reply.Delay = 100 * time.Millisecond
		return reply
	})
	cacheDir := t.TempDir()

	const processes = 4
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for id := range processes {
		wg.Go(func() {
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(),
				helperURLEnv+"="+srv.URL,
				helperCacheEnv+"="+cacheDir,
				fmt.Sprintf("%s=%d", helperIDEnv, id),
			)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("helper process %d: %v\n%s", id, err, out)
			}
		})
	}
	wg.Wait()

	// Each process makes 5 calls: 3 of its own and 2 shared ones, which
	// processes that start together may both send.
	if got := srv.Calls(); got < processes*3+2 || got > processes*5 {
		t.Errorf("server got %d calls, want %d … %d", got, processes*3+2, processes*5)
	}
	if got := srv.MaxInFlight(); got > 2 {
		t.Errorf("server saw %d requests in flight from %d processes, want at most 2", got, processes)
	}

	entries := 0
	err := filepath.WalkDir(filepath.Join(cacheDir, "llm"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasPrefix(d.Name(), ".tmp-") {
			t.Errorf("temporary file left in the cache: %s", path)
			return nil
		}
		entries++
		if _, err := llm.ReadEntry(path); err != nil {
			t.Errorf("corrupt cache entry %s: %v", path, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := processes*3 + 2; entries != want {
		t.Errorf("cache holds %d entries, want %d", entries, want)
	}
}
