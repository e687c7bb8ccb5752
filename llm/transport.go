package llm

import (
	"context"
	"fmt"
	"io"
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

// maxResponseSize bounds the response body that the provider reads, 8 MiB.
// A completion of DefaultMaxOutputTokens tokens is some 100 KB of JSON, so
// only a misbehaving endpoint or a wrong base URL sends more, and go-openai
// would otherwise read it all into memory.
const maxResponseSize = 8 << 20

// errResponseTooLarge ends the reading of a body longer than
// maxResponseSize. It is not retried.
var errResponseTooLarge = fmt.Errorf("the response body is larger than %d MiB; check the base URL (OPENAI_BASE_URL)", maxResponseSize>>20)

// headerTransport is an http.RoundTripper that copies the status and the
// retry headers of each response into the responseInfo of the request's
// context. go-openai builds its requests with the caller's context, and that
// is the only way its errors can be joined with the headers. It also caps
// each response body at maxResponseSize.
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
	resp.Body = &cappedBody{body: resp.Body, remaining: maxResponseSize}
	return resp, nil
}

// A cappedBody reads a response body and fails with errResponseTooLarge
// once more than its remaining bytes arrive.
type cappedBody struct {
	body      io.ReadCloser
	remaining int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.remaining < 0 {
		return 0, errResponseTooLarge
	}
	// Reading one byte past the cap distinguishes a body of exactly the cap from a
	// longer one.
	if int64(len(p)) > b.remaining+1 {
		p = p[:b.remaining+1]
	}
	n, err := b.body.Read(p)
	b.remaining -= int64(n)
	if b.remaining < 0 {
		return 0, errResponseTooLarge
	}
	return n, err
}

func (b *cappedBody) Close() error { return b.body.Close() }

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
