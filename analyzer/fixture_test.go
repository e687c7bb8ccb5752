package analyzer_test

import (
	"bytes"
	"go/format"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/go-testgen/testgen/internal/units"
)

// runFixtures runs a over the fixture packages the way the testgen command
// does, with one unit per package and test package, and checks the result
// against the fixtures as analysistest.RunWithSuggestedFixes would: each
// "// want" comment must match a diagnostic on its line, every diagnostic
// must be wanted, and the suggested fixes applied to a file must give its
// .golden file.
//
// analysistest itself analyzes each package also without its tests and
// checks every unit on its own, while testgen reports a function in the
// one unit that sees all its tests; packages with a single unit are
// checked with analysistest too.
func runFixtures(t *testing.T, a *analysis.Analyzer, pkgs ...string) {
	t.Helper()
	dir := filepath.Join(testdata(t), "src")
	cfg := &packages.Config{
		Dir: dir,
		Env: append(os.Environ(), "GO111MODULE=off", "GOPATH="+testdata(t), "GOFLAGS="),
	}
	roots, err := units.Load(cfg, pkgs...)
	if err != nil {
		t.Fatal(err)
	}
	if n := packages.PrintErrors(roots); n > 0 {
		t.Fatalf("fixtures have %d errors", n)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, roots, nil)
	if err != nil {
		t.Fatal(err)
	}

	// Collect the diagnostics of all units, and the edits of their first
	// suggested fixes by file.
	type lineKey struct {
		file string
		line int
	}
	got := map[lineKey][]string{}
	edits := map[string][]analysis.TextEdit{}
	var fset *token.FileSet
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act.Package.ID, act.Err)
		}
		fset = act.Package.Fset
		for _, d := range act.Diagnostics {
			posn := fset.Position(d.Pos)
			k := lineKey{posn.Filename, posn.Line}
			got[k] = append(got[k], d.Message)
			if len(d.SuggestedFixes) > 0 {
				for _, e := range d.SuggestedFixes[0].TextEdits {
					name := fset.File(e.Pos).Name()
					edits[name] = append(edits[name], e)
				}
			}
		}
	}

	// Match the diagnostics against the want comments of every file.
	for _, pkg := range pkgs {
		files, _ := filepath.Glob(filepath.Join(dir, pkg, "*.go"))
		for _, file := range files {
			content, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(content), "\n") {
				k := lineKey{file, i + 1}
				for _, rx := range wantPatterns(t, line) {
					idx := slices.IndexFunc(got[k], rx.MatchString)
					if idx < 0 {
						t.Errorf("%s:%d: no diagnostic was reported matching %q", file, i+1, rx)
						continue
					}
					got[k] = slices.Delete(got[k], idx, idx+1)
				}
			}
		}
	}
	for k, msgs := range got {
		for _, m := range msgs {
			t.Errorf("%s:%d: unexpected diagnostic: %s", k.file, k.line, m)
		}
	}

	// Apply the fixes and compare with the golden files.
	for name, es := range edits {
		content, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fixed, err := format.Source(applyEdits(fset, content, es))
		if err != nil {
			t.Errorf("%s: the fixed file does not format: %v", name, err)
			continue
		}
		golden, err := os.ReadFile(name + ".golden")
		if err != nil {
			t.Errorf("%s: fixes were suggested but there is no golden file: %v", name, err)
			continue
		}
		if !bytes.Equal(fixed, golden) {
			t.Errorf("%s: fixed file differs from %s.golden:\n%s", name, filepath.Base(name), fixed)
		}
	}
}

// wantRx matches the expectations of a "// want" comment.
var wantRx = regexp.MustCompile(`// want (.*)$`)

// wantPatterns returns the diagnostic patterns of a line's want comment,
// skipping fact expectations (name:"pattern").
func wantPatterns(t *testing.T, line string) []*regexp.Regexp {
	m := wantRx.FindStringSubmatch(line)
	if m == nil {
		return nil
	}
	var out []*regexp.Regexp
	rest := strings.TrimSpace(m[1])
	for rest != "" {
		fact := false
		if i := strings.IndexAny(rest, "\"`"); i > 0 {
			rest = rest[i:]
			fact = true
		}
		lit, err := strconv.QuotedPrefix(rest)
		if err != nil {
			t.Fatalf("bad want comment %q: %v", line, err)
		}
		rest = strings.TrimSpace(rest[len(lit):])
		if fact {
			continue
		}
		s, _ := strconv.Unquote(lit)
		out = append(out, regexp.MustCompile(s))
	}
	return out
}

// applyEdits applies text edits to content, merging identical ones as the
// drivers do.
func applyEdits(fset *token.FileSet, content []byte, edits []analysis.TextEdit) []byte {
	type edit struct {
		start, end int
		text       string
	}
	var list []edit
	for _, e := range edits {
		f := fset.File(e.Pos)
		ed := edit{f.Offset(e.Pos), f.Offset(e.End), string(e.NewText)}
		if !slices.Contains(list, ed) {
			list = append(list, ed)
		}
	}
	slices.SortStableFunc(list, func(a, b edit) int { return a.start - b.start })
	var out []byte
	last := 0
	for _, e := range list {
		out = append(out, content[last:e.start]...)
		out = append(out, e.text...)
		last = e.end
	}
	return append(out, content[last:]...)
}
