package llm

import (
	"fmt"
	"net/http"
	"time"
)

// A StatusError reports a completion request that the endpoint rejected
// with an HTTP error status.
//
// go-openai drops the response headers of a failed request, so the provider
// reads Retry-After and retry-after-ms in its HTTP transport and attaches
// them here.
type StatusError struct {
	StatusCode int

	// RetryAfter is the wait the response asked for, zero when it set
	// neither Retry-After nor retry-after-ms.
	RetryAfter time.Duration

	// Message is the endpoint's error message with the API key removed.
	// It is empty when the endpoint's message may quote part of the key,
	// as OpenAI's response to an invalid key does.
	Message string

	// Hint names the setting to change, for example the variable to set.
	Hint string

	// Err is the error returned by go-openai, an *openai.APIError or an
	// *openai.RequestError.
	Err error
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("endpoint returned %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

func (e *StatusError) Unwrap() error { return e.Err }

// Temporary reports whether the same request can succeed later: 408, 409,
// 429 and every 5xx status, 529 (overloaded) included.
func (e *StatusError) Temporary() bool {
	switch {
	case e.StatusCode == http.StatusRequestTimeout,
		e.StatusCode == http.StatusConflict,
		e.StatusCode == http.StatusTooManyRequests,
		e.StatusCode >= 500:
		return true
	}
	return false
}
