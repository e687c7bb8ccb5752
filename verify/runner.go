package verify

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Default values of the Runner's fields.
const (
	DefaultRuns    = 3
	DefaultTimeout = 2 * time.Minute
)

// A Runner is a Verifier that runs the candidates of a package together in
// one go test invocation, with the test files replaced through -overlay so
// that no file in the package directory is written.
//
// A candidate that fails to compile is dropped and the rest are compiled
// again, in at most as many rounds as there are candidates. A test must pass Runs runs, so a
// flaky test is dropped as well. The zero value is ready to use, and a
// Runner is safe for concurrent use once its fields are set.
type Runner struct {
	// GoCmd is the go command to run: a path, or a name looked up in PATH.
	// Empty means "go".
	GoCmd string

	// Runs is the number of runs a test must pass, DefaultRuns when zero
	// or less.
	Runs int

	// Timeout limits each go test run of a package, DefaultTimeout when
	// zero or less. The test binary gets it as -timeout, and the go
	// command is killed when building and running take twice as long plus
	// 30 seconds.
	Timeout time.Duration

	// CacheDir is the directory of cached verdicts. Empty disables the
	// cache.
	CacheDir string

	// Logger receives the go commands run and the candidates dropped at
	// Debug level. Nil means slog.Default().
	Logger *slog.Logger

	// buildAllowance is the time allowed for building on top of twice the
	// Timeout, 30 seconds when zero. Tests shorten it.
	buildAllowance time.Duration

	mu         sync.Mutex
	goVersions map[string]string // go env GOVERSION by package directory
}

var _ Verifier = (*Runner)(nil)

func (r *Runner) goCmd() string {
	if r.GoCmd == "" {
		return "go"
	}
	return r.GoCmd
}

func (r *Runner) runs() int {
	if r.Runs <= 0 {
		return DefaultRuns
	}
	return r.Runs
}

func (r *Runner) timeout() time.Duration {
	if r.Timeout <= 0 {
		return DefaultTimeout
	}
	return r.Timeout
}

// killLimit returns how long a go test run may take before the go command
// is killed. The -timeout flag stops a hanging test binary sooner, but it
// does not cover the build or a test's child processes.
func (r *Runner) killLimit() time.Duration {
	allowance := r.buildAllowance
	if allowance <= 0 {
		allowance = 30 * time.Second
	}
	return 2*r.timeout() + allowance
}

func (r *Runner) logger() *slog.Logger {
	if r.Logger == nil {
		return slog.Default()
	}
	return r.Logger
}

// A verdict is the decision on one prepared candidate. cacheable is set
// when the verdict depends only on what the cache key covers, so not for
// a timeout or an error outside the candidate.
type verdict struct {
	passed    bool
	reason    string
	cacheable bool
}

// Verify verifies the candidates of one test package. It returns an error
// when the request is invalid, the go command cannot run, or ctx ends, and
// it removes its temporary files in every case.
func (r *Runner) Verify(ctx context.Context, req *Request) ([]Outcome, error) {
	req, err := checkRequest(req)
	if err != nil {
		return nil, err
	}
	scope, err := scanPackage(req)
	if err != nil {
		return nil, err
	}
	prep := prepareCandidates(req, scope)

	verdicts := map[*prepared]verdict{}
	var pending []*prepared
	for _, p := range prep {
		if p.reason != "" {
			verdicts[p] = verdict{reason: p.reason}
			r.logDropped(p, p.reason)
			continue
		}
		pending = append(pending, p)
	}

	keys := map[*prepared]string{}
	if r.CacheDir != "" && len(pending) > 0 {
		goVersion, err := r.goVersion(ctx, req.Dir)
		if err != nil {
			return nil, err
		}
		var misses []*prepared
		for _, p := range pending {
			keys[p] = cacheKey(p, req, scope, goVersion, r.runs())
			if e, ok := r.cacheGet(keys[p]); ok {
				verdicts[p] = verdict{passed: e.Passed, reason: e.Reason}
				continue
			}
			misses = append(misses, p)
		}
		r.logger().Debug("verification cache", "dir", req.Dir, "hits", len(pending)-len(misses), "misses", len(misses))
		pending = misses
	}

	if len(pending) > 0 {
		decided, err := r.verifyTogether(ctx, req, pending)
		if err != nil {
			return nil, err
		}
		for p, v := range decided {
			verdicts[p] = v
			if !v.passed {
				r.logDropped(p, v.reason)
			}
			if key, ok := keys[p]; ok && v.cacheable {
				r.cachePut(cacheEntry{Key: key, Passed: v.passed, Reason: v.reason})
			}
		}
	}

	outcomes := make([]Outcome, len(prep))
	for i, p := range prep {
		v := verdicts[p]
		outcomes[i] = Outcome{Name: p.cand.Name, Passed: v.passed, Code: p.code, Reason: v.reason}
	}
	return outcomes, nil
}

// verifyTogether compiles and runs the candidates in rounds. Each round
// that fails to build drops the candidates the errors point at, and each
// round that runs decides at least the tests that finished, so there are
// at most as many rounds as candidates.
func (r *Runner) verifyTogether(ctx context.Context, req *Request, pending []*prepared) (map[*prepared]verdict, error) {
	tmp, err := os.MkdirTemp("", "testgen-verify-")
	if err != nil {
		return nil, fmt.Errorf("creating a temporary directory for verification: %w", err)
	}
	defer os.RemoveAll(tmp)
	// The compiler reports overlaid files by the replacement's path, which
	// must match the paths in the overlay even when TMPDIR is a link.
	if resolved, err := filepath.EvalSymlinks(tmp); err == nil {
		tmp = resolved
	}

	mod := modFlag()

	decided := map[*prepared]verdict{}
	active := pending
	for round := 1; len(active) > 0; round++ {
		if round > len(pending) {
			for _, p := range active {
				decided[p] = verdict{reason: fmt.Sprintf("no result after %d go test runs", len(pending))}
			}
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("verifying tests in %s: %w", req.Dir, context.Cause(ctx))
		}

		ov, err := writeOverlay(filepath.Join(tmp, strconv.Itoa(round)), req, active)
		if err != nil {
			return nil, err
		}
		run, err := r.runGo(ctx, req.Dir, r.killLimit(), r.testArgs(ov, active, mod)...)
		if err != nil {
			return nil, err
		}
		results, err := r.judgeRun(req.Dir, ov, active, run)
		if err != nil {
			return nil, err
		}

		var next []*prepared
		for _, p := range active {
			if v, ok := results[p]; ok {
				decided[p] = v
			} else {
				next = append(next, p)
			}
		}
		active = next
	}
	return decided, nil
}

// testArgs returns the go test arguments that run the active candidates'
// tests Runs times. Other tests of the package do not run, and benchmarks
// are only compiled. modFlag, when not empty, is added as a flag; see
// the function modFlag.
func (r *Runner) testArgs(ov *overlay, active []*prepared, modFlag string) []string {
	var names []string
	for _, p := range active {
		names = append(names, p.runs...)
	}
	pattern := "^$"
	if len(names) > 0 {
		pattern = "^(" + strings.Join(names, "|") + ")$"
	}
	args := []string{"test"}
	if modFlag != "" {
		args = append(args, modFlag)
	}
	return append(args,
		"-overlay="+ov.path,
		"-json",
		"-count="+strconv.Itoa(r.runs()),
		"-timeout="+r.timeout().String(),
		"-run="+pattern,
		".",
	)
}

func (r *Runner) logDropped(p *prepared, reason string) {
	first, _, _ := strings.Cut(reason, "\n")
	r.logger().Debug("dropped generated test", "name", p.cand.Name, "file", p.cand.File, "reason", first)
}

// checkRequest returns a copy of req with an absolute Dir, or an error
// naming what is missing.
func checkRequest(req *Request) (*Request, error) {
	if req == nil || req.Dir == "" {
		return nil, fmt.Errorf("verify: the request has no package directory; set Request.Dir")
	}
	dir, err := filepath.Abs(req.Dir)
	if err != nil {
		return nil, fmt.Errorf("verify: invalid package directory %q: %w", req.Dir, err)
	}
	if req.TestPkgName == "" {
		return nil, fmt.Errorf("verify: the request for %s has no package name; set Request.TestPkgName", dir)
	}
	for path, t := range req.Targets {
		if !filepath.IsAbs(path) || t.Path != path {
			return nil, fmt.Errorf("verify: invalid target %q: its key and Path must be the same absolute path", path)
		}
		if t.Base == nil && t.New.PackageName == "" {
			return nil, fmt.Errorf("verify: target %s has neither Base nor New.PackageName; set one", path)
		}
	}
	for _, c := range req.Candidates {
		if _, ok := req.Targets[c.File]; !ok {
			return nil, fmt.Errorf("verify: candidate %s goes into %s, which Request.Targets does not list; add a Target for it", c.Name, c.File)
		}
	}
	out := *req
	out.Dir = dir
	return &out, nil
}
