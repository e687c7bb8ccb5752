#!/usr/bin/env bash
# Runs shell commands alternately, several times each, and prints for each
# the median wall time, the median peak memory and the ratio of its median
# to the first command's.
#
# Peak memory is GNU time's %M: the largest resident set of the process
# or of any one descendant that it waited for, not their sum.
#
# Usage: scripts/bench-compare.sh [-n runs] [-C dir] [-p prep] [--] cmd...
#   -n runs  rounds; each round runs every command once (default 5)
#   -C dir   directory to run the commands in (default: the current one)
#   -p prep  command run, untimed, before every timed command
# Each command and prep runs under bash -c with BENCH_RUN set to a word
# unique to that run, also across invocations of this script, for example
# to salt go vet's cache. The exit status of a command is ignored, because
# testgen and go vet report findings with a nonzero one. Each command's
# stderr is kept in $TMPDIR/bench-compare.*/.
set -euo pipefail

runs=5
dir=.
prep=
while getopts n:C:p: opt; do
	case $opt in
	n) runs=$OPTARG ;;
	C) dir=$OPTARG ;;
	p) prep=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -eq 0 ]; then
	echo "usage: bench-compare.sh [-n runs] [-C dir] [-p prep] [--] cmd..." >&2
	exit 2
fi
if [ ! -x /usr/bin/time ]; then
	echo "bench-compare.sh: /usr/bin/time (GNU time) is missing" >&2
	exit 1
fi

out=$(mktemp -d "${TMPDIR:-/tmp}/bench-compare.XXXXXX")
cmds=("$@")
n=0
for ((r = 1; r <= runs; r++)); do
	for i in "${!cmds[@]}"; do
		n=$((n + 1))
		export BENCH_RUN=${$}x$n
		if [ -n "$prep" ]; then
			(cd "$dir" && bash -c "$prep") >/dev/null
		fi
		(cd "$dir" && /usr/bin/time -o "$out/time" -f '%e %M' bash -c "${cmds[$i]}" >/dev/null 2>"$out/stderr.$i") || true
		tail -1 "$out/time" >>"$out/samples.$i"
	done
done

# median prints the median of the numbers in column $2 of file $1.
median() {
	awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

base=$(median "$out/samples.0" 1)
printf '%9s %9s %9s %9s %7s  %s\n' median min max peakMB ratio command
for i in "${!cmds[@]}"; do
	med=$(median "$out/samples.$i" 1)
	low=$(awk '{print $1}' "$out/samples.$i" | sort -g | head -1)
	high=$(awk '{print $1}' "$out/samples.$i" | sort -g | tail -1)
	mem=$(median "$out/samples.$i" 2)
	awk -v m="$med" -v lo="$low" -v hi="$high" -v k="$mem" -v b="$base" -v c="${cmds[$i]}" \
		'BEGIN {printf "%8.2fs %8.2fs %8.2fs %9.0f %6.2fx  %s\n", m, lo, hi, k / 1024, (b > 0 ? m / b : 0), c}'
done
echo "runs: $runs per command, alternating; samples and stderr in $out"
