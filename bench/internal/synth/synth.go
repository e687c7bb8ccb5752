// Package synth writes synthetic Go modules of a chosen size for
// benchmarks: packages of small exported functions that no test covers.
package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ModulePath is the module path of every generated module.
const ModulePath = "example.com/synth"

// A Spec sets the size and shape of a generated module.
type Spec struct {
	Packages        int
	FilesPerPackage int
	FuncsPerFile    int

	// TestFile adds p<N>_test.go with one test that covers none of the
	// functions, so that go vet -fix has a test file to append to.
	TestFile bool

	// Salt, when set, adds an unexported constant holding it to every
	// package, so that go vet's result cache misses while the functions
	// and the LLM prompts stay the same.
	Salt string
}

// Functions returns the number of exported functions the spec declares.
func (s Spec) Functions() int {
	return s.Packages * s.FilesPerPackage * s.FuncsPerFile
}

// Files returns the contents of the module's files by slash-separated
// path relative to the module root.
func (s Spec) Files() map[string]string {
	files := map[string]string{
		"go.mod": "module " + ModulePath + "\n\ngo 1.26\n",
	}
	for p := range s.Packages {
		pkg := fmt.Sprintf("p%d", p)
		for f := range s.FilesPerPackage {
			var b strings.Builder
			fmt.Fprintf(&b, "package %s\n", pkg)
			for i := range s.FuncsPerFile {
				fmt.Fprintf(&b, "\n// F%d_%d returns x plus %d.\nfunc F%d_%d(x int) int { return x + %d }\n", f, i, i, f, i, i)
			}
			files[fmt.Sprintf("%s/f%d.go", pkg, f)] = b.String()
		}
		if s.TestFile {
			files[fmt.Sprintf("%s/%s_test.go", pkg, pkg)] = fmt.Sprintf(
				"package %s\n\nimport \"testing\"\n\nfunc TestPackageBuilds(t *testing.T) {}\n", pkg)
		}
		if s.Salt != "" {
			files[fmt.Sprintf("%s/salt.go", pkg)] = fmt.Sprintf("package %s\n\nconst salt = %q\n", pkg, s.Salt)
		}
	}
	return files
}

// Write writes the module into dir, which must not exist yet or be empty.
func (s Spec) Write(dir string) error {
	for name, content := range s.Files() {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// EditFunction changes the body of F0_0 in package p0 of a module that
// Write wrote into dir, so that exactly one function's source differs
// from the spec. Different values of n give different sources.
func EditFunction(dir string, n int) error {
	path := filepath.Join(dir, "p0", "f0.go")
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	old := "func F0_0(x int) int { return x + 0 }"
	src := string(data)
	if !strings.Contains(src, old) {
		return fmt.Errorf("%s does not declare %q", path, old)
	}
	src = strings.Replace(src, old, fmt.Sprintf("func F0_0(x int) int { return x + 0*%d }", n+1), 1)
	return os.WriteFile(path, []byte(src), 0o644)
}
