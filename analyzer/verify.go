package analyzer

import (
	"log/slog"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/go-testgen/testgen/generate"
	"github.com/go-testgen/testgen/internal/testfile"
	"github.com/go-testgen/testgen/verify"
)

// verified reports whether the tests offered have passed verification.
func (r *runner) verified() bool {
	return r.verifier != nil && r.settings.verify
}

// verifyTests compiles and runs the drafts' tests in the files the testgen
// command would write, and drops those that fail. An LLM's failed tests go
// back to it with their output for up to -repairs rounds. Verification
// runs only when the fixes will be used, because each go test takes
// seconds.
func (r *runner) verifyTests(pass *analysis.Pass, drafts []*draft) {
	if !r.verified() || !r.fixesUsed() {
		return
	}

	var todo []*draft
	for _, d := range drafts {
		if d.code != nil && d.why == "" && d.plan != nil {
			todo = append(todo, d)
		}
	}
	failed := r.verifyRound(pass, todo)

	repairer, ok := r.generator.(generate.Repairer)
	for round := 0; ok && round < r.settings.repairs && len(failed) > 0; round++ {
		var repaired []*draft
		for _, f := range failed {
			test, err := repairer.Repair(r.cfg.Context, f.draft.req, f.draft.code.decls, f.output)
			if err == nil {
				var code *testCode
				if code, err = normalizeTest(test, f.draft.req); err == nil && f.draft.fixFile != nil {
					err = code.adaptTo(f.draft.fixFile)
				}
				if err == nil {
					f.draft.code = code
					f.draft.why = ""
					repaired = append(repaired, f.draft)
					continue
				}
			}
			slog.Debug("repair failed", "function", f.draft.name, "error", err)
		}
		failed = r.verifyRound(pass, repaired)
	}
}

// A failure is a draft whose test failed verification, with the output.
type failure struct {
	draft  *draft
	output string
}

// verifyRound verifies the tests of drafts together and returns those that
// failed, each with its reason set.
func (r *runner) verifyRound(pass *analysis.Pass, drafts []*draft) []failure {
	if len(drafts) == 0 {
		return nil
	}
	req := &verify.Request{
		Dir:         packageDir(pass),
		TestPkgName: pass.Pkg.Name(),
		Targets:     map[string]verify.Target{},
	}
	for _, d := range drafts {
		file := d.plan.File
		if _, ok := req.Targets[file]; !ok {
			t := verify.Target{Path: file}
			if d.plan.Create {
				t.New = testfile.NewFile{Header: d.plan.Header, PackageName: d.plan.PackageName}
			} else if content, err := pass.ReadFile(file); err == nil {
				t.Base = content
			}
			req.Targets[file] = t
		}
		req.Candidates = append(req.Candidates, verify.Candidate{
			Name:    d.name,
			File:    file,
			Code:    d.code.decls,
			Imports: d.code.imports,
		})
	}

	outcomes, err := r.verifier.Verify(r.cfg.Context, req)
	if err != nil {
		for _, d := range drafts {
			d.why = "the generated test could not be verified: " + err.Error()
		}
		return nil
	}
	var failed []failure
	for i, d := range drafts {
		if i >= len(outcomes) {
			d.why = "the generated test was not verified"
			continue
		}
		o := outcomes[i]
		if !o.Passed {
			d.why = "the generated test failed verification: " + firstLine(o.Reason)
			slog.Info("dropped generated test", "function", d.name, "package", pass.Pkg.Path(), "reason", o.Reason)
			failed = append(failed, failure{draft: d, output: o.Reason})
			continue
		}
		if o.Code != "" {
			d.code.decls = o.Code
		}
	}
	return failed
}

// firstLine returns the first non-empty line of s.
func firstLine(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return s
}
