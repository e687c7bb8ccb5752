package verify

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-testgen/testgen/internal/testfile"
)

// A candidate that imports a module missing from go.mod must not make
// go test add the module, even when GOFLAGS=-mod=mod allows the go command
// to update go.mod: verification writes no file of the user's module.
func TestVerifyModModKeepsGoMod(t *testing.T) {
	// -modcacherw lets the test's cleanup remove the module cache.
	t.Setenv("GOFLAGS", "-mod=mod -modcacherw")
	// A module proxy in a directory serves example.com/dep, so that
	// without the fix go test would find the module and add it.
	t.Setenv("GOPROXY", "file://"+filepath.ToSlash(writeProxy(t)))
	t.Setenv("GOSUMDB", "off")
	t.Setenv("GOMODCACHE", t.TempDir())
	dir := newModule(t, map[string]string{"m.go": mSource})
	before := hashDir(t, dir)
	target := newTarget(dir, "m_test.go", "m")

	r := &Runner{Runs: 1}
	outcomes, err := r.Verify(context.Background(), &Request{
		Dir:         dir,
		TestPkgName: "m",
		Targets:     map[string]Target{target.Path: target},
		Candidates: []Candidate{{
			Name: "Add",
			File: target.Path,
			Code: "func TestAdd(t *testing.T) {\n\tif Add(dep.One(), 2) != 3 {\n\t\tt.Fatal(\"wrong sum\")\n\t}\n}",
			Imports: []testfile.Import{
				{Path: "testing"},
				{Path: "example.com/dep"},
			},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(outcomes) != 1 {
		t.Fatalf("got %d outcomes, want 1", len(outcomes))
	}
	if outcomes[0].Passed {
		t.Error("a test importing a module that go.mod lacks passed verification")
	}
	if !strings.Contains(outcomes[0].Reason, "example.com/dep") {
		t.Errorf("reason %q does not name the missing module", outcomes[0].Reason)
	}
	if after := hashDir(t, dir); after != before {
		t.Errorf("verification changed the module's files:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// An import that the module cannot provide fails the candidate that listed
// it, and the other candidates of the package still pass.
func TestVerifyMissingPackageBlamesItsCandidate(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"github.com/stretchr/testify/require", "not/in/std"} {
		dir := newModule(t, map[string]string{"m.go": mSource})
		target := newTarget(dir, "m_test.go", "m")
		cands := []Candidate{
			{Name: "Add", Code: "func TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal(\"wrong sum\")\n\t}\n}"},
			{Name: "Sub", Code: "func TestSub(t *testing.T) {\n\tpkg.Check(t, Sub(3, 1))\n}",
				Imports: []testfile.Import{{Path: "testing"}, {Name: "pkg", Path: path}}},
		}
		for i := range cands {
			cands[i].File = target.Path
			if cands[i].Imports == nil {
				cands[i].Imports = testingImport
			}
		}

		r := &Runner{Runs: 1}
		outcomes, err := r.Verify(context.Background(), &Request{
			Dir:         dir,
			TestPkgName: "m",
			Targets:     map[string]Target{target.Path: target},
			Candidates:  cands,
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(outcomes) != 2 {
			t.Fatalf("got %d outcomes, want 2", len(outcomes))
		}
		if !outcomes[0].Passed {
			t.Errorf("import %s: TestAdd failed: %s", path, outcomes[0].Reason)
		}
		if outcomes[1].Passed || !strings.Contains(outcomes[1].Reason, path) {
			t.Errorf("import %s: TestSub passed=%v, reason %q; want a failure naming the import", path, outcomes[1].Passed, outcomes[1].Reason)
		}
	}
}

func TestModFlag(t *testing.T) {
	tests := []struct {
		goflags string
		want    string
	}{
		{"", ""},
		{"-mod=mod", "-mod=readonly"},
		{"-buildvcs=false -mod=mod", "-mod=readonly"},
		{"-mod=vendor", ""},
		{"-mod=readonly", ""},
	}
	for _, tt := range tests {
		t.Run(tt.goflags, func(t *testing.T) {
			t.Setenv("GOFLAGS", tt.goflags)
			if got := modFlag(); got != tt.want {
				t.Errorf("modFlag() with GOFLAGS=%q = %q, want %q", tt.goflags, got, tt.want)
			}
		})
	}
}

// writeProxy writes a GOPROXY directory that serves the module
// example.com/dep v1.0.0, whose package dep declares One, and returns it.
func writeProxy(t *testing.T) string {
	t.Helper()
	proxy := t.TempDir()
	dir := filepath.Join(proxy, "example.com", "dep", "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	const mod = "module example.com/dep\n\ngo 1.26\n"
	files := map[string]string{
		"list":        "v1.0.0\n",
		"v1.0.0.info": `{"Version":"v1.0.0","Time":"2026-01-01T00:00:00Z"}`,
		"v1.0.0.mod":  mod,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	f, err := os.Create(filepath.Join(dir, "v1.0.0.zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, content := range map[string]string{
		"go.mod": mod,
		"dep.go": "package dep\n\n// One returns 1.\nfunc One() int { return 1 }\n",
	} {
		w, err := zw.Create("example.com/dep@v1.0.0/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return proxy
}

// GOFLAGS set with go env -w is in the go env file.
func TestModFlagFromGoEnvFile(t *testing.T) {
	env := filepath.Join(t.TempDir(), "env")
	if err := os.WriteFile(env, []byte("GOPRIVATE=example.com\nGOFLAGS=-mod=mod -modcacherw\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOENV", env)
	t.Setenv("GOFLAGS", "") // restores GOFLAGS when the test ends
	os.Unsetenv("GOFLAGS")
	if got := modFlag(); got != "-mod=readonly" {
		t.Errorf("modFlag() with GOFLAGS in the go env file = %q, want -mod=readonly", got)
	}
}
