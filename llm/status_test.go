package llm_test

import (
	"errors"
	"testing"
	"time"

	"github.com/go-testgen/testgen/llm"
)

func TestStatusErrorError(t *testing.T) {
	tests := []struct {
		name string
		err  *llm.StatusError
		want string
	}{
		{"status only", &llm.StatusError{StatusCode: 429}, "endpoint returned 429 Too Many Requests"},
		{"with message", &llm.StatusError{StatusCode: 400, Message: "unknown model"}, "endpoint returned 400 Bad Request: unknown model"},
		{"with hint", &llm.StatusError{StatusCode: 500, Hint: "try again later"}, "endpoint returned 500 Internal Server Error; try again later"},
		{
			"with message and hint",
			&llm.StatusError{StatusCode: 401, Message: "invalid API key", Hint: "set OPENAI_API_KEY"},
			"endpoint returned 401 Unauthorized: invalid API key; set OPENAI_API_KEY",
		},
		{"nonstandard status", &llm.StatusError{StatusCode: 529}, "endpoint returned 529 "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStatusErrorErrorOmitsRetryAfter(t *testing.T) {
	inner := errors.New("go-openai error")
	err := &llm.StatusError{StatusCode: 503, RetryAfter: 7 * time.Second, Err: inner}

	if got, want := err.Error(), "endpoint returned 503 Service Unavailable"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, inner) {
		t.Error("StatusError does not unwrap to Err")
	}
}

func TestStatusErrorTemporary(t *testing.T) {
	tests := []struct {
		status int
		want   bool
	}{
		{400, false},
		{401, false},
		{403, false},
		{404, false},
		{408, true},
		{409, true},
		{413, false},
		{422, false},
		{429, true},
		{500, true},
		{502, true},
		{503, true},
		{504, true},
		{529, true},
	}
	for _, tt := range tests {
		err := &llm.StatusError{StatusCode: tt.status}
		if got := err.Temporary(); got != tt.want {
			t.Errorf("Temporary() for %d = %v, want %v", tt.status, got, tt.want)
		}
	}
}
