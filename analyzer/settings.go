package analyzer

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-testgen/testgen/characterize"
	"github.com/go-testgen/testgen/generate"
	"github.com/go-testgen/testgen/llm"
	"github.com/go-testgen/testgen/offline"
)

// Values of the -generate flag.
const (
	GenerateAuto   = "auto"
	GenerateAlways = "always"
	GenerateNever  = "never"
)

// settings holds the analyzer's flags. Under go vet they carry the
// analyzer's prefix: -testgen.model.
type settings struct {
	provider   string
	generate   string
	deprecated bool
	llm        llm.Options
	// verify and its limits; see the verify package.
	verify        bool
	verifyRuns    int
	verifyTimeout time.Duration
	repairs       int
}

// register adds the settings' flags to fs, with defaults from the
// environment.
func (s *settings) register(fs *flag.FlagSet, deprecated bool) {
	s.llm = llm.FromEnv(os.Getenv)
	fs.StringVar(&s.provider, "provider", string(llm.ProviderAuto),
		"test generator: auto (openai when OPENAI_API_KEY or OPENAI_BASE_URL is set, else offline), openai or offline")
	fs.StringVar(&s.generate, "generate", GenerateAuto,
		"when to generate tests: auto (when fixes will be used: -fix, -diff or -json), always or never")
	fs.BoolVar(&s.deprecated, "deprecated", deprecated,
		"also report functions whose doc comment has a Deprecated: paragraph")
	fs.StringVar(&s.llm.Model, "model", s.llm.Model,
		"model name (default $TESTGEN_MODEL, else "+llm.DefaultModel+")")
	fs.StringVar(&s.llm.BaseURL, "base-url", s.llm.BaseURL,
		"OpenAI-compatible endpoint (default $OPENAI_BASE_URL, else "+llm.DefaultBaseURL+")")
	fs.IntVar(&s.llm.Concurrency, "concurrency", s.llm.Concurrency,
		"maximum LLM requests in flight, shared by all testgen processes that use one cache directory")
	fs.IntVar(&s.llm.Retries, "retries", s.llm.Retries, "attempts per LLM request, the first one included")
	fs.IntVar(&s.llm.Batch, "batch", s.llm.Batch, "maximum functions asked for in one LLM request")
	fs.DurationVar(&s.llm.Timeout, "timeout", s.llm.Timeout, "time limit of each LLM request")
	fs.StringVar(&s.llm.CacheDir, "cache", s.llm.CacheDir,
		"cache directory (default $TESTGEN_CACHE, else the user cache directory's testgen folder); off disables it")
	fs.BoolVar(&s.verify, "verify", true,
		"compile and run each generated test with go test before offering it; false marks fixes unverified")
	fs.IntVar(&s.verifyRuns, "verify-runs", 3, "runs a generated test must pass, to drop flaky ones")
	fs.DurationVar(&s.verifyTimeout, "verify-timeout", 2*time.Minute, "time limit of each go test run during verification, per package")
	fs.IntVar(&s.repairs, "repairs", 1, "repair requests sent for an LLM test that failed verification")
}

// ErrInvalidSetting marks an error about the value of a flag or setting.
var ErrInvalidSetting = errors.New("invalid setting")

// check validates the values that flags cannot.
func (s *settings) check() error {
	if err := s.checkValues(); err != nil {
		return fmt.Errorf("%w", invalidSetting{err})
	}
	return nil
}

// invalidSetting wraps an error about a setting's value so that it matches
// ErrInvalidSetting and reads as the error it wraps.
type invalidSetting struct{ err error }

func (e invalidSetting) Error() string        { return e.err.Error() }
func (e invalidSetting) Unwrap() error        { return e.err }
func (e invalidSetting) Is(target error) bool { return target == ErrInvalidSetting }

func (s *settings) checkValues() error {
	switch s.generate {
	case GenerateAuto, GenerateAlways, GenerateNever:
	default:
		return fmt.Errorf("testgen: invalid -generate value %q; use auto, always or never", s.generate)
	}
	if _, err := llm.ResolveProvider(s.provider, s.llm); err != nil {
		return err
	}
	if s.verifyRuns < 1 {
		return fmt.Errorf("testgen: invalid -verify-runs value %d; use 1 or more", s.verifyRuns)
	}
	return nil
}

// offline reports whether the settings select the offline generator.
func (s *settings) offline() bool {
	kind, err := llm.ResolveProvider(s.provider, s.llm)
	return err == nil && kind == llm.ProviderOffline
}

// newGenerator returns the generator the settings select. It fails before
// any network call when the LLM provider cannot work, for example when
// OPENAI_API_KEY is missing for api.openai.com.
func (s *settings) newGenerator() (generate.Generator, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if s.offline() {
		// Characterization tests where a function's behaviour can be
		// pinned, skeletons elsewhere.
		return &characterize.Generator{Fallback: offline.Generator{}}, nil
	}
	client, err := llm.New(s.llm)
	if err != nil {
		return nil, err
	}
	return llm.NewGenerator(client), nil
}

// fixFlagSet reports whether a standard driver (unitchecker, singlechecker)
// will apply fixes: its -fix flag is set.
func fixFlagSet() bool {
	f := flag.Lookup("fix")
	return f != nil && strings.EqualFold(f.Value.String(), "true")
}

// verifyCacheDir returns the directory of verification results: a folder
// of the LLM cache directory, or "" when the cache is off.
func (s *settings) verifyCacheDir() string {
	if strings.EqualFold(s.llm.CacheDir, llm.CacheOff) {
		return ""
	}
	dir := s.llm.CacheDir
	if dir == "" {
		var err error
		if dir, err = llm.DefaultCacheDir(); err != nil {
			return ""
		}
	}
	return filepath.Join(dir, "verify")
}
