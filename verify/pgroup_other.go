//go:build !unix

package verify

import (
	"errors"
	"os"
	"os/exec"
)

func startOwnGroup(cmd *exec.Cmd) {}

// killGroup kills the go command only.
//
// NOTE: on systems without Unix process groups a test binary that go test
// started can outlive the killed go command.
func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	if err := cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	return nil
}
