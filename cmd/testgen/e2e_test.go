package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRealModule runs testgen -fix on a copy of a real module from the Go
// module proxy and checks that go vet and go test pass afterwards.
func TestRealModule(t *testing.T) {
	const module = "github.com/google/uuid@v1.6.0"

	// go mod download needs a module to run in.
	work := writeModule(t, map[string]string{})
	cmd := exec.Command("go", "mod", "download", "-json", module)
	cmd.Dir = work
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go mod download %s: %v", module, err)
	}
	var info struct{ Dir string }
	if err := json.Unmarshal(out, &info); err != nil || info.Dir == "" {
		t.Fatalf("go mod download printed no directory: %s", out)
	}

	dir := filepath.Join(t.TempDir(), "uuid")
	if err := os.CopyFS(dir, os.DirFS(info.Dir)); err != nil {
		t.Fatal(err)
	}
	if err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chmod(path, 0o755)
	}); err != nil {
		t.Fatal(err)
	}

	report, code := runCmd(t, dir, testgenBin, "./...")
	if code != exitDiagnostics {
		t.Fatalf("testgen: exit code %d:\n%s", code, report)
	}
	reported := strings.Count(report, "has no test")
	if reported == 0 {
		t.Fatalf("nothing reported:\n%s", report)
	}

	fixOut, code := runCmd(t, dir, testgenBin, "-fix", "./...")
	if code != exitOK {
		t.Fatalf("testgen -fix: exit code %d:\n%s", code, fixOut)
	}
	if !strings.Contains(fixOut, "testgen: created") {
		t.Errorf("testgen -fix created no file:\n%s", fixOut)
	}
	if out, code := runCmd(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet after testgen -fix: %s", out)
	}
	if out, code := runCmd(t, dir, "go", "test", "-count=1", "./..."); code != 0 {
		t.Errorf("go test after testgen -fix: %s", out)
	}

	// The functions that were not characterized have skeletons, and
	// only they are still reported, as waiting for cases.
	after, _ := runCmd(t, dir, testgenBin, "./...")
	remaining := strings.Count(after, "\n")
	if n := strings.Count(after, "has no test cases yet"); n != remaining {
		t.Errorf("%d functions are reported after -fix, %d of them for a skeleton:\n%s", remaining, n, after)
	}
	if remaining >= reported {
		t.Errorf("%d of %d functions are still reported: nothing was characterized:\n%s", remaining, reported, after)
	}
}
