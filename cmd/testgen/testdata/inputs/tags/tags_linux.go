//go:build linux

package tags

// OnLinux returns true.
func OnLinux() bool { return true }
