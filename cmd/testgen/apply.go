package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aymanbagabas/go-udiff"

	"github.com/go-testgen/testgen/analyzer"
	"github.com/go-testgen/testgen/internal/testfile"
)

// A fileChange is everything testgen writes into one test file.
type fileChange struct {
	path  string
	tests []*analyzer.PlannedTest
}

// apply writes the planned tests, or prints them as a diff with -diff.
// Each file is written whole or not at all; a file that changed since it
// was analyzed is left alone and reported.
func (d *driver) apply(ctx context.Context, plans []*analyzer.PlannedTest, dirs map[string]bool) error {
	changes := groupByFile(plans)
	var errs []error
	for _, ch := range changes {
		if err := checkTarget(ch.path, dirs); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("interrupted before writing %s: %w", ch.path, err)
		}

		before, after, err := ch.content()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if d.opts.diff {
			old := ch.path
			if before == nil {
				old = "/dev/null"
			}
			fmt.Fprint(d.stdout, udiff.Unified(old, ch.path, string(before), string(after)))
			continue
		}
		if err := ch.write(after); err != nil {
			errs = append(errs, err)
			continue
		}
		verb := "added"
		if ch.create() {
			verb = "created"
		}
		d.log.Info(verb+" test file", "file", ch.path, "tests", len(ch.tests))
		fmt.Fprintf(d.stderr, "testgen: %s %s with %d %s\n", verb, relPath(ch.path), len(ch.tests), plural(len(ch.tests), "test", "tests"))
	}
	return errors.Join(errs...)
}

// checkTarget rejects a file that testgen must not write: it writes only
// _test.go files in the directories of the packages it analyzed, whatever
// a generated test or a source comment requests.
func checkTarget(path string, dirs map[string]bool) error {
	if !strings.HasSuffix(path, "_test.go") {
		return fmt.Errorf("%s was not written: testgen writes only _test.go files", path)
	}
	if !dirs[filepath.Dir(path)] {
		return fmt.Errorf("%s was not written: it is not in the directory of an analyzed package", path)
	}
	return nil
}

// groupByFile groups planned tests by the file they go into, in a stable
// order.
func groupByFile(plans []*analyzer.PlannedTest) []*fileChange {
	byPath := map[string]*fileChange{}
	for _, p := range plans {
		ch := byPath[p.File]
		if ch == nil {
			ch = &fileChange{path: p.File}
			byPath[p.File] = ch
		}
		ch.tests = append(ch.tests, p)
	}
	var out []*fileChange
	for _, ch := range byPath {
		sort.SliceStable(ch.tests, func(i, j int) bool { return ch.tests[i].Pos.Offset < ch.tests[j].Pos.Offset })
		out = append(out, ch)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

func (ch *fileChange) create() bool { return ch.tests[0].Create }

// content returns the file's current content (nil for a new file) and the
// content with the tests added, formatted, with its imports fixed.
func (ch *fileChange) content() (before, after []byte, err error) {
	var decls []string
	var imps []testfile.Import
	for _, t := range ch.tests {
		decls = append(decls, t.Code)
		imps = append(imps, t.Imports...)
	}

	var nf testfile.NewFile
	if ch.create() {
		if _, err := os.Lstat(ch.path); err == nil {
			return nil, nil, fmt.Errorf("%s was created after the analysis; run testgen again", ch.path)
		}
		nf = testfile.NewFile{Header: ch.tests[0].Header, PackageName: ch.tests[0].PackageName}
	} else {
		before, err = os.ReadFile(ch.path)
		if err != nil {
			return nil, nil, fmt.Errorf("reading %s: %w", ch.path, err)
		}
		if sha256.Sum256(before) != ch.tests[0].Hash {
			return nil, nil, fmt.Errorf("%s changed since it was analyzed; it was not written: run testgen again", ch.path)
		}
	}

	// A test generated for a function that was edited meanwhile may no
	// longer compile.
	for _, t := range ch.tests {
		if t.Source == "" {
			continue
		}
		src, err := os.ReadFile(t.Source)
		if err != nil || sha256.Sum256(src) != t.SourceHash {
			return nil, nil, fmt.Errorf("%s changed since it was analyzed; %s was not written: run testgen again", t.Source, ch.path)
		}
	}

	after, err = testfile.Compose(ch.path, before, nf, decls, imps)
	if err != nil {
		return nil, nil, err
	}
	return before, after, nil
}

// write replaces or creates the file atomically: the content goes to a
// temporary file in the same directory, which is then renamed over the
// file, or linked to its name when the file must not exist yet.
func (ch *fileChange) write(content []byte) (err error) {
	dir := filepath.Dir(ch.path)
	mode := os.FileMode(0o644)
	if !ch.create() {
		fi, err := os.Stat(ch.path)
		if err != nil {
			return fmt.Errorf("%s: %w", ch.path, err)
		}
		mode = fi.Mode().Perm()
	}

	tmp, err := os.CreateTemp(dir, ".testgen-*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", ch.path, err)
	}
	defer func() {
		// After a successful rename or link the temporary name is gone
		// or is a second link; removing it is right in every case.
		os.Remove(tmp.Name())
	}()
	if _, err := tmp.Write(content); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", ch.path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", ch.path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", ch.path, err)
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return fmt.Errorf("writing %s: %w", ch.path, err)
	}

	if ch.create() {
		// A link fails when the name exists, so a file that appeared
		// meanwhile is never replaced.
		if err := os.Link(tmp.Name(), ch.path); err != nil {
			if errors.Is(err, os.ErrExist) {
				return fmt.Errorf("%s was created after the analysis; it was not written: run testgen again", ch.path)
			}
			return fmt.Errorf("creating %s: %w", ch.path, err)
		}
		return nil
	}

	// Check once more, as late as possible, that the file was not edited.
	current, err := os.ReadFile(ch.path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", ch.path, err)
	}
	if sha256.Sum256(current) != ch.tests[0].Hash {
		return fmt.Errorf("%s changed since it was analyzed; it was not written: run testgen again", ch.path)
	}
	if err := os.Rename(tmp.Name(), ch.path); err != nil {
		return fmt.Errorf("writing %s: %w", ch.path, err)
	}
	return nil
}

// relPath returns path relative to the working directory when it is below
// it, for shorter messages.
func relPath(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return path
	}
	return rel
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
