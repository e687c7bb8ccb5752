//go:build !unix

package characterize

import "os/exec"

// setProcessGroup leaves cmd unchanged: outside unix, cancellation kills
// only the go command.
// NOTE: the test binary it started may keep running until its -timeout.
func setProcessGroup(cmd *exec.Cmd) {}
