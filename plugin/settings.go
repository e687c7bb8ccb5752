package plugin

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
)

// Settings is the plugin's part of .golangci.yml, under
// linters.settings.custom.testgen.settings.
type Settings struct {
	// Model is the LLM that writes tests.
	Model string `json:"model"`
	// BaseURL is the OpenAI-compatible endpoint, such as
	// http://localhost:11434/v1 for Ollama.
	BaseURL string `json:"base-url"`
	// Concurrency is the maximum number of requests in flight; 0 means
	// the default.
	Concurrency int `json:"concurrency"`
	// Retries is the number of retries of a failed request; 0 means the
	// default.
	Retries int `json:"retries"`
	// Batch is the maximum number of functions per request; 0 means the
	// default.
	Batch int `json:"batch"`
	// CacheDir is the directory of the on-disk response cache; "off"
	// disables the cache.
	CacheDir string `json:"cache-dir"`
	// Generate makes the analyzer generate tests and offer them as fixes
	// for golangci-lint run --fix. golangci-lint does not tell a plugin
	// whether --fix is set, so this setting decides instead.
	Generate bool `json:"generate"`
	// Verify runs each generated test before offering it; nil means true.
	Verify *bool `json:"verify"`
	// Deprecated also reports functions whose doc comment has a
	// Deprecated: paragraph.
	Deprecated bool `json:"deprecated"`
}

// settingNames lists the keys of Settings in the order of the docs.
var settingNames = []string{
	"model", "base-url", "concurrency", "retries", "batch",
	"cache-dir", "generate", "verify", "deprecated",
}

// decodeSettings converts golangci-lint's decoded YAML into Settings and
// validates it. An unknown key is an error that names it, because a
// misspelled "generate" would otherwise silently turn fixes off.
func decodeSettings(raw any) (Settings, error) {
	if m, ok := raw.(map[string]any); ok {
		var unknown []string
		for key := range m {
			if !slices.Contains(settingNames, key) {
				unknown = append(unknown, key)
			}
		}
		if len(unknown) > 0 {
			slices.Sort(unknown)
			for i, key := range unknown {
				unknown[i] = strconv.Quote(key)
			}
			return Settings{}, fmt.Errorf("unknown setting %s in linters.settings.custom.testgen.settings; the settings are %s",
				strings.Join(unknown, ", "), strings.Join(settingNames, ", "))
		}
	}

	// DecodeSettings also rejects unknown keys, which covers settings
	// that do not arrive as a map.
	s, err := register.DecodeSettings[Settings](raw)
	if err != nil {
		return Settings{}, fmt.Errorf("invalid linters.settings.custom.testgen.settings: %w", err)
	}
	if err := s.validate(); err != nil {
		return Settings{}, err
	}
	return s, nil
}

// validate checks the values that decoding accepts but testgen cannot use.
func (s Settings) validate() error {
	for _, n := range []struct {
		key   string
		value int
	}{
		{"concurrency", s.Concurrency},
		{"retries", s.Retries},
		{"batch", s.Batch},
	} {
		if n.value < 0 {
			return fmt.Errorf("invalid setting %s: %d; use 0 for the default or a positive number", n.key, n.value)
		}
	}
	if s.BaseURL != "" {
		u, err := url.Parse(s.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("invalid setting base-url: %q; use an http or https URL such as http://localhost:11434/v1", s.BaseURL)
		}
	}
	return nil
}
