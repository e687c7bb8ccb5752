package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkPlainGoTest measures go test of the package and tests that
// BenchmarkVerify in the verify package checks: m.go with Add, and n
// passing tests of it in m_test.go. It is the baseline for the cost of
// verification. -count=3 matches verification's default of 3 runs.
func BenchmarkPlainGoTest(b *testing.B) {
	for _, n := range []int{1, 10, 50} {
		for _, count := range []int{1, 3} {
			b.Run(fmt.Sprintf("candidates=%d/count=%d", n, count), func(b *testing.B) {
				dir := writeVerifyModule(b, n)
				for b.Loop() {
					cmd := exec.Command("go", "test", "-count="+strconv.Itoa(count), ".")
					cmd.Dir = dir
					if out, err := cmd.CombinedOutput(); err != nil {
						b.Fatalf("go test: %v\n%s", err, out)
					}
				}
			})
		}
	}
}

// writeVerifyModule writes the module of BenchmarkVerify with n tests of
// Add in m_test.go.
func writeVerifyModule(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	var tests strings.Builder
	tests.WriteString("package m\n\nimport \"testing\"\n")
	for i := range n {
		fmt.Fprintf(&tests, "\nfunc TestAdd%d(t *testing.T) {\n\tif Add(%d, 1) != %d {\n\t\tt.Fatal(\"wrong sum\")\n\t}\n}\n", i, i, i+1)
	}
	files := map[string]string{
		"go.mod":    "module example.com/m\n\ngo 1.26\n",
		"m.go":      "package m\n\n// Add returns a + b.\nfunc Add(a, b int) int { return a + b }\n\n// Sub returns a - b.\nfunc Sub(a, b int) int { return a - b }\n\n// A Point is a point in the plane.\ntype Point struct{ X, Y int }\n",
		"m_test.go": tests.String(),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}
