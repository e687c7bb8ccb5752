// Package plugin registers testgen as a golangci-lint v2 module plugin
// named "testgen".
//
// Enable it in .golangci.yml of a golangci-lint binary built with this
// package:
//
//	linters:
//	  enable:
//	    - testgen
//	  settings:
//	    custom:
//	      testgen:
//	        type: module
//	        settings:
//	          generate: false
//
// With generate: false (the default) the linter reports each untested
// exported function at its declaration, without fixes. With
// generate: true it also generates tests. golangci-lint applies a fix only
// to the file of its diagnostic, so a function whose test can be appended
// to an existing test file of its package is reported in that test file,
// with the fix. A function of a package without a test file is reported at
// its declaration without a fix, because no golangci-lint fix can create a
// file. testgen -fix creates it.
package plugin

import (
	"fmt"
	"strconv"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/go-testgen/testgen/analyzer"
)

func init() {
	register.Plugin("testgen", New)
}

// Plugin is the testgen linter of golangci-lint.
type Plugin struct {
	settings Settings
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New returns the plugin for the settings golangci-lint decoded from
// linters.settings.custom.testgen.settings, or an error naming the setting
// that is unknown or invalid.
func New(settings any) (register.LinterPlugin, error) {
	s, err := decodeSettings(settings)
	if err != nil {
		return nil, err
	}
	return &Plugin{settings: s}, nil
}

// BuildAnalyzers returns a testgen analyzer configured by the settings.
// The LLM settings fall back to the environment as the testgen command's
// flags do: OPENAI_API_KEY, OPENAI_BASE_URL, TESTGEN_MODEL, TESTGEN_CACHE.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	generate := p.settings.Generate
	a := analyzer.New(analyzer.Config{
		// golangci-lint hides whether --fix is set, so the setting alone
		// decides whether tests are generated and verified.
		Generate:  func() bool { return generate },
		FixesUsed: func() bool { return generate },
		// golangci-lint applies a fix only to its diagnostic's own file.
		ReportInTestFile: generate,
	})

	flags := map[string]string{
		"deprecated": strconv.FormatBool(p.settings.Deprecated),
		"verify":     strconv.FormatBool(p.settings.Verify == nil || *p.settings.Verify),
	}
	if p.settings.Model != "" {
		flags["model"] = p.settings.Model
	}
	if p.settings.BaseURL != "" {
		flags["base-url"] = p.settings.BaseURL
	}
	if p.settings.CacheDir != "" {
		flags["cache"] = p.settings.CacheDir
	}
	for name, n := range map[string]int{"concurrency": p.settings.Concurrency, "retries": p.settings.Retries, "batch": p.settings.Batch} {
		if n > 0 {
			flags[name] = strconv.Itoa(n)
		}
	}
	for name, value := range flags {
		if err := a.Flags.Set(name, value); err != nil {
			return nil, fmt.Errorf("testgen: setting %s=%q: %w", name, value, err)
		}
	}

	// A configuration that cannot work fails here, once, rather than in
	// every package.
	if generate {
		if err := analyzer.Setup(a); err != nil {
			return nil, err
		}
	}
	return []*analysis.Analyzer{a}, nil
}

// GetLoadMode returns LoadModeTypesInfo, because testgen needs type
// information to tell which functions a test refers to.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
