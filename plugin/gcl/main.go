// Command golangci-lint is golangci-lint v2 with the testgen module plugin
// compiled in, built from the Go module proxy alone. It does what
// "golangci-lint custom" does with .custom-gcl.yml, without the git clone
// of golangci-lint that "custom" needs.
//
// Build it with scripts/build-golangci-lint.sh.
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	// The plugin registers the "testgen" linter in its init function.
	_ "github.com/go-testgen/testgen/plugin"
)

// golangciModule is the module whose commands this binary runs.
const golangciModule = "github.com/golangci/golangci-lint/v2"

func main() {
	if err := commands.Execute(buildInfo()); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}

// buildInfo describes this binary to golangci-lint.
//
// The version stays "(devel)" on purpose. golangci-lint salts its analysis
// cache with the version, and for "(devel)" it uses the SHA-256 of the
// executable instead, so a binary rebuilt after a change to the plugin
// never reads results cached by the previous one. A fixed version string
// would serve those stale results.
func buildInfo() commands.BuildInfo {
	info := commands.BuildInfo{
		Version: "(devel)",
		Commit:  golangciModule + " with the testgen plugin",
		Date:    "(unknown)",
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	info.GoVersion = bi.GoVersion
	for _, dep := range bi.Deps {
		if dep.Path == golangciModule {
			info.Commit = fmt.Sprintf("%s %s with the testgen plugin", dep.Path, dep.Version)
		}
	}
	return info
}
