package llm_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/go-testgen/testgen/llm"
	"github.com/go-testgen/testgen/llm/llmtest"
)

func TestFromEnv(t *testing.T) {
	env := map[string]string{
		"OPENAI_API_KEY":  " " + testKey + "\n",
		"OPENAI_BASE_URL": "http://127.0.0.1:11434/v1",
		"TESTGEN_MODEL":   "llama3.2",
		"TESTGEN_CACHE":   "off",
	}
	opts := llm.FromEnv(func(k string) string { return env[k] })

	if opts.APIKey != testKey {
		t.Errorf("APIKey not read from OPENAI_API_KEY")
	}
	if opts.BaseURL != "http://127.0.0.1:11434/v1" {
		t.Errorf("BaseURL = %q", opts.BaseURL)
	}
	if opts.Model != "llama3.2" {
		t.Errorf("Model = %q", opts.Model)
	}
	if opts.CacheDir != llm.CacheOff {
		t.Errorf("CacheDir = %q, want off", opts.CacheDir)
	}
	if opts.Concurrency != 5 || opts.Retries != 3 || opts.Temperature != 0 {
		t.Errorf("defaults: Concurrency %d, Retries %d, Temperature %g; want 5, 3, 0",
			opts.Concurrency, opts.Retries, opts.Temperature)
	}
}

func TestFromEnvEmpty(t *testing.T) {
	opts := llm.FromEnv(func(string) string { return "" })
	if opts.BaseURL != "" || opts.APIKey != "" {
		t.Errorf("BaseURL %q and APIKey set from an empty environment", opts.BaseURL)
	}
	if kind, _ := llm.ResolveProvider("auto", opts); kind != llm.ProviderOffline {
		t.Errorf("auto with an empty environment resolved to %q, want offline", kind)
	}
}

func TestResolveProvider(t *testing.T) {
	withKey := llm.Options{APIKey: testKey}
	withURL := llm.Options{BaseURL: "http://127.0.0.1:11434/v1"}
	cases := []struct {
		flag string
		opts llm.Options
		want llm.ProviderKind
	}{
		{"auto", llm.Options{}, llm.ProviderOffline},
		{"", llm.Options{}, llm.ProviderOffline},
		{"auto", withKey, llm.ProviderOpenAI},
		{"auto", withURL, llm.ProviderOpenAI},
		{"openai", llm.Options{}, llm.ProviderOpenAI},
		{"offline", withKey, llm.ProviderOffline},
		{"OpenAI", llm.Options{}, llm.ProviderOpenAI},
	}
	for _, c := range cases {
		got, err := llm.ResolveProvider(c.flag, c.opts)
		if err != nil {
			t.Errorf("ResolveProvider(%q): %v", c.flag, err)
			continue
		}
		if got != c.want {
			t.Errorf("ResolveProvider(%q, key %t, base URL %q) = %q, want %q",
				c.flag, c.opts.APIKey != "", c.opts.BaseURL, got, c.want)
		}
	}

	_, err := llm.ResolveProvider("anthropic", llm.Options{})
	if err == nil || !strings.Contains(err.Error(), "auto, openai or offline") {
		t.Errorf("ResolveProvider(anthropic) error = %v, want the valid values", err)
	}
}

func TestOptionsHideKey(t *testing.T) {
	opts := llm.Options{APIKey: testKey, Model: "m"}
	var logs logBuffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("options", "opts", opts)

	for _, out := range []string{
		fmt.Sprint(opts),
		fmt.Sprintf("%+v", opts),
		fmt.Sprintf("%#v", opts),
		fmt.Sprintf("%v", &opts),
		logs.String(),
	} {
		if strings.Contains(out, testKey) {
			t.Errorf("formatted options contain the API key: %s", out)
		}
	}
}

func TestNewInvalidFormat(t *testing.T) {
	srv := llmtest.NewServer(t, respondAll(t))
	opts := testOptions(t, srv)
	opts.Format = "yaml"
	_, err := llm.New(opts)
	if err == nil || !strings.Contains(err.Error(), "json_schema, json_object or text") {
		t.Errorf("New with format yaml: error %v, want the valid formats", err)
	}
}

// fullOptions returns options with every printed field set and the test
// API key.
func fullOptions() llm.Options {
	return llm.Options{
		Model:           "test-model",
		BaseURL:         "http://127.0.0.1:8080/v1",
		APIKey:          testKey,
		Concurrency:     4,
		Retries:         2,
		Batch:           6,
		Timeout:         90 * time.Second,
		CacheDir:        "/tmp/cache",
		MaxOutputTokens: 1000,
		MaxPromptTokens: 2000,
		Temperature:     0.5,
		Format:          llm.FormatJSONObject,
	}
}

func TestOptionsString(t *testing.T) {
	got := fullOptions().String()

	want := `{Model:"test-model" BaseURL:"http://127.0.0.1:8080/v1" APIKey:set Concurrency:4 Retries:2 Batch:6 ` +
		`Timeout:1m30s CacheDir:"/tmp/cache" MaxOutputTokens:1000 MaxPromptTokens:2000 Temperature:0.5 Format:json_object}`
	if got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	if strings.Contains(got, testKey) {
		t.Errorf("String() contains the API key: %s", got)
	}
}

func TestOptionsStringWithoutKey(t *testing.T) {
	got := llm.Options{Model: "m"}.String()
	if !strings.Contains(got, "APIKey:unset") {
		t.Errorf("String() = %s, want APIKey:unset", got)
	}
}

func TestOptionsGoString(t *testing.T) {
	opts := fullOptions()
	got := opts.GoString()

	if want := "llm.Options" + opts.String(); got != want {
		t.Errorf("GoString() = %s, want %s", got, want)
	}
	if strings.Contains(got, testKey) {
		t.Errorf("GoString() contains the API key: %s", got)
	}
	if printed := fmt.Sprintf("%#v", opts); printed != got {
		t.Errorf("%%#v printed %s, want GoString() %s", printed, got)
	}
}

func TestOptionsLogValue(t *testing.T) {
	opts := fullOptions()
	v := opts.LogValue()

	if v.Kind() != slog.KindString {
		t.Fatalf("LogValue() kind = %v, want String", v.Kind())
	}
	if v.String() != opts.String() {
		t.Errorf("LogValue() = %s, want String() %s", v.String(), opts.String())
	}

	var logs logBuffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("configured", "options", opts)
	var record struct {
		Options string `json:"options"`
	}
	if err := json.Unmarshal([]byte(logs.String()), &record); err != nil {
		t.Fatalf("log record %q: %v", logs.String(), err)
	}
	if record.Options != opts.String() {
		t.Errorf("logged options = %q, want %q", record.Options, opts.String())
	}
	if strings.Contains(logs.String(), testKey) {
		t.Errorf("log record contains the API key: %s", logs.String())
	}
}
