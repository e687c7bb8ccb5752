package analyzer

import (
	"go/ast"
	"go/parser"
	"go/token"
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
			// Verification drops declarations such as init, and with them
			// the uses of some imports, which must not be written.
			d.code.imports = keptImports(d.code.decls, o.Code, d.code.imports)
			d.code.decls = o.Code
		}
	}
	return failed
}

// firstLine returns the first non-empty line of s, followed by the next
// one when it ends with a colon.
func firstLine(s string) string {
	var first string
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case first == "" && strings.HasSuffix(line, ":"):
			// The line introduces the next one, which holds the cause.
			first = line
		case first != "":
			return first + " " + line
		default:
			return line
		}
	}
	if first != "" {
		return first
	}
	return s
}

// keptImports returns imps without the imports whose package name the code
// before verification refers to and the code after it does not. It keeps
// an import whose name it cannot tell, as verification does.
func keptImports(before, after string, imps []Import) []Import {
	usedBefore, usedAfter := selectorRoots(before), selectorRoots(after)
	var out []Import
	for _, imp := range imps {
		name := imp.Name
		if name == "" {
			name = guessName(imp.Path)
		}
		if usedBefore[name] && !usedAfter[name] {
			continue
		}
		out = append(out, imp)
	}
	return out
}

// selectorRoots returns the identifiers that start a selector expression in
// code, a list of declarations; nil when code does not parse.
func selectorRoots(code string) map[string]bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n\n"+code, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	roots := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				roots[id.Name] = true
			}
		}
		return true
	})
	return roots
}
