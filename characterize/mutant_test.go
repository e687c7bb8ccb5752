package characterize_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const twoArgSrc = `package calc

import "errors"

// ErrDivZero is returned for a zero divisor.
var ErrDivZero = errors.New("division by zero")

// Divide returns a / b.
func Divide(a, b int) (int, error) {
	if b == 0 {
		return 0, ErrDivZero
	}
	return a / b, nil
}

// Max returns the larger of a and b.
func Max(a, b int) int {
	if a > b {
		return a
	}
	return b
}
`

// TestGenerated_killsTwoArgumentMutants checks that the tables move both
// arguments: a mutant that multiplies where Divide divides, and one where
// Max always returns a, both make the generated tests fail.
func TestGenerated_killsTwoArgumentMutants(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"go.mod":  "module example.com/calc\n\ngo 1.26\n",
		"calc.go": twoArgSrc,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	generateAll(t, dir)
	goTest(t, dir)

	mutants := map[string][2]string{
		"Divide multiplies":    {"return a / b, nil", "return a * b, nil"},
		"Max always returns a": {"\treturn b\n}", "\treturn a\n}"},
	}
	for name, m := range mutants {
		t.Run(name, func(t *testing.T) {
			mutated := strings.Replace(twoArgSrc, m[0], m[1], 1)
			if mutated == twoArgSrc {
				t.Fatalf("the mutation %q does not apply", m[0])
			}
			if err := os.WriteFile(filepath.Join(dir, "calc.go"), []byte(mutated), 0o644); err != nil {
				t.Fatal(err)
			}
			defer os.WriteFile(filepath.Join(dir, "calc.go"), []byte(twoArgSrc), 0o644)

			cmd := exec.Command("go", "test", "-count=1", ".")
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err == nil {
				t.Errorf("the generated tests pass with the mutant:\n%s", out)
			}
		})
	}
}
