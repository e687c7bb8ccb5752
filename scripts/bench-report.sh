#!/usr/bin/env bash
# Report cost: testgen ./... and go vet -vettool=testgen ./... against the
# default go vet ./..., on github.com/google/uuid v1.6.0 (1 package) and
# golang.org/x/tools v0.52.0 (216 packages), copied from the module cache.
# go's build cache is warmed first. Two regimes:
#   unchanged  the same command again: go vet replays its cached results
#   salted     a vet flag that changes nothing gets a new value on every
#              run, so go vet analyzes every package again (its cache key
#              contains the flags), as after a change of the tool or flags
#              (-printf.funcs names a function that does not exist,
#              -testgen.model is unused without generation)
# The loader line is the go list command that testgen's package loader
# runs, alone: the floor of testgen ./... before any type checking.
#
# Usage: scripts/bench-report.sh [runs]   (default 5; needs testgen on PATH
# or TESTGEN=path, GNU time, and the module proxy for the two modules)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
tg=${TESTGEN:-$(command -v testgen || true)}
if [ -z "$tg" ]; then
	echo "bench-report.sh: testgen is not on PATH; go install ./cmd/testgen or set TESTGEN" >&2
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

copy() { # module@version dir
	local src
	src=$(go mod download -json "$1" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
	cp -r "$src" "$2"
	chmod -R u+w "$2"
}
copy github.com/google/uuid@v1.6.0 "$work/uuid"
copy golang.org/x/tools@v0.52.0 "$work/tools"

loader='go list -e -json -compiled=true -test=true -export=true -deps=true -pgo=off ./...'
for m in uuid tools; do
	dir=$work/$m
	echo "== $m: $(cd "$dir" && go list ./... | wc -l) packages"
	# Warm the build cache and go vet's results.
	(cd "$dir" && go vet ./... >/dev/null 2>&1 || true; "$tg" ./... >/dev/null 2>&1 || true; go vet -vettool="$tg" ./... >/dev/null 2>&1 || true)
	echo "-- unchanged"
	"$root/scripts/bench-compare.sh" -n "$runs" -C "$dir" -- \
		'go vet ./...' "$tg ./..." "go vet -vettool=$tg ./..." "$loader"
	echo "-- salted"
	"$root/scripts/bench-compare.sh" -n "$runs" -C "$dir" -- \
		'go vet -printf.funcs=benchsalt$BENCH_RUN ./...' "$tg ./..." "go vet -vettool=$tg -testgen.model=benchsalt\$BENCH_RUN ./..."
done
