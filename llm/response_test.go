package llm_test

import (
	"context"
	"strings"
	"testing"

	"github.com/go-testgen/testgen/llm"
	"github.com/go-testgen/testgen/llm/llmtest"
)

// Each bad response body from an endpoint ends in an error that names the
// endpoint and the fault, after a bounded number of calls, and without the
// API key.
func TestCompleteBadResponseBodies(t *testing.T) {
	huge := strings.Repeat("x", 9<<20)
	tests := []struct {
		name      string
		reply     llmtest.Reply
		wantErr   string
		wantCalls int
	}{
		{
			name:      "HTML page with status 200",
			reply:     llmtest.Reply{Body: "<html><body>Welcome to nginx!</body></html>"},
			wantErr:   "is not a chat completion: invalid character '<'",
			wantCalls: 1,
		},
		{
			name:      "invalid JSON",
			reply:     llmtest.Reply{Body: `{"choices": oops}`},
			wantErr:   "is not a chat completion",
			wantCalls: 1,
		},
		{
			name:      "incomplete JSON",
			reply:     llmtest.Reply{Body: `{"choices": [`},
			wantErr:   "sent an incomplete response: unexpected EOF",
			wantCalls: 3, // retried up to the 3 attempts
		},
		{
			name:      "choices of the wrong type",
			reply:     llmtest.Reply{Body: `{"choices": "all of them"}`},
			wantErr:   "is not a chat completion: json: cannot unmarshal string",
			wantCalls: 1,
		},
		{
			name:      "JSON of another API",
			reply:     llmtest.Reply{Body: `{"data": [{"embedding": [0.1]}]}`},
			wantErr:   "returned no choices",
			wantCalls: 1,
		},
		{
			name:      "empty choices",
			reply:     llmtest.Reply{Body: `{"choices": []}`},
			wantErr:   "returned no choices",
			wantCalls: 1,
		},
		{
			name:      "body larger than 8 MiB",
			reply:     llmtest.Reply{Content: huge},
			wantErr:   "response body is larger than 8 MiB",
			wantCalls: 1,
		},
		{
			name:      "connection reset in the middle of the body",
			reply:     llmtest.Reply{Content: "hello", CutAfter: 40},
			wantErr:   "sent an incomplete response: unexpected EOF",
			wantCalls: 3, // retried up to the 3 attempts
		},
		{
			name:      "error status with an HTML page",
			reply:     llmtest.Reply{Status: 502, Body: "<html>\n<h1>Bad Gateway</h1>\n</html>"},
			wantErr:   "completion failed after 3 attempts: endpoint returned 502 Bad Gateway: <html>",
			wantCalls: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := llmtest.NewServer(t, func(*llmtest.Request) llmtest.Reply { return tt.reply })
			opts := testOptions(t, srv)
			c, err := llm.New(opts)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := c.Complete(context.Background(), llm.CompletionRequest{User: "hi", Model: "m"})
			if err == nil {
				t.Fatalf("Complete returned %d bytes and no error", len(resp.Text))
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantErr)
			}
			// A status error names the status instead of the endpoint.
			if tt.reply.Status == 0 && !strings.Contains(err.Error(), "127.0.0.1") {
				t.Errorf("error %q does not name the endpoint", err)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("error %q contains the API key", err)
			}
			if got := srv.Calls(); got != tt.wantCalls {
				t.Errorf("server got %d calls, want %d", got, tt.wantCalls)
			}
		})
	}
}

// A body of exactly the cap is read whole.
func TestCompleteBodyAtCap(t *testing.T) {
	// The completion's JSON around the content is some 250 bytes.
	content := strings.Repeat("x", 8<<20-400)
	srv := llmtest.NewServer(t, func(*llmtest.Request) llmtest.Reply { return llmtest.Reply{Content: content} })
	c, err := llm.New(testOptions(t, srv))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Complete(context.Background(), llm.CompletionRequest{User: "hi", Model: "m"})
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if len(resp.Text) != len(content) {
		t.Errorf("got %d bytes of content, want %d", len(resp.Text), len(content))
	}
}
