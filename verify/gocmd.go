package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
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
