package llm_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/go-testgen/testgen/llm"
	"github.com/go-testgen/testgen/llm/llmtest"
)

func TestNewMissingKeyForOpenAI(t *testing.T) {
	// Neither case may reach the network: New must fail first.
	for _, baseURL := range []string{"", llm.DefaultBaseURL} {
		_, err := llm.New(llm.Options{BaseURL: baseURL, CacheDir: llm.CacheOff})
		if err == nil {
			t.Fatalf("New with base URL %q and no key: got nil error", baseURL)
		}
		want := "testgen: OPENAI_API_KEY is not set; set it or pass -provider=offline"
		if err.Error() != want {
			t.Errorf("New with base URL %q and no key: error %q, want %q", baseURL, err, want)
		}
	}
}

func TestNewInvalidBaseURL(t *testing.T) {
	for _, baseURL := range []string{"localhost:11434/v1", "http://", "ftp://127.0.0.1/v1", "://x"} {
		_, err := llm.New(llm.Options{BaseURL: baseURL, APIKey: testKey, CacheDir: t.TempDir()})
		if err == nil {
			t.Errorf("New with base URL %q: got nil error", baseURL)
			continue
		}
		if !strings.Contains(err.Error(), "OPENAI_BASE_URL") {
			t.Errorf("New with base URL %q: error %q does not name OPENAI_BASE_URL", baseURL, err)
		}
	}
}

func TestNewLocalEndpointWithoutKey(t *testing.T) {
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		if h := req.Header.Get("Authorization"); h != "" {
			t.Errorf("Authorization header %q sent without a key", h)
		}
		return llmtest.Reply{Content: "pong"}
	})
	opts := testOptions(t, srv)
	opts.APIKey = ""
	c, err := llm.New(opts)
	if err != nil {
		t.Fatalf("New for a local endpoint without key: %v", err)
	}
	resp, err := c.Complete(t.Context(), llm.CompletionRequest{User: "ping", Model: "m"})
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if resp.Text != "pong" {
		t.Errorf("Text = %q, want pong", resp.Text)
	}
}

func TestOpenAIRequestBody(t *testing.T) {
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Content: `{"tests":[]}`, FinishReason: "stop", PromptTokens: 12, CompletionTokens: 3}
	})
	opts := testOptions(t, srv)
	p, err := llm.NewOpenAI(opts)
	if err != nil {
		t.Fatalf("NewOpenAI: %v", err)
	}

	resp, err := p.Complete(t.Context(), llm.CompletionRequest{
		System:    "sys",
		User:      "user",
		Model:     "test-model",
		MaxTokens: 321,
		ResponseFormat: llm.ResponseFormat{
			Type:   llm.FormatJSONSchema,
			Name:   "response",
			Schema: json.RawMessage(`{"type":"object"}`),
		},
	})
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if resp.Text != `{"tests":[]}` || resp.FinishReason != "stop" {
		t.Errorf("response = %+v", resp)
	}
	if resp.Usage != (llm.Usage{PromptTokens: 12, CompletionTokens: 3}) {
		t.Errorf("Usage = %+v, want 12 prompt and 3 completion tokens", resp.Usage)
	}

	var body struct {
		Model       string   `json:"model"`
		MaxTokens   int      `json:"max_tokens"`
		Temperature *float64 `json:"temperature"`
		Messages    []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
		ResponseFormat struct {
			Type       string `json:"type"`
			JSONSchema struct {
				Name   string          `json:"name"`
				Schema json.RawMessage `json:"schema"`
				Strict bool            `json:"strict"`
			} `json:"json_schema"`
		} `json:"response_format"`
	}
	if err := json.Unmarshal(srv.Bodies()[0], &body); err != nil {
		t.Fatalf("request body: %v", err)
	}
	if body.Model != "test-model" || body.MaxTokens != 321 {
		t.Errorf("model %q, max_tokens %d; want test-model, 321", body.Model, body.MaxTokens)
	}
	if body.Temperature == nil || *body.Temperature > 1e-6 {
		t.Errorf("temperature = %v, want a value near 0 sent explicitly", body.Temperature)
	}
	if len(body.Messages) != 2 || body.Messages[0].Role != "system" || body.Messages[1].Content != "user" {
		t.Errorf("messages = %+v", body.Messages)
	}
	if body.ResponseFormat.Type != "json_schema" || body.ResponseFormat.JSONSchema.Name != "response" ||
		!body.ResponseFormat.JSONSchema.Strict || string(body.ResponseFormat.JSONSchema.Schema) != `{"type":"object"}` {
		t.Errorf("response_format = %+v", body.ResponseFormat)
	}
	if got := srv.Bodies()[0]; strings.Contains(string(got), testKey) {
		t.Errorf("request body contains the API key")
	}
}

func TestUnauthorizedNamesVariable(t *testing.T) {
	// Like OpenAI, the server quotes the key it received in its message.
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		return llmtest.Reply{
			Status:       401,
			ErrorMessage: "Incorrect API key provided: " + strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer "),
		}
	})
	opts := testOptions(t, srv)
	logs := &logBuffer{}
	opts.Logger = slogTo(logs)
	c, err := llm.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	_, err = c.Complete(t.Context(), llm.CompletionRequest{User: "hi", Model: "m"})
	if err == nil {
		t.Fatal("Complete with a rejected key: got nil error")
	}
	if got := srv.Calls(); got != 1 {
		t.Errorf("server got %d calls, want 1: a 401 is not retried", got)
	}
	if !strings.Contains(err.Error(), "OPENAI_API_KEY") {
		t.Errorf("error %q does not name OPENAI_API_KEY", err)
	}
	var se *llm.StatusError
	if !errors.As(err, &se) || se.StatusCode != 401 {
		t.Errorf("error %v is not a *StatusError with status 401", err)
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), testKey) {
			t.Errorf("error in the chain contains the API key: %q", e)
		}
	}
	if strings.Contains(logs.String(), testKey) {
		t.Errorf("log contains the API key:\n%s", logs)
	}
}

func TestStatusErrorUnwrapsToGoOpenAI(t *testing.T) {
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Status: 404, ErrorMessage: "model not found"}
	})
	c, err := llm.New(testOptions(t, srv))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	_, err = c.Complete(t.Context(), llm.CompletionRequest{User: "hi", Model: "m"})

	var se *llm.StatusError
	if !errors.As(err, &se) {
		t.Fatalf("error %v is not a *StatusError", err)
	}
	if se.StatusCode != 404 || se.Message != "model not found" {
		t.Errorf("StatusError = %+v, want 404 with message", se)
	}
	if !strings.Contains(err.Error(), "TESTGEN_MODEL") {
		t.Errorf("error %q does not name TESTGEN_MODEL", err)
	}
	if se.Unwrap() == nil || !strings.Contains(se.Unwrap().Error(), "model not found") {
		t.Errorf("Unwrap() = %v, want the go-openai error", se.Unwrap())
	}
}

func TestInvalidResponseBody(t *testing.T) {
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Body: `{"choices": oops}`}
	})
	c, err := llm.New(testOptions(t, srv))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	_, err = c.Complete(context.Background(), llm.CompletionRequest{User: "hi", Model: "m"})
	if err == nil {
		t.Fatal("Complete with an invalid body: got nil error")
	}
	if got := srv.Calls(); got != 1 {
		t.Errorf("server got %d calls, want 1: invalid JSON is not retried", got)
	}
}
