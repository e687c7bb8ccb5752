package main

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFileChange_sourceChangedSinceAnalysis(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "p.go")
	analyzed := []byte("package p\n\nfunc F() {}\n")
	if err := os.WriteFile(src, analyzed, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "p_test.go")
	orig := []byte("package p\n")
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	ch := newChange(path, orig)
	ch.tests[0].Source = src
	ch.tests[0].SourceHash = sha256.Sum256(analyzed)

	// Unchanged, the test file is composed.
	if _, _, err := ch.content(); err != nil {
		t.Fatalf("content() with the analyzed source: %v", err)
	}

	// The user renames F while the test is generated.
	if err := os.WriteFile(src, []byte("package p\n\nfunc G() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := ch.content()
	if err == nil || !strings.Contains(err.Error(), src+" changed since it was analyzed") {
		t.Errorf("content() error = %v, want one naming the changed source", err)
	}

	// A source file that is gone counts as changed.
	if err := os.Remove(src); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ch.content(); err == nil {
		t.Error("content() with the source file removed: no error")
	}
	if got := readFile(t, path); got != string(orig) {
		t.Errorf("test file changed:\n%s", got)
	}
}
