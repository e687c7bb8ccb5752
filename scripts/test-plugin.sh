#!/usr/bin/env bash
# test-plugin.sh runs the tests of the golangci-lint plugin, a module of
# its own in plugin/. They build golangci-lint v2.15.0 with the plugin from
# the Go module proxy (minutes when cold, then cached in the user cache
# directory under a hash of the sources) and run it on small modules.
# Set TESTGEN_GOLANGCI_LINT to a binary built by build-golangci-lint.sh to
# skip that build. Extra arguments go to go test, e.g. -v or -run.
#
# Usage: scripts/test-plugin.sh [go test flags]
set -euo pipefail
cd "$(dirname "$0")/../plugin"
go test "$@" ./...
