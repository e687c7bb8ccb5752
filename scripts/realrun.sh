#!/usr/bin/env bash
# realrun.sh runs testgen -fix offline on copies of real modules from the Go
# module proxy and prints, per module: packages, exported function
# declarations, untested functions reported, how many got a
# characterization test or a skeleton (and why), files written, whether go
# vet and go test pass afterwards, and, with MUTATION=1, the mutants that
# the generated tests kill (gremlins v0.6.0 before and after -fix).
#
# Usage: [MUTATION=1] scripts/realrun.sh [module@version ...]
set -euo pipefail

modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then
	modules=(github.com/google/uuid@v1.6.0 github.com/dustin/go-humanize@v1.1.0 github.com/Masterminds/semver/v3@v3.5.0 github.com/hashicorp/go-version@v1.9.0)
fi

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/testgen" "$root/cmd/testgen"
export TESTGEN_CACHE="$work/cache"

# mutants prints the mutants of a gremlins JSON report whose status is one
# of the rest of the arguments (KILLED, LIVED, NOT COVERED), one
# "file:line:column:type" per line, sorted.
mutants() {
	local report=$1
	shift
	local statuses
	statuses=$(printf '%s\n' "$@" | jq -R . | jq -s -c .)
	jq -r --argjson s "$statuses" '.files[] | .file_name as $f | .mutations[] | select(.status as $x | $s | index($x)) | "\($f):\(.line):\(.column):\(.type)"' "$report" | sort
}

# unleash runs gremlins on the module in the working directory. One worker
# and a large timeout coefficient keep a loaded machine from turning slow
# tests into timed-out mutants.
unleash() {
	gremlins unleash --workers 1 --timeout-coefficient 30 -o "$1" . >/dev/null 2>&1 || true
}

printf '| module | packages | exported funcs | reported | characterized | skeletons | files written | go vet | go test | mutants not killed before | of those killed after |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
for m in "${modules[@]}"; do
	dir=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$m" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
	name=$(echo "$m" | tr '/@' '__')
	copy="$work/copy-$name"
	cp -r "$dir" "$copy"
	chmod -R u+w "$copy"
	cd "$copy"

	lived="-"
	newly="-"
	if [ "${MUTATION:-0}" = 1 ]; then
		unleash "$work/$name-before.json"
	fi

	pkgs=$(go list ./... | wc -l)
	funcs=$(find . -name '*.go' ! -name '*_test.go' -print0 | xargs -0 grep -hE '^func (\([^)]*\) )?[A-Z]' | wc -l)
	reported=$("$work/testgen" ./... 2>&1 | grep -c 'has no test' || true)
	"$work/testgen" -fix -v ./... >"$work/$name-fix.log" 2>&1 || true
	written=$(grep -c '^testgen: \(created\|added\)' "$work/$name-fix.log" || true)
	after=$("$work/testgen" ./... 2>&1 || true)
	skeletons=$(grep -c 'has no test cases yet' <<<"$after" || true)
	untested=$(grep -c 'has no test' <<<"$after" || true)
	characterized=$((reported - untested))
	vet=pass
	go vet ./... >/dev/null 2>&1 || vet=FAIL
	tst=pass
	go test -count=1 ./... >/dev/null 2>&1 || tst=FAIL

	if [ "${MUTATION:-0}" = 1 ]; then
		unleash "$work/$name-after.json"
		mutants "$work/$name-before.json" LIVED "NOT COVERED" >"$work/$name-lived"
		mutants "$work/$name-after.json" KILLED >"$work/$name-killed"
		lived=$(wc -l <"$work/$name-lived")
		newly=$(comm -12 "$work/$name-lived" "$work/$name-killed" | wc -l)
	fi
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$m" "$pkgs" "$funcs" "$reported" "$characterized" "$skeletons" "$written" "$vet" "$tst" "$lived" "$newly"

	# Why functions were not characterized.
	grep -o 'msg="not characterized: [^"]*"' "$work/$name-fix.log" | sed 's/msg="not characterized: //; s/"$//' | sort | uniq -c | sed "s|^|    $m: |" >&2 || true
	cd "$root"
done
