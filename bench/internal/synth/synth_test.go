package synth

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestSpecWriteBuildsAndEdits(t *testing.T) {
	spec := Spec{Packages: 2, FilesPerPackage: 2, FuncsPerFile: 3, TestFile: true, Salt: "run1"}
	if got := spec.Functions(); got != 12 {
		t.Errorf("Functions() = %d, want 12", got)
	}
	dir := t.TempDir()
	if err := spec.Write(dir); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet on the written module: %v\n%s", err, out)
	}

	if err := EditFunction(dir, 7); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "p0", "f0.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "return x + 0*8") {
		t.Errorf("EditFunction left F0_0 unchanged:\n%s", data)
	}
	if strings.Count(string(data), "return x + 0*8") != 1 {
		t.Errorf("EditFunction changed more than F0_0:\n%s", data)
	}
}

func TestSpecFilesCounts(t *testing.T) {
	spec := Spec{Packages: 2, FilesPerPackage: 2, FuncsPerFile: 3, TestFile: true, Salt: "run1"}
	files := spec.Files()
	// go.mod, 2 packages × (2 source files + 1 test file + 1 salt file).
	if len(files) != 9 {
		t.Errorf("Files() returned %d files, want 9: %v", len(files), files)
	}
	if got := strings.Count(files["p1/f1.go"], "\nfunc F"); got != 3 {
		t.Errorf("p1/f1.go declares %d functions, want 3:\n%s", got, files["p1/f1.go"])
	}
	if _, ok := files["p0/p0_test.go"]; !ok {
		t.Error("Files() has no p0/p0_test.go although TestFile is set")
	}
}
