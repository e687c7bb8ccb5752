package llm_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-testgen/testgen/llm"
	"github.com/go-testgen/testgen/llm/llmtest"
)

// ok is the reply that ends a script of faults.
func ok(*llmtest.Request) llmtest.Reply { return llmtest.Reply{Content: "done"} }

// complete sends one request through a Client for srv with the given
// number of attempts and returns the response, the error and the time taken.
func complete(t *testing.T, srv *llmtest.Server, attempts int, edit func(*llm.Options)) (llm.CompletionResponse, time.Duration, error) {
	t.Helper()
	opts := testOptions(t, srv)
	opts.Retries = attempts
	if edit != nil {
		edit(&opts)
	}
	c, err := llm.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	start := time.Now()
	resp, err := c.Complete(t.Context(), llm.CompletionRequest{User: "hi", Model: "m"})
	return resp, time.Since(start), err
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	tooMany := llmtest.Reply{Status: 429, Header: map[string]string{"Retry-After": "1"}, ErrorMessage: "rate limited"}
	srv := llmtest.NewServer(t, llmtest.Script(ok, tooMany, tooMany, tooMany))

	resp, elapsed, err := complete(t, srv, 4, nil)
	if err != nil {
		t.Fatalf("Complete after three 429 responses: %v", err)
	}
	if resp.Text != "done" {
		t.Errorf("Text = %q, want done", resp.Text)
	}
	if got := srv.Calls(); got != 4 {
		t.Errorf("server got %d calls, want 4", got)
	}
	// Three waits of Retry-After: 1; the slack covers timer granularity.
	if elapsed < 2900*time.Millisecond {
		t.Errorf("Complete returned after %v, want at least the 3s that Retry-After asked for", elapsed)
	}
}

func TestRetryHonoursRetryAfterMs(t *testing.T) {
	tooMany := llmtest.Reply{Status: 429, Header: map[string]string{"retry-after-ms": "300", "Retry-After": "30"}}
	srv := llmtest.NewServer(t, llmtest.Script(ok, tooMany))

	_, elapsed, err := complete(t, srv, 3, nil)
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if got := srv.Calls(); got != 2 {
		t.Errorf("server got %d calls, want 2", got)
	}
	if elapsed < 290*time.Millisecond {
		t.Errorf("Complete returned after %v, want at least the 300ms of retry-after-ms", elapsed)
	}
	if elapsed > 20*time.Second {
		t.Errorf("Complete returned after %v: retry-after-ms must take precedence over Retry-After", elapsed)
	}
}

func TestRetryTemporaryStatuses(t *testing.T) {
	fast := map[string]string{"retry-after-ms": "10"}
	for _, status := range []int{408, 409, 429, 500, 502, 503, 529} {
		srv := llmtest.NewServer(t, llmtest.Script(ok, llmtest.Reply{Status: status, Header: fast}))
		if _, _, err := complete(t, srv, 3, nil); err != nil {
			t.Errorf("status %d then 200: %v", status, err)
		}
		if got := srv.Calls(); got != 2 {
			t.Errorf("status %d then 200: server got %d calls, want 2", status, got)
		}
	}
}

func TestRetryPermanentStatuses(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 422} {
		srv := llmtest.NewServer(t, llmtest.Script(ok, llmtest.Reply{Status: status, ErrorMessage: "no"}))
		_, _, err := complete(t, srv, 3, nil)
		if err == nil {
			t.Errorf("status %d: got nil error", status)
			continue
		}
		if got := srv.Calls(); got != 1 {
			t.Errorf("status %d: server got %d calls, want 1", status, got)
		}
		if !strings.Contains(err.Error(), "after 1 attempt") {
			t.Errorf("status %d: error %q does not give the number of attempts", status, err)
		}
	}
}

func TestRetryGivesUp(t *testing.T) {
	srv := llmtest.NewServer(t, func(*llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Status: 503, Header: map[string]string{"retry-after-ms": "10"}, ErrorMessage: "overloaded"}
	})
	_, _, err := complete(t, srv, 3, nil)
	if err == nil {
		t.Fatal("Complete against a server that always responses 503: got nil error")
	}
	if got := srv.Calls(); got != 3 {
		t.Errorf("server got %d calls, want 3", got)
	}
	if !strings.Contains(err.Error(), "after 3 attempts") {
		t.Errorf("error %q does not give the number of attempts", err)
	}
	var se *llm.StatusError
	if !errors.As(err, &se) || se.StatusCode != 503 {
		t.Errorf("error %v does not wrap the last *StatusError", err)
	}
}

func TestRetryConnectionReset(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Script(ok, llmtest.Reply{Reset: true}))
	resp, _, err := complete(t, srv, 3, nil)
	if err != nil {
		t.Fatalf("Complete after a connection reset: %v", err)
	}
	if resp.Text != "done" {
		t.Errorf("Text = %q, want done", resp.Text)
	}
	if got := srv.Calls(); got != 2 {
		t.Errorf("server got %d calls, want 2", got)
	}
}

func TestRetrySlowAnswer(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Script(ok, llmtest.Reply{Delay: 10 * time.Second}))
	resp, _, err := complete(t, srv, 3, func(o *llm.Options) { o.Timeout = 200 * time.Millisecond })
	if err != nil {
		t.Fatalf("Complete after a timed-out attempt: %v", err)
	}
	if resp.Text != "done" {
		t.Errorf("Text = %q, want done", resp.Text)
	}
	if got := srv.Calls(); got != 2 {
		t.Errorf("server got %d calls, want 2", got)
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	srv := llmtest.NewServer(t, func(*llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Status: 429, Header: map[string]string{"Retry-After": "30"}}
	})
	c, err := llm.New(testOptions(t, srv))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()

	start := time.Now()
	_, err = c.Complete(ctx, llm.CompletionRequest{User: "hi", Model: "m"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v does not wrap context.DeadlineExceeded", err)
	}
	var se *llm.StatusError
	if !errors.As(err, &se) || se.StatusCode != 429 {
		t.Errorf("error %v does not wrap the last *StatusError", err)
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("Complete returned after %v, want soon after the context ended", elapsed)
	}
}

func TestRetryLogsWithoutKey(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Script(ok, llmtest.Reply{
		Status:       503,
		Header:       map[string]string{"retry-after-ms": "10"},
		ErrorMessage: "upstream failed for key " + testKey,
	}))
	logs := &logBuffer{}
	_, _, err := complete(t, srv, 3, func(o *llm.Options) { o.Logger = slogTo(logs) })
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	out := logs.String()
	if !strings.Contains(out, "retrying completion") || !strings.Contains(out, "status=503") {
		t.Errorf("log does not show the retry with its status:\n%s", out)
	}
	if strings.Contains(out, testKey) {
		t.Errorf("log contains the API key:\n%s", out)
	}
}

func TestRetryWaitHoldsNoSlot(t *testing.T) {
	var rejected atomic.Bool
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		if req.User == "first" && rejected.CompareAndSwap(false, true) {
			return llmtest.Reply{Status: 429, Header: map[string]string{"Retry-After": "1"}}
		}
		return llmtest.Reply{Content: req.User}
	})
	opts := testOptions(t, srv)
	opts.Concurrency = 1
	c, err := llm.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	// "second" starts while "first" waits out its Retry-After. With the one
	// slot free during that wait, "second" finishes first.
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		order []string
	)
	for i, user := range []string{"first", "second"} {
		wg.Go(func() {
			time.Sleep(time.Duration(i) * 200 * time.Millisecond)
			if _, err := c.Complete(t.Context(), llm.CompletionRequest{User: user, Model: "m"}); err != nil {
				t.Errorf("Complete(%s): %v", user, err)
			}
			mu.Lock()
			order = append(order, user)
			mu.Unlock()
		})
	}
	wg.Wait()
	if !slices.Equal(order, []string{"second", "first"}) {
		t.Errorf("completion order %v, want [second first]", order)
	}
}
