package requests

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/go-testgen/testgen/generate"
)

// fixture copies a characterization fixture module to a temporary
// directory.
func fixture(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dst, os.DirFS(filepath.Join("..", "..", "..", "testdata", "characterize", name))); err != nil {
		t.Fatal(err)
	}
	return dst
}

func names(reqs []*generate.Request) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Name)
	}
	return out
}

func TestUntested(t *testing.T) {
	dir := fixture(t, "effects")
	reqs, err := Untested(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	got := names(reqs)
	want := []string{"Stamp", "ReadConfig", "Roll", "Label", "Double"}
	if len(got) != len(want) {
		t.Fatalf("Untested() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d = %s, want %s", i, got[i], want[i])
		}
	}
	if reqs[0].Func == nil || reqs[0].PkgName != "effects" || reqs[0].Dir != dir {
		t.Errorf("request lacks type information or package: %+v", reqs[0])
	}
}

func TestExported(t *testing.T) {
	dir := fixture(t, "clamp")
	untested, err := Untested(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	all, err := Exported(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) <= len(untested) {
		t.Errorf("Exported() returned %d requests, want more than the %d untested ones", len(all), len(untested))
	}
}

func TestWriteTests(t *testing.T) {
	dir := fixture(t, "effects")
	tests := []generate.Test{
		{Name: "Double", Code: "func TestDoubleWritten(t *testing.T) {\n\tif Double(2) != 4 {\n\t\tt.Fatal(\"Double(2) != 4\")\n\t}\n}\n", Imports: map[string]string{"testing": ""}},
		{Name: "Roll", Err: os.ErrInvalid},
	}
	if err := WriteTests(dir, "written_test.go", "effects", tests); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "test", "-count=1", "-run", "^TestDoubleWritten$", ".")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go test of the written file: %v\n%s", err, out)
	}
}
