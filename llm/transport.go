package llm

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// responseInfo receives the status and the requested retry wait of the
// HTTP response to one completion request.
type responseInfo struct {
	mu         sync.Mutex
	statusCode int
	retryAfter time.Duration
}

func (r *responseInfo) set(statusCode int, retryAfter time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.statusCode = statusCode
	r.retryAfter = retryAfter
}

func (r *responseInfo) get() (statusCode int, retryAfter time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.statusCode, r.retryAfter
}

type responseInfoKey struct{}

// withResponseInfo returns a context whose HTTP requests report their
// response to info.
func withResponseInfo(ctx context.Context, info *responseInfo) context.Context {
	return context.WithValue(ctx, responseInfoKey{}, info)
}

// headerTransport is an http.RoundTripper that copies the status and the
// retry headers of each response into the responseInfo of the request's
// context. go-openai builds its requests with the caller's context, and that
// is the only way its errors can be joined with the headers.
type headerTransport struct {
	base http.RoundTripper
}

func (t *headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	if info, ok := req.Context().Value(responseInfoKey{}).(*responseInfo); ok {
		info.set(resp.StatusCode, parseRetryAfter(resp.Header, time.Now()))
	}
	return resp, nil
}

// parseRetryAfter returns the wait that a response requests: retry-after-ms
// in milliseconds (sent by OpenAI and Azure), else Retry-After in seconds or
// as an HTTP date. It returns zero when neither header is set or valid.
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	if v := strings.TrimSpace(h.Get("retry-after-ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 && ms < math.MaxInt64/1e6 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}

	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s < 0 || s > math.MaxInt64/1e9 {
			return 0
		}
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}
