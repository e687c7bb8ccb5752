package main

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-testgen/testgen/analyzer"
)

const appendedTest = `func TestF(t *testing.T) {
	F()
}`

// newChange returns a change that appends TestF to path, planned when the
// file held analyzed.
func newChange(path string, analyzed []byte) *fileChange {
	return &fileChange{path: path, tests: []*analyzer.PlannedTest{{
		Name:    "F",
		File:    path,
		Hash:    sha256.Sum256(analyzed),
		Code:    appendedTest,
		Imports: []analyzer.Import{{Path: "testing"}},
	}}}
}

// listDir returns the names in dir.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestFileChange_appends(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p_test.go")
	orig := []byte("package p\n")
	if err := os.WriteFile(path, orig, 0o640); err != nil {
		t.Fatal(err)
	}
	ch := newChange(path, orig)

	_, after, err := ch.content()
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.write(after); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, path)
	if !strings.Contains(got, "import \"testing\"") || !strings.Contains(got, "func TestF(t *testing.T) {") {
		t.Errorf("file after write:\n%s", got)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v, want the original 0640", fi.Mode().Perm())
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v, want only p_test.go", names)
	}
}

func TestFileChange_changedSinceAnalysis(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p_test.go")
	ch := newChange(path, []byte("package p\n"))

	// The user edits the file after the analysis.
	edited := "package p\n\n// edited\n"
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ch.content(); err == nil || !strings.Contains(err.Error(), "changed since it was analyzed") {
		t.Errorf("content() error = %v, want a changed-file error", err)
	}

	// Also when the edit lands between composing and renaming.
	if err := ch.write([]byte("package p\n\nfunc TestF(t *testing.T) {}\n")); err == nil || !strings.Contains(err.Error(), "changed since it was analyzed") {
		t.Errorf("write() error = %v, want a changed-file error", err)
	}
	if got := readFile(t, path); got != edited {
		t.Errorf("file was overwritten:\n%s", got)
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v, want no temporary file", names)
	}
}

func TestFileChange_createdMeanwhile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p_test.go")
	ch := &fileChange{path: path, tests: []*analyzer.PlannedTest{{
		Name: "F", File: path, Create: true, PackageName: "p", Code: appendedTest,
		Imports: []analyzer.Import{{Path: "testing"}},
	}}}
	_, after, err := ch.content()
	if err != nil {
		t.Fatal(err)
	}

	// Another program creates the file before testgen writes it.
	theirs := "package p\n\n// theirs\n"
	if err := os.WriteFile(path, []byte(theirs), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := ch.write(after); err == nil || !strings.Contains(err.Error(), "was created after the analysis") {
		t.Errorf("write() error = %v, want a created-meanwhile error", err)
	}
	if got := readFile(t, path); got != theirs {
		t.Errorf("file was replaced:\n%s", got)
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v, want no temporary file", names)
	}
}

func TestFileChange_readOnlyDir(t *testing.T) {
	if os.Geteuid() == 0 {
		// root writes into read-only directories, so drop the write bit
		// on the file's directory for a non-root check and, as root,
		// check the error of a directory that does not exist instead.
		dir := filepath.Join(t.TempDir(), "missing")
		ch := newChange(filepath.Join(dir, "p_test.go"), nil)
		ch.tests[0].Create = true
		ch.tests[0].PackageName = "p"
		err := ch.write([]byte("package p\n"))
		if err == nil || !strings.Contains(err.Error(), "p_test.go") {
			t.Errorf("write() error = %v, want an error naming the file", err)
		}
		return
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "p_test.go")
	orig := []byte("package p\n")
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	ch := newChange(path, orig)
	_, after, err := ch.content()
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.write(after); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("write() error = %v, want an error naming %s", err, path)
	}
	if got := readFile(t, path); got != string(orig) {
		t.Errorf("file changed:\n%s", got)
	}
}

func TestCheckTarget(t *testing.T) {
	dirs := map[string]bool{"/src/p": true}
	tests := []struct {
		name    string
		path    string
		wantErr string
	}{
		{"test file in analyzed dir", "/src/p/p_test.go", ""},
		{"not a test file", "/src/p/p.go", "writes only _test.go files"},
		{"outside analyzed dirs", "/etc/p_test.go", "not in the directory of an analyzed package"},
		{"parent directory", "/src/p_test.go", "not in the directory of an analyzed package"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkTarget(tt.path, dirs)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("checkTarget() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("checkTarget() = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}
