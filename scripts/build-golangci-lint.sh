#!/usr/bin/env bash
# build-golangci-lint.sh builds golangci-lint v2 with the testgen plugin
# compiled in, from the Go module proxy alone (no git clone), into OUTPUT.
#
# Usage: scripts/build-golangci-lint.sh OUTPUT
#
# -buildvcs=false keeps the binary's main module version at "(devel)":
# inside a git checkout Go would otherwise stamp a pseudo-version, and the
# binary would lose the per-executable cache salt described in
# plugin/gcl/main.go.
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 OUTPUT" >&2
	exit 2
fi
case "$1" in
/*) out=$1 ;;
*) out="$PWD/$1" ;;
esac

cd "$(dirname "$0")/../plugin/gcl"
GOFLAGS=-mod=mod go build -buildvcs=false -trimpath -o "$out" .
