//go:build unix

package verify

import (
	"os/exec"
	"syscall"
)

// startOwnGroup makes the command the leader of a new process group, so
// that killGroup also reaches the test binary that go test starts.
func startOwnGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killGroup kills the command's process group. It returns nil when the
// group has already exited.
func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	if err == syscall.ESRCH {
		return nil
	}
	return err
}
