package llm_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-testgen/testgen/llm"
)

// localBaseURL is the base URL that the middleware tests derive keys from.
// No test sends a request to it.
const localBaseURL = "http://127.0.0.1:1/v1"

// newKeyFunc returns the KeyFunc of localBaseURL.
func newKeyFunc(t *testing.T) llm.KeyFunc {
	t.Helper()
	key, err := llm.NewKeyFunc(localBaseURL)
	if err != nil {
		t.Fatalf("NewKeyFunc(%q): %v", localBaseURL, err)
	}
	return key
}

// quietLogger returns a logger that discards every record.
func quietLogger() *slog.Logger {
	return slog.New(slog.DiscardHandler)
}

// waitFor polls cond every millisecond and fails the test when cond is
// still false after a second.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestProviderFuncComplete(t *testing.T) {
	type ctxKey struct{}
	ctx := context.WithValue(t.Context(), ctxKey{}, "marker")
	req := llm.CompletionRequest{User: "question", Model: "m"}

	f := llm.ProviderFunc(func(ctx context.Context, got llm.CompletionRequest) (llm.CompletionResponse, error) {
		if ctx.Value(ctxKey{}) != "marker" {
			t.Error("ProviderFunc.Complete did not pass the caller's context")
		}
		if got.User != req.User || got.Model != req.Model {
			t.Errorf("ProviderFunc.Complete passed request %+v, want %+v", got, req)
		}
		return llm.CompletionResponse{Text: "answer", FinishReason: "stop"}, errTest
	})

	resp, err := f.Complete(ctx, req)
	if resp.Text != "answer" || resp.FinishReason != "stop" {
		t.Errorf("Complete response = %+v, want the function's response", resp)
	}
	if !errors.Is(err, errTest) {
		t.Errorf("Complete error = %v, want the function's error", err)
	}
}

// errTest is the error that test providers return.
var errTest = errors.New("test provider error")

// failingProvider returns a Provider that returns errs[i] from call i+1 and
// a response with Text "done" once errs runs out. calls counts its calls.
func failingProvider(calls *atomic.Int32, errs ...error) llm.Provider {
	return llm.ProviderFunc(func(context.Context, llm.CompletionRequest) (llm.CompletionResponse, error) {
		n := int(calls.Add(1))
		if n <= len(errs) {
			return llm.CompletionResponse{}, errs[n-1]
		}
		return llm.CompletionResponse{Text: "done"}, nil
	})
}

func TestWithRetry(t *testing.T) {
	unavailable := &llm.StatusError{StatusCode: 503}
	tests := []struct {
		name      string
		errs      []error
		attempts  int
		wantCalls int32
		wantErr   string // "" when the call succeeds
	}{
		{"success at once", nil, 3, 1, ""},
		{"two 503 then success", []error{unavailable, unavailable}, 3, 3, ""},
		{"429 and 408 then success", []error{&llm.StatusError{StatusCode: 429}, &llm.StatusError{StatusCode: 408}}, 3, 3, ""},
		{"connection EOF then success", []error{io.EOF}, 3, 2, ""},
		{"timeout of attempt then success", []error{fmt.Errorf("attempt: %w", context.DeadlineExceeded)}, 3, 2, ""},
		{"503 on every attempt", []error{unavailable, unavailable, unavailable}, 3, 3, "completion failed after 3 attempts: endpoint returned 503"},
		{"400 fails at once", []error{&llm.StatusError{StatusCode: 400}}, 3, 1, "completion failed after 1 attempt: endpoint returned 400"},
		{"401 fails at once", []error{&llm.StatusError{StatusCode: 401}}, 3, 1, "completion failed after 1 attempt: endpoint returned 401"},
		{"other error fails at once", []error{errTest}, 3, 1, "completion failed after 1 attempt: " + errTest.Error()},
		{"one attempt allowed", []error{unavailable}, 1, 1, "completion failed after 1 attempt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls, retries atomic.Int32
			var logs logBuffer
			p := llm.WithRetry(failingProvider(&calls, tt.errs...), llm.RetryPolicy{
				Attempts:  tt.attempts,
				BaseDelay: time.Millisecond,
				MaxDelay:  2 * time.Millisecond,
				Logger:    slogTo(&logs),
				OnRetry:   func() { retries.Add(1) },
			})

			resp, err := p.Complete(t.Context(), llm.CompletionRequest{User: "hi"})

			if got := calls.Load(); got != tt.wantCalls {
				t.Errorf("provider got %d calls, want %d", got, tt.wantCalls)
			}
			if got := retries.Load(); got != tt.wantCalls-1 {
				t.Errorf("OnRetry called %d times, want %d", got, tt.wantCalls-1)
			}
			if got := strings.Count(logs.String(), "retrying completion"); got != int(tt.wantCalls-1) {
				t.Errorf("logged %d retries, want %d:\n%s", got, tt.wantCalls-1, logs.String())
			}
			if tt.wantErr == "" {
				if err != nil || resp.Text != "done" {
					t.Errorf("Complete = %q, %v; want done", resp.Text, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Complete error = %v, want it to contain %q", err, tt.wantErr)
			}
			if last := tt.errs[len(tt.errs)-1]; !errors.Is(err, last) {
				t.Errorf("error %v does not wrap the last attempt's error %v", err, last)
			}
		})
	}
}

func TestWithRetryWrapsStatusError(t *testing.T) {
	var calls atomic.Int32
	p := llm.WithRetry(failingProvider(&calls, &llm.StatusError{StatusCode: 502}, &llm.StatusError{StatusCode: 500}), llm.RetryPolicy{
		Attempts:  2,
		BaseDelay: time.Millisecond,
		Logger:    quietLogger(),
	})

	_, err := p.Complete(t.Context(), llm.CompletionRequest{})

	var se *llm.StatusError
	if !errors.As(err, &se) {
		t.Fatalf("error %v wraps no *StatusError", err)
	}
	if se.StatusCode != 500 {
		t.Errorf("wrapped status %d, want 500 of the last attempt", se.StatusCode)
	}
}

func TestWithRetryCapsRetryAfter(t *testing.T) {
	var calls atomic.Int32
	slow := &llm.StatusError{StatusCode: 429, RetryAfter: time.Hour}
	p := llm.WithRetry(failingProvider(&calls, slow), llm.RetryPolicy{
		Attempts:      2,
		MaxRetryAfter: 5 * time.Millisecond,
		Logger:        quietLogger(),
	})

	start := time.Now()
	resp, err := p.Complete(t.Context(), llm.CompletionRequest{})
	elapsed := time.Since(start)

	if err != nil || resp.Text != "done" {
		t.Fatalf("Complete = %q, %v; want done", resp.Text, err)
	}
	if elapsed > time.Second {
		t.Errorf("retry took %v, want about MaxRetryAfter of 5ms instead of Retry-After of 1h", elapsed)
	}
}

func TestWithRetryStopsWhenContextEnds(t *testing.T) {
	var calls atomic.Int32
	slow := &llm.StatusError{StatusCode: 503, RetryAfter: 10 * time.Second}
	p := llm.WithRetry(failingProvider(&calls, slow, slow), llm.RetryPolicy{
		Attempts:      3,
		MaxRetryAfter: 10 * time.Second,
		Logger:        quietLogger(),
	})
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()

	start := time.Now()
	_, err := p.Complete(ctx, llm.CompletionRequest{})
	elapsed := time.Since(start)

	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v does not wrap context.DeadlineExceeded", err)
	}
	if !errors.Is(err, slow) {
		t.Errorf("error %v does not wrap the last attempt's error", err)
	}
	if err == nil || !strings.Contains(err.Error(), "completion stopped after 1 attempt") {
		t.Errorf("error %v does not give the number of attempts", err)
	}
	if got := calls.Load(); got != 1 {
		t.Errorf("provider got %d calls, want 1", got)
	}
	if elapsed > time.Second {
		t.Errorf("Complete returned after %v, want soon after the context ended", elapsed)
	}
}

// inFlightProvider is a Provider that counts the calls running at once. Each
// call blocks until release is closed or its context ends.
type inFlightProvider struct {
	release chan struct{}

	mu      sync.Mutex
	current int
	max     int
}

func newInFlightProvider() *inFlightProvider {
	return &inFlightProvider{release: make(chan struct{})}
}

func (p *inFlightProvider) Complete(ctx context.Context, req llm.CompletionRequest) (llm.CompletionResponse, error) {
	p.mu.Lock()
	p.current++
	p.max = max(p.max, p.current)
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.current--
		p.mu.Unlock()
	}()

	select {
	case <-p.release:
		return llm.CompletionResponse{Text: "done:" + req.User}, nil
	case <-ctx.Done():
		return llm.CompletionResponse{}, ctx.Err()
	}
}

func (p *inFlightProvider) counts() (current, maximum int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.current, p.max
}

func TestWithLimit(t *testing.T) {
	tests := []struct {
		name     string
		n        int
		slotDir  bool
		wantMax  int
		requests int
	}{
		{"in-process limit of 2", 2, false, 2, 8},
		{"slot files limit of 3", 3, true, 3, 8},
		{"zero means DefaultConcurrency", 0, false, llm.DefaultConcurrency, llm.DefaultConcurrency + 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slotDir := ""
			if tt.slotDir {
				slotDir = t.TempDir()
			}
			inner := newInFlightProvider()
			p := llm.WithLimit(inner, tt.n, slotDir, quietLogger())

			var wg sync.WaitGroup
			for i := range tt.requests {
				wg.Go(func() {
					resp, err := p.Complete(t.Context(), llm.CompletionRequest{User: fmt.Sprint(i)})
					if err != nil || resp.Text != fmt.Sprintf("done:%d", i) {
						t.Errorf("request %d: Complete = %q, %v", i, resp.Text, err)
					}
				})
			}

			waitFor(t, fmt.Sprintf("%d calls in flight", tt.wantMax), func() bool {
				current, _ := inner.counts()
				return current == tt.wantMax
			})
			// Give the waiting calls time to get past a broken limit.
			time.Sleep(30 * time.Millisecond)
			close(inner.release)
			wg.Wait()

			if _, got := inner.counts(); got != tt.wantMax {
				t.Errorf("max in flight = %d, want %d", got, tt.wantMax)
			}
		})
	}
}

func TestWithLimitWaitEndsWithContext(t *testing.T) {
	inner := newInFlightProvider()
	defer close(inner.release)
	p := llm.WithLimit(inner, 1, t.TempDir(), quietLogger())

	holder := make(chan error, 1)
	go func() {
		_, err := p.Complete(t.Context(), llm.CompletionRequest{User: "holder"})
		holder <- err
	}()
	waitFor(t, "the first call to take the slot", func() bool {
		current, _ := inner.counts()
		return current == 1
	})

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.Complete(ctx, llm.CompletionRequest{User: "waiter"})

	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting call error = %v, want context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("waiting call returned after %v, want soon after its context ended", elapsed)
	}
	if _, got := inner.counts(); got != 1 {
		t.Errorf("max in flight = %d, want 1", got)
	}
}

func TestWithSingleFlightCollapsesIdentical(t *testing.T) {
	inner := newInFlightProvider()
	var calls atomic.Int32
	counted := llm.ProviderFunc(func(ctx context.Context, req llm.CompletionRequest) (llm.CompletionResponse, error) {
		calls.Add(1)
		return inner.Complete(ctx, req)
	})
	p := llm.WithSingleFlight(counted, newKeyFunc(t))

	const callers = 5
	responses := make([]string, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			resp, err := p.Complete(t.Context(), llm.CompletionRequest{User: "same", Model: "m"})
			if err != nil {
				t.Errorf("caller %d: %v", i, err)
			}
			responses[i] = resp.Text
		})
	}
	waitFor(t, "the shared call to start", func() bool { return calls.Load() == 1 })
	// Give the other callers time to join the shared call.
	time.Sleep(50 * time.Millisecond)
	close(inner.release)
	wg.Wait()

	if got := calls.Load(); got != 1 {
		t.Errorf("provider got %d calls for %d identical requests at once, want 1", got, callers)
	}
	for i, text := range responses {
		if text != "done:same" {
			t.Errorf("caller %d got %q, want the shared response done:same", i, text)
		}
	}
}

func TestWithSingleFlightDistinctRequests(t *testing.T) {
	inner := newInFlightProvider()
	p := llm.WithSingleFlight(inner, newKeyFunc(t))

	users := []string{"a", "b", "c"}
	var wg sync.WaitGroup
	for _, user := range users {
		wg.Go(func() {
			resp, err := p.Complete(t.Context(), llm.CompletionRequest{User: user, Model: "m"})
			if err != nil || resp.Text != "done:"+user {
				t.Errorf("request %s: Complete = %q, %v", user, resp.Text, err)
			}
		})
	}
	waitFor(t, "one call per distinct request", func() bool {
		current, _ := inner.counts()
		return current == len(users)
	})
	close(inner.release)
	wg.Wait()
}

func TestWithSingleFlightSharesError(t *testing.T) {
	release := make(chan struct{})
	var calls atomic.Int32
	failing := llm.ProviderFunc(func(context.Context, llm.CompletionRequest) (llm.CompletionResponse, error) {
		calls.Add(1)
		<-release
		return llm.CompletionResponse{}, errTest
	})
	p := llm.WithSingleFlight(failing, newKeyFunc(t))

	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			if _, err := p.Complete(t.Context(), llm.CompletionRequest{User: "same"}); !errors.Is(err, errTest) {
				t.Errorf("caller %d: error %v, want the shared error", i, err)
			}
		})
	}
	waitFor(t, "the shared call to start", func() bool { return calls.Load() == 1 })
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()

	if got := calls.Load(); got != 1 {
		t.Errorf("provider got %d calls, want 1", got)
	}
}

func TestWithSingleFlightLeaderCanceled(t *testing.T) {
	type leaderKey struct{}
	started := make(chan struct{}, 1)
	var calls atomic.Int32
	inner := llm.ProviderFunc(func(ctx context.Context, req llm.CompletionRequest) (llm.CompletionResponse, error) {
		calls.Add(1)
		if ctx.Value(leaderKey{}) != nil {
			started <- struct{}{}
			<-ctx.Done()
			return llm.CompletionResponse{}, ctx.Err()
		}
		return llm.CompletionResponse{Text: "own call"}, nil
	})
	p := llm.WithSingleFlight(inner, newKeyFunc(t))
	req := llm.CompletionRequest{User: "same"}

	leaderCtx, cancelLeader := context.WithCancel(context.WithValue(t.Context(), leaderKey{}, true))
	defer cancelLeader()
	leaderErr := make(chan error, 1)
	go func() {
		_, err := p.Complete(leaderCtx, req)
		leaderErr <- err
	}()
	<-started

	follower := make(chan llm.CompletionResponse, 1)
	go func() {
		resp, err := p.Complete(t.Context(), req)
		if err != nil {
			t.Errorf("follower: %v", err)
		}
		follower <- resp
	}()
	// Give the follower time to join the leader's call.
	time.Sleep(50 * time.Millisecond)
	cancelLeader()

	if err := <-leaderErr; !errors.Is(err, context.Canceled) {
		t.Errorf("leader error = %v, want context.Canceled", err)
	}
	if resp := <-follower; resp.Text != "own call" {
		t.Errorf("follower got %q, want the response of its own call", resp.Text)
	}
	if got := calls.Load(); got != 2 {
		t.Errorf("provider got %d calls, want 2: the canceled one and the follower's own", got)
	}
}

// countingProvider returns a Provider that returns resp and err and counts
// its calls.
func countingProvider(calls *atomic.Int32, resp llm.CompletionResponse, err error) llm.Provider {
	return llm.ProviderFunc(func(context.Context, llm.CompletionRequest) (llm.CompletionResponse, error) {
		calls.Add(1)
		return resp, err
	})
}

func TestWithCacheHitAndMiss(t *testing.T) {
	cache, err := llm.OpenCache(t.TempDir())
	if err != nil {
		t.Fatalf("OpenCache: %v", err)
	}
	var calls atomic.Int32
	answer := llm.CompletionResponse{Text: "answer", FinishReason: "stop", Usage: llm.Usage{PromptTokens: 10, CompletionTokens: 5}}
	key := newKeyFunc(t)
	p := llm.WithCache(countingProvider(&calls, answer, nil), cache, key, quietLogger())
	req := llm.CompletionRequest{User: "question", Model: "m"}

	first, err := p.Complete(t.Context(), req)
	if err != nil || first != answer {
		t.Fatalf("miss: Complete = %+v, %v; want %+v", first, err, answer)
	}
	if _, ok := cache.Get(key(req)); !ok {
		t.Error("the response was not stored under the request's key")
	}

	second, err := p.Complete(t.Context(), req)
	if err != nil {
		t.Fatalf("hit: Complete: %v", err)
	}
	if second.Text != answer.Text || second.FinishReason != answer.FinishReason {
		t.Errorf("hit: Complete = %+v, want the stored %+v", second, answer)
	}
	if second.Usage != (llm.Usage{}) {
		t.Errorf("hit: Usage = %+v, want zero because no tokens were spent", second.Usage)
	}
	if got := calls.Load(); got != 1 {
		t.Errorf("provider got %d calls for a miss and a hit, want 1", got)
	}

	other := llm.CompletionRequest{User: "another question", Model: "m"}
	if _, err := p.Complete(t.Context(), other); err != nil {
		t.Fatalf("other request: %v", err)
	}
	if got := calls.Load(); got != 2 {
		t.Errorf("provider got %d calls after a different request, want 2", got)
	}
}

func TestWithCacheDoesNotStore(t *testing.T) {
	tests := []struct {
		name string
		resp llm.CompletionResponse
		err  error
	}{
		{"response cut at max_tokens", llm.CompletionResponse{Text: "partial", FinishReason: "length"}, nil},
		{"empty response", llm.CompletionResponse{FinishReason: "stop"}, nil},
		{"error", llm.CompletionResponse{}, errTest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cache, err := llm.OpenCache(t.TempDir())
			if err != nil {
				t.Fatalf("OpenCache: %v", err)
			}
			var calls atomic.Int32
			key := newKeyFunc(t)
			p := llm.WithCache(countingProvider(&calls, tt.resp, tt.err), cache, key, quietLogger())
			req := llm.CompletionRequest{User: "question"}

			for range 2 {
				resp, err := p.Complete(t.Context(), req)
				if resp != tt.resp || !errors.Is(err, tt.err) {
					t.Errorf("Complete = %+v, %v; want the provider's %+v, %v", resp, err, tt.resp, tt.err)
				}
			}
			if got := calls.Load(); got != 2 {
				t.Errorf("provider got %d calls, want 2 because nothing is stored", got)
			}
			if _, ok := cache.Get(key(req)); ok {
				t.Error("cache holds an entry for the request")
			}
		})
	}
}

func TestWithCacheInvalidEntryIsMiss(t *testing.T) {
	cache, err := llm.OpenCache(t.TempDir())
	if err != nil {
		t.Fatalf("OpenCache: %v", err)
	}
	key := newKeyFunc(t)
	req := llm.CompletionRequest{User: "question"}
	if err := cache.Put(key(req), []byte("not JSON")); err != nil {
		t.Fatalf("Put: %v", err)
	}
	var calls atomic.Int32
	p := llm.WithCache(countingProvider(&calls, llm.CompletionResponse{Text: "fresh"}, nil), cache, key, quietLogger())

	for range 2 {
		resp, err := p.Complete(t.Context(), req)
		if err != nil || resp.Text != "fresh" {
			t.Errorf("Complete = %q, %v; want fresh", resp.Text, err)
		}
	}
	if got := calls.Load(); got != 1 {
		t.Errorf("provider got %d calls, want 1: the invalid entry is replaced and then hit", got)
	}
}

func TestWithCacheNilCache(t *testing.T) {
	var calls atomic.Int32
	inner := countingProvider(&calls, llm.CompletionResponse{Text: "answer"}, nil)
	var keyCalls atomic.Int32
	key := func(llm.CompletionRequest) llm.Key {
		keyCalls.Add(1)
		return llm.Key{}
	}
	p := llm.WithCache(inner, nil, key, nil)

	for range 2 {
		if _, err := p.Complete(t.Context(), llm.CompletionRequest{User: "q"}); err != nil {
			t.Fatalf("Complete: %v", err)
		}
	}
	if got := calls.Load(); got != 2 {
		t.Errorf("provider got %d calls, want 2 without a cache", got)
	}
	if got := keyCalls.Load(); got != 0 {
		t.Errorf("key func called %d times, want 0 without a cache", got)
	}
}

// waitForContext is a Provider that blocks until its context ends and
// returns the context's error.
var waitForContext = llm.ProviderFunc(func(ctx context.Context, _ llm.CompletionRequest) (llm.CompletionResponse, error) {
	<-ctx.Done()
	return llm.CompletionResponse{}, ctx.Err()
})

func TestWithTimeoutEndsSlowCall(t *testing.T) {
	p := llm.WithTimeout(waitForContext, 20*time.Millisecond)

	start := time.Now()
	_, err := p.Complete(t.Context(), llm.CompletionRequest{})
	elapsed := time.Since(start)

	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error = %v, want it to wrap context.DeadlineExceeded", err)
	}
	if err == nil || !strings.Contains(err.Error(), "completion timed out after 20ms") {
		t.Errorf("error = %v, want it to give the timeout", err)
	}
	if elapsed > time.Second {
		t.Errorf("Complete returned after %v, want about 20ms", elapsed)
	}
}

func TestWithTimeoutFastCall(t *testing.T) {
	var deadline time.Time
	fast := llm.ProviderFunc(func(ctx context.Context, _ llm.CompletionRequest) (llm.CompletionResponse, error) {
		deadline, _ = ctx.Deadline()
		return llm.CompletionResponse{Text: "fast"}, nil
	})
	p := llm.WithTimeout(fast, time.Minute)

	resp, err := p.Complete(t.Context(), llm.CompletionRequest{})
	if err != nil || resp.Text != "fast" {
		t.Fatalf("Complete = %q, %v; want fast", resp.Text, err)
	}
	if remaining := time.Until(deadline); remaining <= 0 || remaining > time.Minute {
		t.Errorf("provider saw a deadline %v away, want at most 1m", remaining)
	}
}

func TestWithTimeoutZeroReturnsProvider(t *testing.T) {
	var hasDeadline bool
	inner := llm.ProviderFunc(func(ctx context.Context, _ llm.CompletionRequest) (llm.CompletionResponse, error) {
		_, hasDeadline = ctx.Deadline()
		return llm.CompletionResponse{}, nil
	})
	p := llm.WithTimeout(inner, 0)

	if _, err := p.Complete(context.Background(), llm.CompletionRequest{}); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if hasDeadline {
		t.Error("WithTimeout with d = 0 set a deadline")
	}
}

func TestWithTimeoutCallerContextEnds(t *testing.T) {
	tests := []struct {
		name    string
		ctx     func(context.Context) (context.Context, context.CancelFunc)
		wantErr error
	}{
		{"canceled", contextCanceled, context.Canceled},
		{"caller deadline first", func(parent context.Context) (context.Context, context.CancelFunc) {
			return context.WithTimeout(parent, 10*time.Millisecond)
		}, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx(t.Context())
			defer cancel()
			p := llm.WithTimeout(waitForContext, time.Minute)

			_, err := p.Complete(ctx, llm.CompletionRequest{})

			if !errors.Is(err, tt.wantErr) {
				t.Errorf("error = %v, want %v", err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "timed out") {
				t.Errorf("error %q blames the per-call timeout for the caller's context", err)
			}
		})
	}
}
