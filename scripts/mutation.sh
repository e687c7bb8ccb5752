#!/usr/bin/env bash
# Mutation scores of the characterization tests against hand-written
# reference suites, on the fixture modules in testdata/characterize.
#
# For each fixture it runs gremlins four times on a fresh copy: with the
# package's existing tests only, with the reference suite added (build tag
# "reference"), with the characterization tests added, and with testgen's
# offline skeletons added. A mutant counts toward the target when the
# reference suite kills it and the existing tests do not. The script
# prints how many of those the generated tests and the skeletons kill.
#
# Needs gremlins v0.6.0 and jq on PATH:
#   go install github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0
# Usage: scripts/mutation.sh [fixture...]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
fixtures=("$@")
if [ ${#fixtures[@]} -eq 0 ]; then
	fixtures=(clamp parse stack generic)
fi
for tool in gremlins jq go; do
	command -v "$tool" >/dev/null || { echo "mutation.sh: $tool is not on PATH" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && go build -o "$work/characterizedir" ./characterize/internal/characterizedir)

# killed prints the killed mutants of a gremlins report, one
# "file:line:column:type" per line, sorted.
killed() {
	jq -r '.files[] | .file_name as $f | .mutations[] | select(.status == "KILLED") | "\($f):\(.line):\(.column):\(.type)"' "$1" | sort
}

printf '%-8s %7s %9s %8s %9s %10s %12s %14s\n' fixture mutants existing reference target generated "gen/target" skeleton
for fx in "${fixtures[@]}"; do
	for suite in existing reference generated skeleton; do
		dir="$work/$suite/$fx"
		mkdir -p "$dir"
		cp -R "$root/testdata/characterize/$fx/." "$dir"
		tags=()
		case $suite in
		reference) tags=(--tags reference) ;;
		generated) "$work/characterizedir" -out characterize_generated_test.go "$dir" 2>"$work/$suite-$fx.log" ;;
		skeleton) "$work/characterizedir" -skeleton -out characterize_generated_test.go "$dir" 2>"$work/$suite-$fx.log" ;;
		esac
		(cd "$dir" && gremlins unleash "${tags[@]}" -o "$work/$suite-$fx.json" . >"$work/$suite-$fx.out" 2>&1)
		killed "$work/$suite-$fx.json" >"$work/$suite-$fx.killed"
	done
	# mutants_total counts only covered mutants, so add the uncovered ones.
	total=$(jq '.mutants_total + .mutants_not_covered' "$work/existing-$fx.json")
	comm -13 "$work/existing-$fx.killed" "$work/reference-$fx.killed" >"$work/target-$fx"
	target=$(wc -l <"$work/target-$fx")
	gen=$(comm -12 "$work/target-$fx" "$work/generated-$fx.killed" | wc -l)
	skel=$(comm -12 "$work/target-$fx" "$work/skeleton-$fx.killed" | wc -l)
	pct="n/a"
	if [ "$target" -gt 0 ]; then
		pct="$((100 * gen / target))%"
	fi
	printf '%-8s %7s %9s %8s %9s %10s %12s %14s\n' "$fx" "$total" \
		"$(wc -l <"$work/existing-$fx.killed")" "$(wc -l <"$work/reference-$fx.killed")" \
		"$target" "$gen" "$pct" "$skel"
	if [ -n "${VERBOSE:-}" ]; then
		echo "  target mutants the generated tests leave alive:"
		comm -23 "$work/target-$fx" "$work/generated-$fx.killed" | sed 's/^/    /'
	fi
done
