#!/usr/bin/env bash
# compare_commits.sh BASE [PATTERN] [ROUNDS] [BENCHTIME]
#
# Runs the Nimbus cases of this module's benchmarks as built from commit
# BASE and from the working tree, interleaved (base, head, base, head...)
# in one run, so both see the same machine load, and prints the median
# ns/op, B/op and allocs/op of each side with the head/base ratios.
#
# It answers "did this change cost anything?": issue 13 uses it to show
# that clients without a TracerProvider or MeterProvider pay nothing for
# telemetry:
#
#   internal/bench/compare_commits.sh main 'GetObjectNoNetwork/nimbus$|Sign/nimbus$' 15 20000x
#
# BASE's tree is exported with git archive into a temporary directory (no
# worktree is registered) and removed afterwards.
set -euo pipefail

base=${1:?usage: compare_commits.sh BASE [PATTERN] [ROUNDS] [BENCHTIME]}
pattern=${2:-'GetObjectNoNetwork/nimbus$|Sign/nimbus$'}
rounds=${3:-10}
benchtime=${4:-20000x}

root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir "$tmp/base"
git -C "$root" archive "$base" | tar -x -C "$tmp/base"
(cd "$tmp/base/internal/bench" && go test -c -o "$tmp/base.test" .)
(cd "$root/internal/bench" && go test -c -o "$tmp/head.test" .)

for _ in $(seq "$rounds"); do
	for side in base head; do
		"$tmp/$side.test" -test.run '^$' -test.bench "$pattern" -test.benchtime "$benchtime" -test.benchmem |
			awk -v side="$side" '/^Benchmark/ { print side, $0 }'
	done
done >"$tmp/results"

echo "base $(git -C "$root" rev-parse --short "$base"), head = working tree of $(git -C "$root" rev-parse --short HEAD); $rounds interleaved rounds of $benchtime"
echo "medians; 'paired' is the median of the per-round head/base time ratios, with their quartiles"
awk '
function sort(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
}
function quantile(list, q,   n, a, k) {
	n = split(list, a, " "); sort(a, n)
	k = q * (n - 1) + 1
	return a[int(k)] + (k - int(k)) * (a[int(k) + 1] - a[int(k)])
}
{
	side = $1; name = $2; sub(/-[0-9]+$/, "", name)
	for (i = 3; i <= NF; i++) {
		if ($(i) == "ns/op") { ns[side, name] = ns[side, name] " " $(i - 1); last[side, name] = $(i - 1) }
		if ($(i) == "B/op") by[side, name] = by[side, name] " " $(i - 1)
		if ($(i) == "allocs/op") al[side, name] = al[side, name] " " $(i - 1)
	}
	if (side == "head") pair[name] = pair[name] " " last["head", name] / last["base", name]
	names[name] = 1
}
END {
	printf "%-34s %10s %10s %7s %22s   %9s %9s   %6s %6s\n", "benchmark", "base ns/op", "head ns/op", "ratio", "paired (q1-q3)", "base B/op", "head B/op", "base allocs", "head allocs"
	for (name in names) {
		bn = quantile(ns["base", name], 0.5); hn = quantile(ns["head", name], 0.5)
		printf "%-34s %10.0f %10.0f %7.3f %7.3f (%5.3f-%5.3f)   %9.0f %9.0f   %6.0f %6.0f\n", name, bn, hn, hn / bn,
			quantile(pair[name], 0.5), quantile(pair[name], 0.25), quantile(pair[name], 0.75),
			quantile(by["base", name], 0.5), quantile(by["head", name], 0.5), quantile(al["base", name], 0.5), quantile(al["head", name], 0.5)
	}
}' "$tmp/results"
