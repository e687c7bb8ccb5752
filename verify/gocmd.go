package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// waitDelay bounds how long a finished or killed go command may keep its
// output pipes open, as a test's child process that inherited them can.
const waitDelay = 5 * time.Second

// A goRun is the output of one go command.
type goRun struct {
	stdout, stderr []byte

	// err is the command's exit error, and killed is set when the limit
	// ended it.
	err    error
	killed bool
}

// runGo runs the go command in dir and kills its process group, which
// includes any test binary, once limit has passed. It returns an error
// only when the command could not start or ctx ended.
func (r *Runner) runGo(ctx context.Context, dir string, limit time.Duration, args ...string) (*goRun, error) {
	runCtx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()

	cmd := exec.CommandContext(runCtx, r.goCmd(), args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	startOwnGroup(cmd)
	cmd.Cancel = func() error { return killGroup(cmd) }
	cmd.WaitDelay = waitDelay

	r.logger().Debug("running go command", "dir", dir, "command", r.goCmd()+" "+strings.Join(args, " "))
	err := cmd.Run()
	// A test may leave child processes behind in the group.
	if kerr := killGroup(cmd); kerr != nil {
		r.logger().Debug("killing the go command's process group failed", "dir", dir, "error", kerr)
	}

	if ctx.Err() != nil {
		return nil, fmt.Errorf("go %s in %s: %w", args[0], dir, context.Cause(ctx))
	}
	run := &goRun{stdout: stdout.Bytes(), stderr: stderr.Bytes(), err: err, killed: runCtx.Err() != nil}
	var exitErr *exec.ExitError
	if err != nil && !run.killed && !errors.As(err, &exitErr) && !errors.Is(err, exec.ErrWaitDelay) {
		return nil, fmt.Errorf("running %s: %w; install Go or set Runner.GoCmd to the go command's path", r.goCmd(), err)
	}
	return run, nil
}

// goVersion returns the version of the go command that builds in dir,
// which go.mod's toolchain line can select. It is looked up once per
// directory and Runner.
func (r *Runner) goVersion(ctx context.Context, dir string) (string, error) {
	r.mu.Lock()
	v, ok := r.goVersions[dir]
	r.mu.Unlock()
	if ok {
		return v, nil
	}

	run, err := r.runGo(ctx, dir, time.Minute, "env", "GOVERSION")
	if err != nil {
		return "", err
	}
	if run.err != nil {
		return "", fmt.Errorf("go env GOVERSION in %s failed: %s", dir, firstLines(string(run.stderr), maxReasonLines))
	}
	v = strings.TrimSpace(string(run.stdout))

	r.mu.Lock()
	if r.goVersions == nil {
		r.goVersions = map[string]string{}
	}
	r.goVersions[dir] = v
	r.mu.Unlock()
	return v, nil
}

// modFlag returns "-mod=readonly" when GOFLAGS holds -mod=mod, and ""
// otherwise, so that vendoring and workspaces keep their default mode.
// -mod=mod lets go test add a requirement to the user's go.mod and go.sum
// for a package that a generated test imports and the module lacks. A flag
// on the command line overrides GOFLAGS, so verification keeps the module's
// files unchanged and such a test fails to compile instead.
//
// GOFLAGS is read from the environment, else from the go env file that
// go env -w writes, without running the go command.
func modFlag() string {
	goflags, ok := os.LookupEnv("GOFLAGS")
	if !ok {
		goflags = goEnvFileValue("GOFLAGS")
	}
	for _, f := range strings.Fields(goflags) {
		if f == "-mod=mod" || f == "--mod=mod" {
			return "-mod=readonly"
		}
	}
	return ""
}

// goEnvFileValue returns the value of key in the go env file: $GOENV, else
// go/env in the user's configuration directory. It returns "" when the
// file or the key is missing.
func goEnvFileValue(key string) string {
	path := os.Getenv("GOENV")
	if path == "off" {
		return ""
	}
	if path == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return ""
		}
		path = filepath.Join(dir, "go", "env")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	value := ""
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), key+"="); ok {
			value = v
		}
	}
	return value
}
