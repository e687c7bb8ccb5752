package verify

import (
	"strings"

	"github.com/go-testgen/testgen/internal/testfile"
)

// A prepared candidate is a candidate reduced to its test declarations,
// renamed where needed, with what the later steps need to know about it.
type prepared struct {
	index int
	cand  Candidate

	code    string
	imports []testfile.Import

	// keys identify its declarations in the composed file, and runs are
	// the functions that go test runs.
	keys []string
	runs []string

	// reason is set when the candidate failed before compiling.
	reason string
}

// prepareCandidates parses, filters and renames the candidates in order,
// so a candidate's renaming depends only on the package and on the
// candidates before it.
func prepareCandidates(req *Request, scope *packageScope) []*prepared {
	declared := map[string]bool{}
	for n := range scope.testNames {
		declared[n] = true
	}
	for n := range scope.pkgNames {
		declared[n] = true
	}

	out := make([]*prepared, len(req.Candidates))
	for i, c := range req.Candidates {
		p := &prepared{index: i, cand: c, code: c.Code}
		out[i] = p

		pc, err := parseCandidate(c.Code)
		if err != nil {
			p.reason = firstLines(err.Error(), maxReasonLines)
			continue
		}
		pc.keepTestDecls(scope.pkgNames)
		anyTest := false
		for _, u := range pc.units {
			anyTest = anyTest || (u.kept && u.test)
		}
		if !anyTest {
			p.reason = "the code declares no Test, Benchmark, Fuzz or Example function"
			continue
		}
		dropped := pc.changed
		pc.renameCollisions(declared)

		p.imports = pc.pruneImports(append(append([]testfile.Import(nil), c.Imports...), pc.imports...), dropped)
		p.keys = pc.declKeys()
		p.runs = pc.runNames()
		if pc.changed {
			code, err := pc.print()
			if err != nil {
				p.reason = err.Error()
				continue
			}
			p.code = code
		} else {
			p.code = strings.TrimSpace(c.Code)
		}
	}
	return out
}

// maxReasonLines is the number of output lines an Outcome.Reason keeps.
const maxReasonLines = 10

// firstLines returns the first n lines of s, without trailing blank lines.
func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n ")
}
