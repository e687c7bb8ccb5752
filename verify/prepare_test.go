package verify

import (
	"slices"
	"strings"
	"testing"

	"github.com/go-testgen/testgen/internal/testfile"
)

// prepareIn prepares codes as candidates for a new m_test.go in a module
// with the files given, and returns the prepared candidates.
func prepareIn(t *testing.T, files map[string]string, pkg string, codes ...string) []*prepared {
	t.Helper()
	dir := newModule(t, files)
	target := newTarget(dir, "m_test.go", pkg)
	req := &Request{Dir: dir, TestPkgName: pkg, Targets: map[string]Target{target.Path: target}}
	for _, code := range codes {
		req.Candidates = append(req.Candidates, Candidate{Name: "F", File: target.Path, Code: code, Imports: testingImport})
	}
	scope, err := scanPackage(req)
	if err != nil {
		t.Fatal(err)
	}
	return prepareCandidates(req, scope)
}

func TestPrepareDropsNonTestDecls(t *testing.T) {
	code := `type Point struct{ X, Y int }

func init() { println("init") }

func main() {}

func TestMain(m *testing.M) { m.Run() }

func unusedHelper() int { return 1 }

// double returns 2x.
func double(x int) int { return Add(x, x) }

func TestDouble(t *testing.T) {
	p := Point{X: 1}
	if double(p.X) != 2 {
		t.Fatal("double(1) != 2")
	}
}`
	p := prepareIn(t, map[string]string{"m.go": mSource}, "m", code)[0]
	if p.reason != "" {
		t.Fatalf("candidate rejected: %s", p.reason)
	}
	for _, gone := range []string{"type Point", "func init", "func main", "TestMain", "unusedHelper"} {
		if strings.Contains(p.code, gone) {
			t.Errorf("code still contains %q:\n%s", gone, p.code)
		}
	}
	for _, kept := range []string{"// double returns 2x.\nfunc double(", "func TestDouble("} {
		if !strings.Contains(p.code, kept) {
			t.Errorf("code lost %q:\n%s", kept, p.code)
		}
	}
	if !slices.Equal(p.runs, []string{"TestDouble"}) {
		t.Errorf("runs = %v, want [TestDouble]", p.runs)
	}
}

func TestPrepareKeepsTypeInExternalPackage(t *testing.T) {
	code := "type Point struct{ X int }\n\nfunc TestPoint(t *testing.T) {\n\t_ = Point{X: 1}\n}"
	p := prepareIn(t, map[string]string{"m.go": mSource}, "m_test", code)[0]
	if p.code != code {
		t.Errorf("code changed in the external test package:\n%s", p.code)
	}
}

func TestPrepareRenamesBetweenCandidates(t *testing.T) {
	first := "func setup() int { return 1 }\n\nfunc TestA(t *testing.T) {\n\tif setup() != 1 {\n\t\tt.Fatal(\"setup\")\n\t}\n}"
	second := `type config struct{ setup int }

func setup() int { return 2 }

func TestA(t *testing.T) {
	c := config{setup: setup()}
	if c.setup != 2 {
		t.Fatal("setup")
	}
}`
	prep := prepareIn(t, map[string]string{"m.go": mSource}, "m", first, second)
	if prep[0].code != first {
		t.Errorf("first candidate changed:\n%s", prep[0].code)
	}

	got := prep[1].code
	for _, want := range []string{"func setup2() int", "func TestA2(t *testing.T)", "config{setup: setup2()}", "c.setup != 2", "struct{ setup int }"} {
		if !strings.Contains(got, want) {
			t.Errorf("second candidate lacks %q:\n%s", want, got)
		}
	}
	if !slices.Equal(prep[1].runs, []string{"TestA2"}) {
		t.Errorf("runs = %v, want [TestA2]", prep[1].runs)
	}
}

func TestPrepareDropsBlankDecls(t *testing.T) {
	code := "var _ = 1\n\nfunc TestBlank(t *testing.T) {\n\t_ = t\n}"
	prep := prepareIn(t, map[string]string{"m.go": mSource}, "m", code, code)
	if strings.Contains(prep[0].code, "var _") {
		t.Errorf("blank declaration kept:\n%s", prep[0].code)
	}
	if !strings.Contains(prep[1].code, "func TestBlank2(") || !strings.Contains(prep[1].code, "_ = t") {
		t.Errorf("second candidate = %q, want TestBlank2 with its blank assignment intact", prep[1].code)
	}
}

func TestPrepareRenamesExistingTestNames(t *testing.T) {
	files := map[string]string{
		"m.go":        mSource,
		"old_test.go": "package m\n\nfunc TestAdd(t *testing.T) {}\n\nfunc TestAdd2(t *testing.T) {}\n",
		"ext_test.go": "package m_test\n\nfunc TestSub(t *testing.T) {}\n",
	}
	prep := prepareIn(t, files, "m", "func TestAdd(t *testing.T) {}", "func TestSub(t *testing.T) {}")
	if !strings.Contains(prep[0].code, "func TestAdd3(") {
		t.Errorf("TestAdd collides with TestAdd and TestAdd2, got:\n%s", prep[0].code)
	}
	if prep[1].code != "func TestSub(t *testing.T) {}" {
		t.Errorf("TestSub of the external test package made a rename:\n%s", prep[1].code)
	}
}

func TestPrepareMovesImportsOutOfCode(t *testing.T) {
	code := "package m\n\nimport (\n\tstr \"strings\"\n\t\"testing\"\n)\n\nfunc TestUpper(t *testing.T) {\n\t_ = str.ToUpper(\"a\")\n}\n"
	p := prepareIn(t, map[string]string{"m.go": mSource}, "m", code)[0]
	if strings.Contains(p.code, "package") || strings.Contains(p.code, "import") {
		t.Errorf("code keeps its package clause or imports:\n%s", p.code)
	}
	if !slices.Contains(p.imports, testfile.Import{Name: "str", Path: "strings"}) {
		t.Errorf("imports = %v, want str \"strings\" among them", p.imports)
	}
}

func TestPreparePrunesImportsOfDroppedDecls(t *testing.T) {
	dir := newModule(t, map[string]string{"m.go": mSource})
	target := newTarget(dir, "m_test.go", "m")
	req := &Request{Dir: dir, TestPkgName: "m", Targets: map[string]Target{target.Path: target},
		Candidates: []Candidate{{Name: "Point", File: target.Path,
			Code:    "type Point struct{ T time.Time }\n\nfunc TestPoint(t *testing.T) {\n\t_ = Point{}\n}",
			Imports: []testfile.Import{{Path: "testing"}, {Path: "time"}}}}}
	scope, err := scanPackage(req)
	if err != nil {
		t.Fatal(err)
	}
	p := prepareCandidates(req, scope)[0]
	if slices.Contains(p.imports, testfile.Import{Path: "time"}) {
		t.Errorf("imports = %v, want time dropped with the Point copy", p.imports)
	}
	if !slices.Contains(p.imports, testfile.Import{Path: "testing"}) {
		t.Errorf("imports = %v, want testing kept", p.imports)
	}
}

func TestPrepareRejectsBadCode(t *testing.T) {
	prep := prepareIn(t, map[string]string{"m.go": mSource}, "m", "func TestX(t *testing.T) {", "func helper() {}")
	if !strings.HasPrefix(prep[0].reason, "the code does not parse") {
		t.Errorf("reason for a syntax error = %q", prep[0].reason)
	}
	if !strings.Contains(prep[1].reason, "no Test") {
		t.Errorf("reason for code without tests = %q", prep[1].reason)
	}
}

func TestFreshName(t *testing.T) {
	declared := map[string]bool{"TestX": true, "TestX2": true}
	tests := map[string]string{
		"TestX":          "TestX3",
		"TestY":          "TestY2",
		"ExampleF":       "ExampleF_v2",
		"ExampleT_M":     "ExampleT_M_v2",
		"ExampleF_basic": "ExampleF_basic2",
		"Example":        "Example_v2",
	}
	for name, want := range tests {
		if got := freshName(name, declared, map[string]bool{}); got != want {
			t.Errorf("freshName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestIsTestFunc(t *testing.T) {
	tests := map[string]bool{
		"Test": true, "TestX": true, "Test_x": true, "Testify": false,
		"BenchmarkX": true, "FuzzX": true, "Example": true, "Example_x": true,
		"Examplex": false, "helper": false,
	}
	for name, want := range tests {
		if got := isTestFunc(name); got != want {
			t.Errorf("isTestFunc(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestGuessPackageName(t *testing.T) {
	tests := map[string]string{
		"strings":             "strings",
		"math/rand/v2":        "rand",
		"gopkg.in/yaml.v3":    "yaml",
		"github.com/a/go-cmp": "cmp",
	}
	for path, want := range tests {
		if got := guessPackageName(path); got != want {
			t.Errorf("guessPackageName(%q) = %q, want %q", path, got, want)
		}
	}
}
