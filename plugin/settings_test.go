package plugin

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
)

func TestNew_allSettings(t *testing.T) {
	// golangci-lint passes the settings as decoded YAML.
	p, err := New(map[string]any{
		"model":       "qwen2.5-coder:7b",
		"base-url":    "http://localhost:11434/v1",
		"concurrency": 4,
		"retries":     2,
		"batch":       8,
		"cache-dir":   "/tmp/testgen-cache",
		"generate":    true,
		"verify":      true,
		"deprecated":  true,
	})
	if err != nil {
		t.Fatal(err)
	}
	verify := true
	want := Settings{
		Model:       "qwen2.5-coder:7b",
		BaseURL:     "http://localhost:11434/v1",
		Concurrency: 4,
		Retries:     2,
		Batch:       8,
		CacheDir:    "/tmp/testgen-cache",
		Generate:    true,
		Verify:      &verify,
		Deprecated:  true,
	}
	got := p.(*Plugin).settings
	if got.Verify == nil || !*got.Verify {
		t.Errorf("Verify = %v, want true", got.Verify)
	}
	got.Verify = want.Verify
	if got != want {
		t.Errorf("settings = %+v, want %+v", got, want)
	}
	// Called on *Plugin, not through register.LinterPlugin, so that
	// testgen finds a test of each method.
	if got := p.(*Plugin).GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("load mode = %q, want %q", got, register.LoadModeTypesInfo)
	}
}

func TestNew_noSettings(t *testing.T) {
	// A .golangci.yml without a settings key gives nil.
	p, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.(*Plugin).settings; got != (Settings{}) {
		t.Errorf("settings = %+v, want the zero value (generate off)", got)
	}
	analyzers, err := p.(*Plugin).BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(analyzers) != 1 || analyzers[0].Name != "testgen" {
		t.Errorf("analyzers = %v, want one named testgen", analyzers)
	}
}

func TestNew_invalidSettings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings any
		want     string
	}{
		{"unknown key", map[string]any{"generat": true},
			`unknown setting "generat" in linters.settings.custom.testgen.settings; the settings are model, base-url,`},
		{"two unknown keys", map[string]any{"generat": true, "api-key": "x"},
			`unknown setting "api-key", "generat" in`},
		{"wrong type", map[string]any{"generate": "yes"},
			`invalid linters.settings.custom.testgen.settings: `},
		{"not a map", []any{"generate"},
			`invalid linters.settings.custom.testgen.settings: `},
		{"negative concurrency", map[string]any{"concurrency": -1},
			"invalid setting concurrency: -1; use 0 for the default or a positive number"},
		{"negative retries", map[string]any{"retries": -2},
			"invalid setting retries: -2;"},
		{"negative batch", map[string]any{"batch": -3},
			"invalid setting batch: -3;"},
		{"base-url without scheme", map[string]any{"base-url": "localhost:11434/v1"},
			`invalid setting base-url: "localhost:11434/v1"; use an http or https URL`},
		{"base-url without host", map[string]any{"base-url": "http:///v1"},
			`invalid setting base-url: "http:///v1";`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.settings)
			if err == nil {
				t.Fatalf("New(%v) succeeded, want an error containing %q", tc.settings, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestPlugin_registered(t *testing.T) {
	newPlugin, err := register.GetPlugin("testgen")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newPlugin(map[string]any{"generate": false}); err != nil {
		t.Errorf("the registered constructor rejects valid settings: %v", err)
	}
}
