package plugin

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// The binaries the integration tests run, set by TestMain.
var (
	// golangciBin is golangci-lint with this plugin compiled in.
	golangciBin string
	// testgenBin is the standalone testgen command.
	testgenBin string
)

// golangciEnv names a prebuilt golangci-lint binary with this plugin, for
// CI jobs that build it in an earlier step.
const golangciEnv = "TESTGEN_GOLANGCI_LINT"

func TestMain(m *testing.M) {
	// No test may reach a real endpoint or read a real key: the tests
	// that need an LLM point testgen at a loopback server themselves.
	for _, name := range []string{"OPENAI_API_KEY", "OPENAI_BASE_URL", "TESTGEN_MODEL", "TESTGEN_CACHE"} {
		os.Unsetenv(name)
	}
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	flag.Parse() // for testing.Verbose
	root, err := filepath.Abs("..")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}

	tmp, err := os.MkdirTemp("", "testgen-plugin-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() { _ = os.RemoveAll(tmp) }()

	testgenBin = filepath.Join(tmp, "testgen")
	build := exec.Command("go", "build", "-o", testgenBin, "./cmd/testgen")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building testgen: %v\n%s", err, out)
		return 1
	}

	golangciBin = os.Getenv(golangciEnv)
	if golangciBin == "" {
		start := time.Now()
		golangciBin, err = cachedGolangciLint(root)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if testing.Verbose() {
			fmt.Fprintf(os.Stderr, "golangci-lint with the plugin: %s (%v)\n", golangciBin, time.Since(start).Round(time.Second))
		}
	}
	return m.Run()
}

// cachedGolangciLint returns golangci-lint built with the plugin of the
// working tree at root. A cold build takes minutes, so the binary is kept
// in the user cache directory under a hash of every input that can change
// it, and rebuilt only when one of them changes.
func cachedGolangciLint(root string) (string, error) {
	key, err := sourceHash(root)
	if err != nil {
		return "", fmt.Errorf("hashing the plugin's sources: %w", err)
	}
	cacheDir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding the cache directory for golangci-lint: %w", err)
	}
	dir := filepath.Join(cacheDir, "testgen-golangci-lint")
	bin := filepath.Join(dir, key, "golangci-lint")

	if _, err := os.Stat(bin); err == nil {
		now := time.Now()
		// The modification time records the last use, for pruning.
		_ = os.Chtimes(filepath.Dir(bin), now, now)
		return bin, nil
	}

	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return "", err
	}
	// Build under a temporary name and rename, so that a concurrent run
	// never executes a partly written binary.
	tmp := fmt.Sprintf("%s.%d.tmp", bin, os.Getpid())
	build := exec.Command(filepath.Join(root, "scripts", "build-golangci-lint.sh"), tmp)
	if out, err := build.CombinedOutput(); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("building golangci-lint with the plugin: %w\n%s", err, out)
	}
	if err := os.Rename(tmp, bin); err != nil {
		return "", err
	}
	pruneBuilds(dir, key)
	return bin, nil
}

// pruneBuilds removes the binaries of other source hashes that no test run
// used for a day. Each is about 70 MB.
func pruneBuilds(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || e.Name() == keep || time.Since(info.ModTime()) < 24*time.Hour {
			continue
		}
		_ = os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

// sourceHash returns a hash of what the custom golangci-lint is built
// from: the Go version, the build script, and the non-test Go files,
// go.mod and go.sum files of the repository, plugin/ and plugin/gcl
// included.
func sourceHash(root string) (string, error) {
	h := sha256.New()
	h.Write(fmt.Appendf(nil, "%s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH))

	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (name == "testdata" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		name := d.Name()
		if (strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")) || name == "go.mod" || name == "go.sum" {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	files = append(files, filepath.Join(root, "scripts", "build-golangci-lint.sh"))
	slices.Sort(files)

	for _, path := range files {
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return "", err
		}
		content, err := os.ReadFile(path)
		if err != nil {
			return "", err
		}
		h.Write(fmt.Appendf(nil, "%s %d\n", rel, len(content)))
		h.Write(content)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
