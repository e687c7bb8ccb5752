package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	openai "github.com/sashabaranov/go-openai"
)

// azureAPIVersion is the Azure OpenAI data-plane API version sent to Azure
// endpoints. 2024-10-21 is a GA version that accepts json_schema.
//
// NOTE: the Azure path is built by go-openai's Azure configuration and has
// not been run against a real Azure deployment; Model is used as the
// deployment name.
const azureAPIVersion = "2024-10-21"

// An endpoint identifies where completions are sent. Its kind and host
// enter the cache key, because two servers give different responses to the
// same prompt.
type endpoint struct {
	kind    string // "openai" or "azure"
	baseURL string
	host    string // host[:port]
}

// parseEndpoint checks that baseURL is an absolute http or https URL.
func parseEndpoint(baseURL string) (endpoint, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		shown := baseURL
		if err == nil {
			shown = u.Redacted()
		}
		return endpoint{}, fmt.Errorf("testgen: invalid base URL %q (from -base-url or OPENAI_BASE_URL); use an http or https URL such as http://localhost:11434/v1", shown)
	}

	ep := endpoint{kind: "openai", baseURL: baseURL, host: strings.ToLower(u.Host)}
	hostname := strings.ToLower(u.Hostname())
	if strings.HasSuffix(hostname, ".openai.azure.com") || strings.HasSuffix(hostname, ".cognitiveservices.azure.com") {
		ep.kind = "azure"
	}
	return ep, nil
}

// openAIProvider sends completions through go-openai to any endpoint that
// speaks the OpenAI Chat Completions protocol: OpenAI, Azure OpenAI, Ollama,
// vLLM, LM Studio and the llama.cpp server.
type openAIProvider struct {
	client   *openai.Client
	endpoint endpoint
	apiKey   string // for redaction only
}

// NewOpenAI returns a Provider for the endpoint at opts.BaseURL. It fails
// before any network call when the configuration cannot work: an invalid
// base URL, or no API key for api.openai.com or Azure OpenAI.
func NewOpenAI(opts Options) (Provider, error) {
	opts = opts.withDefaults()
	ep, err := parseEndpoint(opts.BaseURL)
	if err != nil {
		return nil, err
	}

	hostname := strings.ToLower(strings.Split(ep.host, ":")[0])
	if opts.APIKey == "" && (hostname == "api.openai.com" || ep.kind == "azure") {
		return nil, errors.New("testgen: OPENAI_API_KEY is not set; set it or pass -provider=offline")
	}
	if strings.IndexFunc(opts.APIKey, unicode.IsControl) >= 0 {
		return nil, errors.New("testgen: OPENAI_API_KEY contains a control character; set it to the key alone")
	}

	var cfg openai.ClientConfig
	if ep.kind == "azure" {
		cfg = openai.DefaultAzureConfig(opts.APIKey, ep.baseURL)
		cfg.APIVersion = azureAPIVersion
	} else {
		cfg = openai.DefaultConfig(opts.APIKey)
		cfg.BaseURL = ep.baseURL
	}

	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = max(opts.Concurrency, 2)
	cfg.HTTPClient = &http.Client{Transport: &headerTransport{base: transport}}

	return &openAIProvider{
		client:   openai.NewClientWithConfig(cfg),
		endpoint: ep,
		apiKey:   opts.APIKey,
	}, nil
}

func (p *openAIProvider) Complete(ctx context.Context, req CompletionRequest) (CompletionResponse, error) {
	info := &responseInfo{}
	resp, err := p.client.CreateChatCompletion(withResponseInfo(ctx, info), chatRequest(req))
	if err != nil {
		return CompletionResponse{}, p.convertError(err, info, req.Model)
	}
	if len(resp.Choices) == 0 {
		return CompletionResponse{}, fmt.Errorf("endpoint %s returned no choices for model %q", p.endpoint.host, req.Model)
	}

	choice := resp.Choices[0]
	if choice.Message.Content == "" && choice.Message.Refusal != "" {
		return CompletionResponse{}, fmt.Errorf("model %q rejected the request: %s", req.Model, p.redact(choice.Message.Refusal))
	}
	return CompletionResponse{
		Text:         choice.Message.Content,
		FinishReason: string(choice.FinishReason),
		Usage: Usage{
			PromptTokens:     resp.Usage.PromptTokens,
			CompletionTokens: resp.Usage.CompletionTokens,
		},
	}, nil
}

// chatRequest converts req to go-openai's request type.
func chatRequest(req CompletionRequest) openai.ChatCompletionRequest {
	var messages []openai.ChatCompletionMessage
	if req.System != "" {
		messages = append(messages, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleSystem, Content: req.System})
	}
	messages = append(messages, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser, Content: req.User})

	cr := openai.ChatCompletionRequest{
		Model:    req.Model,
		Messages: messages,
		// max_tokens, deprecated by OpenAI in favour of
		// max_completion_tokens, is the field that Ollama, vLLM, LM Studio
		// and llama.cpp read.
		MaxTokens:   req.MaxTokens, //nolint:staticcheck // see above
		Temperature: req.Temperature,
	}
	// go-openai omits a zero temperature from the JSON body, and the
	// endpoint then applies its default of 1. The smallest float32 above
	// zero is sent in its place.
	if cr.Temperature == 0 {
		cr.Temperature = math.SmallestNonzeroFloat32
	}
	// Reasoning models (o1, o3, o4, gpt-5 and later) reject max_tokens and
	// any temperature other than the default, and go-openai refuses to send
	// such a request.
	if openai.NewReasoningValidator().Validate(cr) != nil {
		cr.MaxCompletionTokens = cr.MaxTokens //nolint:staticcheck // moving it to its successor
		cr.MaxTokens = 0                      //nolint:staticcheck // moving it to its successor
		cr.Temperature = 0
	}

	switch req.ResponseFormat.Type {
	case FormatJSONObject:
		cr.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	case FormatJSONSchema:
		cr.ResponseFormat = &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name:   req.ResponseFormat.Name,
				Schema: req.ResponseFormat.Schema,
				Strict: true,
			},
		}
	}
	return cr
}

// convertError turns a go-openai error into a *StatusError when the
// endpoint responded with an error status, and removes the API key from the
// endpoint's message in place, because some endpoints quote the key they
// received.
func (p *openAIProvider) convertError(err error, info *responseInfo, model string) error {
	var (
		apiErr *openai.APIError
		reqErr *openai.RequestError
		code   int
		msg    string
	)
	if errors.As(err, &reqErr) {
		reqErr.Body = []byte(p.redact(string(reqErr.Body)))
		code = reqErr.HTTPStatusCode
		msg = shortMessage(string(reqErr.Body))
	}
	if errors.As(err, &apiErr) {
		apiErr.Message = p.redact(apiErr.Message)
		if apiErr.HTTPStatusCode != 0 {
			code = apiErr.HTTPStatusCode
		}
		msg = shortMessage(apiErr.Message)
	}
	if code == 0 {
		return p.convertBodyError(err)
	}

	_, retryAfter := info.get()
	se := &StatusError{StatusCode: code, RetryAfter: retryAfter, Message: msg, Err: err}
	switch code {
	case http.StatusUnauthorized:
		// OpenAI's message for a bad key quotes the key's first and last
		// characters.
		se.Message = ""
		if p.apiKey == "" {
			se.Hint = fmt.Sprintf("%s requires an API key; set OPENAI_API_KEY or pass -provider=offline", p.endpoint.host)
		} else {
			se.Hint = fmt.Sprintf("%s rejected the API key; set OPENAI_API_KEY to a valid key or pass -provider=offline", p.endpoint.host)
		}
	case http.StatusForbidden:
		se.Hint = fmt.Sprintf("check that the key in OPENAI_API_KEY may use model %q", model)
	case http.StatusNotFound:
		se.Hint = fmt.Sprintf("check the model name %q (TESTGEN_MODEL) and the base URL (OPENAI_BASE_URL)", model)
	}
	return se
}

// convertBodyError names the endpoint in the error of a 200 response whose
// body is not a chat completion (an HTML page, invalid JSON, fields of the
// wrong type), is larger than maxResponseSize or ends early. Other errors
// are returned as they are: connection errors name the URL already.
func (p *openAIProvider) convertBodyError(err error) error {
	var (
		syntaxErr *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syntaxErr), errors.As(err, &typeErr):
		return fmt.Errorf("endpoint %s returned a response that is not a chat completion: %w; check the base URL (OPENAI_BASE_URL)", p.endpoint.host, err)
	case errors.Is(err, errResponseTooLarge):
		return fmt.Errorf("endpoint %s: %w", p.endpoint.host, err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		// The error still wraps io.ErrUnexpectedEOF, so it is retried.
		return fmt.Errorf("endpoint %s sent an incomplete response: %w", p.endpoint.host, err)
	}
	return err
}

// redact replaces the API key in s.
func (p *openAIProvider) redact(s string) string {
	if p.apiKey == "" {
		return s
	}
	return strings.ReplaceAll(s, p.apiKey, "[redacted]")
}

// shortMessage returns the first line of an error body, cut to 300 bytes,
// so that an HTML error page does not flood the output.
func shortMessage(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 300 {
		s = strings.ToValidUTF8(s[:300], "") + "…"
	}
	return s
}
