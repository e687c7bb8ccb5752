package characterize_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-testgen/testgen/characterize"
	"github.com/go-testgen/testgen/characterize/internal/requests"
	"github.com/go-testgen/testgen/generate"
)

// copyFixture copies testdata/characterize/name to a temporary directory,
// so generated test files never land in the repository.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dst, os.DirFS(filepath.Join("..", "testdata", "characterize", name))); err != nil {
		t.Fatal(err)
	}
	return dst
}

// generateAll characterizes every exported function of the fixture, writes
// the tests next to the package and returns them by request name.
func generateAll(t *testing.T, dir string) (map[string]generate.Test, *characterize.Result) {
	t.Helper()
	ctx := context.Background()
	reqs, err := requests.Exported(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	g := &characterize.Generator{}
	res, err := g.Characterize(ctx, reqs)
	if err != nil {
		t.Fatalf("Characterize() error = %v", err)
	}
	if len(res.Tests) != len(reqs) {
		t.Fatalf("Characterize() returned %d tests for %d requests", len(res.Tests), len(reqs))
	}
	if err := requests.WriteTests(dir, "characterize_generated_test.go", reqs[0].PkgName, res.Tests); err != nil {
		t.Fatal(err)
	}
	byName := map[string]generate.Test{}
	for _, test := range res.Tests {
		byName[test.Name] = test
	}
	return byName, res
}

// goTest runs the package's tests, the generated ones included.
func goTest(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"test", "-count=1"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test %s in %s failed: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
}

// wantContains checks that the test of name was characterized and holds
// each fragment.
func wantContains(t *testing.T, tests map[string]generate.Test, res *characterize.Result, name string, fragments ...string) {
	t.Helper()
	if reason, ok := res.Skipped[name]; ok {
		t.Errorf("%s not characterized: %s", name, reason)
		return
	}
	code := tests[name].Code
	for _, f := range fragments {
		if !strings.Contains(code, f) {
			t.Errorf("test of %s does not contain %q:\n%s", name, f, code)
		}
	}
}

func TestFixtureTestsPass(t *testing.T) {
	cases := []struct {
		fixture string
		want    map[string][]string
	}{
		{"clamp", map[string][]string{
			"Clamp": {"v:    -1,\n", "want: -1,", "lo:   1,\n"},
			"Grade": {`want:  "invalid"`, `want:  "A"`, `want:  "B"`, `want:  "C"`, `want:  "D"`, `want: "F"`},
			"Sign":  {"want: -1,", "want: 1,"},
			"Lerp":  {"want:"},
		}},
		{"parse", map[string][]string{
			"ParseLine": {"wantErrIs: ErrEmpty", "wantErrIs: ErrComment", "errors.Is(err, tt.wantErrIs)"},
			"ParsePort": {`wantErr: "port \"\" is not a number"`, `wantErr: "port 0 out of range"`, `want: 65535`},
			"ParseBool": {`wantErr: "invalid boolean \"\""`},
		}},
		{"stack", map[string][]string{
			"Stack.Push":  {"wantErrIs: ErrFull", "wantRecv: Stack{items: []int{"},
			"Stack.Pop":   {"wantErrIs: ErrEmpty", "want:"},
			"Stack.Peek":  {`wantPanic: "runtime error: index out of range [-1]"`},
			"Counter.Add": {`wantPanic: "negative step count"`, "wantRecv: Counter{"},
		}},
		{"generic", map[string][]string{
			"Max":     {"Max[int](tt.a, tt.b)"},
			"Sum":     {"Sum[int](tt.xs)", "want:"},
			"Index":   {"want: -1"},
			"Reverse": {"reflect.DeepEqual", "[]int{"},
			"Swap":    {"Pair[int, int]{"},
		}},
	}
	for _, c := range cases {
		t.Run(c.fixture, func(t *testing.T) {
			t.Parallel()
			dir := copyFixture(t, c.fixture)
			tests, res := generateAll(t, dir)
			for name, fragments := range c.want {
				wantContains(t, tests, res, name, fragments...)
			}
			for name, test := range tests {
				if strings.Contains(test.Code, "TODO: add test cases") {
					t.Errorf("%s got a skeleton", name)
				}
			}
			// Twice in one process and once more in another: the recorded
			// values must not depend on test order or on the process.
			goTest(t, dir, "-count=2", ".")
			goTest(t, dir, ".")
		})
	}
}

func TestEffectsGetSkeletons(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t, "effects")
	var reported []string
	ctx := context.Background()
	reqs, err := requests.Exported(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	g := &characterize.Generator{OnSkip: func(name, reason string) {
		reported = append(reported, name+": "+reason)
	}}
	res, err := g.Characterize(ctx, reqs)
	if err != nil {
		t.Fatal(err)
	}
	wantReasons := map[string]string{
		"Stamp":      "calls time.Now",
		"ReadConfig": "calls os.ReadFile",
		"Roll":       "calls math/rand.Intn",
		"Label":      "calls time.Now via hour",
	}
	for name, want := range wantReasons {
		if got := res.Skipped[name]; got != want {
			t.Errorf("Skipped[%s] = %q, want %q", name, got, want)
		}
	}
	if _, ok := res.Skipped["Double"]; ok {
		t.Errorf("Double was skipped: %s", res.Skipped["Double"])
	}
	if len(reported) != len(wantReasons) {
		t.Errorf("OnSkip reported %v, want one call for each of %d skipped functions", reported, len(wantReasons))
	}
	for i, r := range reqs {
		code := res.Tests[i].Code
		_, skipped := wantReasons[r.Name]
		if got := strings.Contains(code, "TODO: add test cases"); got != skipped {
			t.Errorf("%s: skeleton = %t, want %t:\n%s", r.Name, got, skipped, code)
		}
	}
	if err := requests.WriteTests(dir, "characterize_generated_test.go", reqs[0].PkgName, res.Tests); err != nil {
		t.Fatal(err)
	}
	goTest(t, dir, ".")
}

func TestConstructorForExternalTests(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t, "stack")
	ctx := context.Background()
	all, err := requests.Exported(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	var reqs []*generate.Request
	for _, r := range all {
		if strings.HasPrefix(r.Name, "Stack.") {
			r.TestPkgName = "stack_test"
			reqs = append(reqs, r)
		}
	}
	if len(reqs) == 0 || reqs[0].Constructor == nil {
		t.Fatalf("no Stack methods with a constructor among %d requests", len(all))
	}
	res, err := (&characterize.Generator{}).Characterize(ctx, reqs)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range reqs {
		if reason, ok := res.Skipped[r.Name]; ok {
			t.Errorf("%s not characterized: %s", r.Name, reason)
			continue
		}
		code := res.Tests[i].Code
		// Stack's fields are unexported, so the external test package
		// builds its receivers with NewStack.
		if !strings.Contains(code, "stack.NewStack(tt.newMax)") {
			t.Errorf("test of %s does not call stack.NewStack:\n%s", r.Name, code)
		}
	}
	if err := requests.WriteTests(dir, "characterize_external_test.go", "stack_test", res.Tests); err != nil {
		t.Fatal(err)
	}
	goTest(t, dir, ".")
}

func TestCancelRemovesTempDirs(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := copyFixture(t, "clamp")
	reqs, err := requests.Exported(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err = (&characterize.Generator{}).Characterize(ctx, reqs)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Characterize() error = %v, want context.DeadlineExceeded", err)
	}
	left, err := filepath.Glob(filepath.Join(tmp, "testgen-characterize-*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("temporary directories left after cancellation: %v", left)
	}
}

func TestGenerator_Generate(t *testing.T) {
	dir := copyFixture(t, "effects")
	reqs, err := requests.Untested(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var skipped []string
	g := &characterize.Generator{OnSkip: func(name, reason string) { skipped = append(skipped, name) }}
	tests, err := g.Generate(context.Background(), reqs)
	if err != nil {
		t.Fatal(err)
	}
	if len(tests) != len(reqs) {
		t.Fatalf("Generate() returned %d tests for %d requests", len(tests), len(reqs))
	}
	for i, test := range tests {
		if test.Name != reqs[i].Name {
			t.Errorf("test %d answers %s, want %s", i, test.Name, reqs[i].Name)
		}
		if test.Err != nil || test.Code == "" {
			t.Errorf("%s: no code (Err = %v)", test.Name, test.Err)
		}
	}
	// Only Double is pure; the others fall back to skeletons.
	if len(skipped) != len(reqs)-1 {
		t.Errorf("skipped %v, want all but Double", skipped)
	}
}
