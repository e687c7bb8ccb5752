package analyzer_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/go-testgen/testgen/analyzer"
	"github.com/go-testgen/testgen/generate"
)

func TestSetup(t *testing.T) {
	tests := []struct {
		name    string
		flags   map[string]string
		env     map[string]string
		wantErr string
	}{
		{"offline by default", nil, nil, ""},
		{"invalid provider", map[string]string{"provider": "bogus"}, nil, `invalid -provider value "bogus"`},
		{"invalid generate mode", map[string]string{"generate": "sometimes"}, nil, `invalid -generate value "sometimes"`},
		{"invalid verify runs", map[string]string{"verify-runs": "0"}, nil, "invalid -verify-runs value 0"},
		{"openai without a key", map[string]string{"provider": "openai"}, map[string]string{"OPENAI_API_KEY": "", "OPENAI_BASE_URL": ""}, "OPENAI_API_KEY is not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			a := analyzer.New(analyzer.Config{})
			for k, v := range tt.flags {
				if err := a.Flags.Set(k, v); err != nil {
					t.Fatal(err)
				}
			}
			err := analyzer.Setup(a)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("Setup() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Setup() = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestSetup_foreignAnalyzer(t *testing.T) {
	a := &analysis.Analyzer{Name: "other"}
	if err := analyzer.Setup(a); err == nil {
		t.Error("Setup() of an analyzer not made by New returned nil")
	}
	if got := analyzer.Stats(a); got != "" {
		t.Errorf("Stats() = %q, want empty", got)
	}
	if _, _, ok := analyzer.Progress(a); ok {
		t.Error("Progress() of an analyzer not made by New reported LLM statistics")
	}
}

func TestStats(t *testing.T) {
	offline := analyzer.New(analyzer.Config{})
	if err := analyzer.Setup(offline); err != nil {
		t.Fatal(err)
	}
	if got := analyzer.Stats(offline); got != "" {
		t.Errorf("Stats() of the offline generator = %q, want empty", got)
	}

	custom := analyzer.New(analyzer.Config{Generator: generate.GeneratorFunc(
		func(ctx context.Context, reqs []*generate.Request) ([]generate.Test, error) { return nil, nil })})
	if err := analyzer.Setup(custom); err != nil {
		t.Fatal(err)
	}
	if got := analyzer.Stats(custom); got != "" {
		t.Errorf("Stats() of a generator without statistics = %q, want empty", got)
	}
}

func TestProgress(t *testing.T) {
	a := analyzer.New(analyzer.Config{})
	runFixtures(t, a, "basic", "notests")

	passes, _, isLLM := analyzer.Progress(a)
	if passes < 2 {
		t.Errorf("Progress() counted %d passes, want at least one per unit (2)", passes)
	}
	if isLLM {
		t.Error("Progress() reports LLM statistics for the offline generator")
	}
}
