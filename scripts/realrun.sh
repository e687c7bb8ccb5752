#!/usr/bin/env bash
# realrun.sh runs testgen -fix on copies of real modules from the Go module
# proxy and prints, per module: packages, exported function declarations,
# untested functions reported, files written, and whether go vet and
# go test pass afterwards.
#
# Usage: scripts/realrun.sh [module@version ...]
set -euo pipefail

modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then
	modules=(github.com/google/uuid@v1.6.0 github.com/dustin/go-humanize@v1.1.0 github.com/Masterminds/semver/v3@v3.5.0 github.com/hashicorp/go-version@v1.9.0)
fi

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/testgen" "$root/cmd/testgen"

printf '| module | packages | exported funcs | reported | files written | go vet | go test |\n'
printf '| --- | --- | --- | --- | --- | --- | --- |\n'
for m in "${modules[@]}"; do
	dir=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$m" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
	copy="$work/copy-$(echo "$m" | tr '/@' '__')"
	cp -r "$dir" "$copy"
	chmod -R u+w "$copy"
	cd "$copy"

	pkgs=$(go list ./... | wc -l)
	funcs=$(find . -name '*.go' ! -name '*_test.go' -print0 | xargs -0 grep -hE '^func (\([^)]*\) )?[A-Z]' | wc -l)
	reported=$("$work/testgen" ./... 2>&1 | grep -c 'has no test' || true)
	written=$("$work/testgen" -fix ./... 2>&1 | grep -c '^testgen: \(created\|added\)' || true)
	vet=pass
	go vet ./... >/dev/null 2>&1 || vet=FAIL
	tst=pass
	go test -count=1 ./... >/dev/null 2>&1 || tst=FAIL
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$m" "$pkgs" "$funcs" "$reported" "$written" "$vet" "$tst"
	cd "$root"
done
