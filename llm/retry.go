package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"syscall"
	"time"
)

// A RetryPolicy sets how often WithRetry sends a request and how long it
// waits between attempts.
type RetryPolicy struct {
	// Attempts is the number of attempts in all, the first one included.
	// Zero means DefaultRetries.
	Attempts int

	// BaseDelay is the wait before the second attempt. It doubles before
	// each further attempt up to MaxDelay, and a random jitter shortens
	// each wait by up to 25%. Zero values mean 500ms and 8s.
	BaseDelay time.Duration
	MaxDelay  time.Duration

	// MaxRetryAfter caps the wait that a response may request with
	// Retry-After or retry-after-ms. Zero means 60s.
	MaxRetryAfter time.Duration

	// Logger receives one Info record per retry. Nil means slog.Default().
	Logger *slog.Logger

	// OnRetry, when set, is called before each wait for another attempt.
	OnRetry func()
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.Attempts <= 0 {
		p.Attempts = DefaultRetries
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 500 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 8 * time.Second
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = 60 * time.Second
	}
	if p.Logger == nil {
		p.Logger = slog.Default()
	}
	return p
}

// WithRetry returns a Provider that calls p again when an attempt fails
// with an error that can pass: a connection error, a timeout of the attempt,
// or the status 408, 409, 429 or 5xx. Other statuses, 400, 401, 403, 404 and
// 422 among them, fail at once.
//
// Between attempts it waits for the time the response requested, capped at
// policy.MaxRetryAfter, or else for an exponential backoff with jitter. It
// returns as soon as ctx ends. The final error gives the number of attempts
// made and wraps the last attempt's error.
func WithRetry(p Provider, policy RetryPolicy) Provider {
	policy = policy.withDefaults()
	return ProviderFunc(func(ctx context.Context, req CompletionRequest) (CompletionResponse, error) {
		for attempt := 1; ; attempt++ {
			resp, err := p.Complete(ctx, req)
			if err == nil {
				return resp, nil
			}
			if ctx.Err() != nil {
				return CompletionResponse{}, fmt.Errorf("completion stopped after %s: %w", attempts(attempt), err)
			}
			if !retryable(err) || attempt >= policy.Attempts {
				return CompletionResponse{}, fmt.Errorf("completion failed after %s: %w", attempts(attempt), err)
			}

			wait := policy.delay(attempt, err)
			if policy.OnRetry != nil {
				policy.OnRetry()
			}
			policy.Logger.Info("retrying completion",
				"attempt", attempt+1, "of", policy.Attempts,
				"status", statusCode(err), "wait", wait, "error", err)

			timer := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				timer.Stop()
				return CompletionResponse{}, fmt.Errorf("completion stopped after %s: %w; last error: %w", attempts(attempt), ctx.Err(), err)
			case <-timer.C:
			}
		}
	})
}

// delay returns the wait before attempt+1.
func (p RetryPolicy) delay(attempt int, err error) time.Duration {
	var se *StatusError
	if errors.As(err, &se) && se.RetryAfter > 0 {
		return min(se.RetryAfter, p.MaxRetryAfter)
	}
	d := p.BaseDelay << (attempt - 1)
	if d > p.MaxDelay || d <= 0 {
		d = p.MaxDelay
	}
	return d - time.Duration(rand.Float64()*0.25*float64(d))
}

// retryable reports whether err may pass when the request is sent again.
// The caller has checked that its own context is live, so a deadline here is
// the per-attempt timeout.
func retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Temporary()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) ||
		errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNABORTED) ||
		errors.Is(err, syscall.EPIPE)
}

// statusCode returns the HTTP status of err, or 0 for a connection error or
// timeout.
func statusCode(err error) int {
	var se *StatusError
	if errors.As(err, &se) {
		return se.StatusCode
	}
	return 0
}

func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}
