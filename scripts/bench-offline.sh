#!/usr/bin/env bash
# Offline generation time: testgen's skeletons (the layout of gotests)
# against its characterization tests, on the fixture modules of
# testdata/characterize, and the whole testgen -diff run that makes the
# characterization tests and verifies them. The caches are off, so every
# run generates and verifies again. Mutation efficacy comes from
# scripts/mutation.sh.
#
# Usage: scripts/bench-offline.sh [runs]   (default 5; needs testgen on PATH
# or TESTGEN=path, and GNU time)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
tg=${TESTGEN:-$(command -v testgen || true)}
if [ -z "$tg" ]; then
	echo "bench-offline.sh: testgen is not on PATH; go install ./cmd/testgen or set TESTGEN" >&2
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && go build -o "$work/characterizedir" ./characterize/internal/characterizedir)

# No LLM endpoint, so testgen uses its offline generator.
unset OPENAI_API_KEY OPENAI_BASE_URL
export TESTGEN_CACHE=off
for fx in clamp parse stack generic; do
	dir=$work/$fx
	cp -R "$root/testdata/characterize/$fx" "$dir"
	(cd "$dir" && go test ./... >/dev/null 2>&1 || true)
	echo "== $fx"
	"$root/scripts/bench-compare.sh" -n "$runs" -C "$dir" -p 'rm -f bench_generated_test.go' -- \
		"$work/characterizedir -skeleton -out bench_generated_test.go ." \
		"$work/characterizedir -out bench_generated_test.go ." \
		"$tg -diff ./..."
done
