package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-testgen/testgen/internal/testfile"
)

// goMod is the go.mod of every module the tests make. It needs no network.
const goMod = "module example.com/m\n\ngo 1.26\n"

// mSource is the package under test in most tests.
const mSource = `package m

// Add returns a + b.
func Add(a, b int) int { return a + b }

// Sub returns a - b.
func Sub(a, b int) int { return a - b }

// A Point is a point in the plane.
type Point struct{ X, Y int }
`

// newModule writes go.mod and files into a new temporary directory and
// returns its path.
func newModule(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if resolved, err := filepath.EvalSymlinks(dir); err == nil {
		dir = resolved
	}
	files["go.mod"] = goMod
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// hashDir returns a digest of the names, modes and contents of all files
// below dir, to show that verification wrote nothing there.
func hashDir(t testing.TB, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		line := rel + " " + info.Mode().String()
		if d.Type().IsRegular() {
			content, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(content)
			line += " " + hex.EncodeToString(sum[:])
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// debugLogger returns a logger that writes Debug records to the test log.
func debugLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// appendTarget returns a Target for the existing file name in dir.
func appendTarget(t testing.TB, dir, name string) Target {
	t.Helper()
	path := filepath.Join(dir, name)
	base, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Target{Path: path, Base: base}
}

// newTarget returns a Target for a file name in dir that does not exist.
func newTarget(dir, name, pkg string) Target {
	return Target{Path: filepath.Join(dir, name), New: testfile.NewFile{PackageName: pkg}}
}

var testingImport = []testfile.Import{{Path: "testing"}}

// writeScript writes a shell script with body into a new temporary
// directory and returns its path. Tests use it as Runner.GoCmd.
func writeScript(t testing.TB, body string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the test needs a POSIX shell")
	}
	path := filepath.Join(t.TempDir(), "go")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// processEnds reports whether the process pid is gone within 5 seconds.
func processEnds(pid int) bool {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		p, err := os.FindProcess(pid)
		if err != nil || p.Signal(syscall.Signal(0)) != nil {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}
