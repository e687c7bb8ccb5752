package llm

import (
	"context"
	"encoding/json"
)

// A Provider sends one chat completion request and returns the response.
//
// Complete must return when ctx ends. A Provider is safe for concurrent use.
type Provider interface {
	Complete(ctx context.Context, req CompletionRequest) (CompletionResponse, error)
}

// ProviderFunc adapts a function to the Provider interface.
type ProviderFunc func(ctx context.Context, req CompletionRequest) (CompletionResponse, error)

// Complete calls f(ctx, req).
func (f ProviderFunc) Complete(ctx context.Context, req CompletionRequest) (CompletionResponse, error) {
	return f(ctx, req)
}

// A CompletionRequest is one chat completion: a system prompt, a user
// prompt and the sampling settings.
type CompletionRequest struct {
	System      string
	User        string
	Model       string
	MaxTokens   int
	Temperature float32

	// ResponseFormat selects plain text (the zero value), a JSON object or
	// JSON that follows a schema.
	ResponseFormat ResponseFormat
}

// A FormatType is the kind of response that a completion request selects.
type FormatType string

// The format types of the Chat Completions response_format parameter.
const (
	FormatText       FormatType = "text"
	FormatJSONObject FormatType = "json_object"
	FormatJSONSchema FormatType = "json_schema"
)

// A ResponseFormat is the response_format parameter of a request.
type ResponseFormat struct {
	// Type is FormatText when empty.
	Type FormatType

	// Name and Schema describe the JSON schema when Type is
	// FormatJSONSchema. Schema is a JSON Schema document.
	Name   string
	Schema json.RawMessage
}

// A CompletionResponse is the first choice of a chat completion.
type CompletionResponse struct {
	Text string

	// FinishReason is the reason the model stopped, as the endpoint sent
	// it: "stop" for a complete response, "length" when max_tokens cut it.
	FinishReason string

	Usage Usage
}

// Usage counts the tokens of one completion, as the endpoint reported them.
type Usage struct {
	PromptTokens     int
	CompletionTokens int
}
