package llm

import (
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Defaults of Options. DefaultMaxOutputTokens and DefaultMaxPromptTokens are
// below the limits of gpt-4o-mini (16,384 output tokens in a 128,000-token
// context). Local servers often run smaller context windows and need lower
// values. DefaultTimeout leaves room for a batch from a model that runs on a
// CPU, which can take minutes.
const (
	DefaultBaseURL         = "https://api.openai.com/v1"
	DefaultModel           = "gpt-4o-mini"
	DefaultConcurrency     = 5
	DefaultRetries         = 3
	DefaultBatch           = 8
	DefaultTimeout         = 5 * time.Minute
	DefaultMaxOutputTokens = 8192
	DefaultMaxPromptTokens = 16000
)

// CacheOff is the CacheDir value that disables the on-disk cache.
const CacheOff = "off"

// Options configure the provider, its middleware and the Generator.
//
// Options values print with the API key hidden, so they can be logged.
type Options struct {
	// Model is the model name sent with each request (TESTGEN_MODEL).
	Model string

	// BaseURL is the OpenAI-compatible endpoint (OPENAI_BASE_URL), for
	// example http://localhost:11434/v1 for Ollama. Empty means
	// DefaultBaseURL.
	BaseURL string

	// APIKey is sent as the bearer token (OPENAI_API_KEY), or as the
	// api-key header for Azure OpenAI. It is never logged, cached or put
	// into an error.
	APIKey string

	// Concurrency is the maximum number of requests in flight, shared by
	// all testgen processes that use the same cache directory.
	Concurrency int

	// Retries is the number of attempts per request in all, the first
	// one included.
	Retries int

	// Batch is the maximum number of functions asked for in one request.
	Batch int

	// Timeout limits each attempt, the wait for a concurrency slot
	// excluded.
	Timeout time.Duration

	// CacheDir is the on-disk cache directory (TESTGEN_CACHE). Empty means
	// DefaultCacheDir; CacheOff disables the cache.
	CacheDir string

	// MaxOutputTokens is the model's output limit. No request sets
	// max_tokens above it.
	MaxOutputTokens int

	// MaxPromptTokens caps the estimated prompt size of a batch.
	MaxPromptTokens int

	// Temperature is the sampling temperature; 0 makes responses as
	// repeatable as the endpoint allows.
	Temperature float32

	// Format is the response format that the Generator requests first:
	// FormatJSONSchema, FormatJSONObject, or FormatText for a plain-text
	// response with delimiter lines. The Generator falls back to the next
	// format when the endpoint rejects response_format.
	Format FormatType

	// StyleHint is added to the system prompt, for example "use testify's
	// require package" or "name subtests in lower case".
	StyleHint string

	// Logger receives retries, fallbacks and dropped tests. Nil means
	// slog.Default().
	Logger *slog.Logger
}

// DefaultOptions returns Options with every default set except Model,
// BaseURL, APIKey and CacheDir, whose defaults depend on the environment.
func DefaultOptions() Options {
	return Options{
		Concurrency:     DefaultConcurrency,
		Retries:         DefaultRetries,
		Batch:           DefaultBatch,
		Timeout:         DefaultTimeout,
		MaxOutputTokens: DefaultMaxOutputTokens,
		MaxPromptTokens: DefaultMaxPromptTokens,
		Format:          FormatJSONSchema,
	}
}

// FromEnv returns DefaultOptions with the values of OPENAI_API_KEY,
// OPENAI_BASE_URL, TESTGEN_MODEL and TESTGEN_CACHE read through getenv
// (usually os.Getenv). A command passes the result's fields as its flags'
// defaults, so that flags override the environment.
func FromEnv(getenv func(string) string) Options {
	opts := DefaultOptions()
	opts.APIKey = strings.TrimSpace(getenv("OPENAI_API_KEY"))
	opts.BaseURL = strings.TrimSpace(getenv("OPENAI_BASE_URL"))
	opts.Model = strings.TrimSpace(getenv("TESTGEN_MODEL"))
	opts.CacheDir = strings.TrimSpace(getenv("TESTGEN_CACHE"))
	return opts
}

// withDefaults returns opts with each unset field set to its default.
func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.Model == "" {
		o.Model = DefaultModel
	}
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	if o.Concurrency <= 0 {
		o.Concurrency = d.Concurrency
	}
	if o.Retries <= 0 {
		o.Retries = d.Retries
	}
	if o.Batch <= 0 {
		o.Batch = d.Batch
	}
	if o.Timeout <= 0 {
		o.Timeout = d.Timeout
	}
	if o.MaxOutputTokens <= 0 {
		o.MaxOutputTokens = d.MaxOutputTokens
	}
	if o.MaxPromptTokens <= 0 {
		o.MaxPromptTokens = d.MaxPromptTokens
	}
	if o.Format == "" {
		o.Format = d.Format
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// String formats the options with the API key hidden.
func (o Options) String() string {
	key := "unset"
	if o.APIKey != "" {
		key = "set"
	}
	return fmt.Sprintf("{Model:%q BaseURL:%q APIKey:%s Concurrency:%d Retries:%d Batch:%d Timeout:%v CacheDir:%q MaxOutputTokens:%d MaxPromptTokens:%d Temperature:%g Format:%s}",
		o.Model, o.BaseURL, key, o.Concurrency, o.Retries, o.Batch, o.Timeout, o.CacheDir,
		o.MaxOutputTokens, o.MaxPromptTokens, o.Temperature, o.Format)
}

// GoString formats the options for %#v with the API key hidden.
func (o Options) GoString() string { return "llm.Options" + o.String() }

// LogValue logs the options with the API key hidden.
func (o Options) LogValue() slog.Value { return slog.StringValue(o.String()) }

// A ProviderKind is a value of the -provider flag.
type ProviderKind string

// The values of the -provider flag.
const (
	ProviderAuto    ProviderKind = "auto"
	ProviderOpenAI  ProviderKind = "openai"
	ProviderOffline ProviderKind = "offline"
)

// ResolveProvider returns the provider that the -provider value kind
// selects. ProviderAuto and the empty string select ProviderOpenAI when
// opts has an API key or a base URL, else ProviderOffline, so that testgen
// makes no network calls unless configured to.
func ResolveProvider(kind string, opts Options) (ProviderKind, error) {
	switch ProviderKind(strings.ToLower(strings.TrimSpace(kind))) {
	case "", ProviderAuto:
		if opts.APIKey != "" || opts.BaseURL != "" {
			return ProviderOpenAI, nil
		}
		return ProviderOffline, nil
	case ProviderOpenAI:
		return ProviderOpenAI, nil
	case ProviderOffline:
		return ProviderOffline, nil
	}
	return "", fmt.Errorf("testgen: invalid -provider value %q; use auto, openai or offline", kind)
}
