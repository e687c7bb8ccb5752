#!/usr/bin/env bash
# Scaling of the report: testgen ./... against go vet ./... (salted, so
# that go vet analyzes every package) and against the go list run of
# testgen's loader, on synthetic modules of 10, 100 and 1,000 packages of
# 2 files with 3 untested functions each. go's build cache is warmed first.
#
# Usage: scripts/bench-scale.sh [runs]   (default 5; needs testgen on PATH
# or TESTGEN=path, and GNU time)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
tg=${TESTGEN:-$(command -v testgen || true)}
if [ -z "$tg" ]; then
	echo "bench-scale.sh: testgen is not on PATH; go install ./cmd/testgen or set TESTGEN" >&2
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && go build -o "$work/synthmod" ./bench/cmd/synthmod)

loader='go list -e -json -compiled=true -test=true -export=true -deps=true -pgo=off ./...'
for n in 10 100 1000; do
	dir=$work/m$n
	"$work/synthmod" -packages "$n" -files 2 -funcs 3 "$dir"
	(cd "$dir" && "$tg" ./... >/dev/null 2>&1 || true; go vet ./... >/dev/null 2>&1 || true)
	echo "== $n packages"
	"$root/scripts/bench-compare.sh" -n "$runs" -C "$dir" -- \
		"$tg ./..." 'go vet -printf.funcs=benchsalt$BENCH_RUN ./...' "$loader"
done
