#!/usr/bin/env bash
# compare.sh — benchmark a git ref against the working tree, interleaved.
#
#   scripts/compare.sh BASE        (or: make compare BASE=<git ref>)
#
# Builds the bench suite's test binary at BASE (in a temporary git worktree)
# and in the working tree, then runs them alternately, old, new, old, new …
# COUNT rounds, so that drift on the machine (heat, other load) hits both
# alike, as benchstat's documentation asks. Results go to OUT/old.txt and
# OUT/new.txt (emptied first, then appended to round by round); then
# `concbench compare` prints the delta table, writes OUT/compare.png and
# sets the exit status (1 when a benchmark got significantly slower by more
# than THRESHOLD), and `go tool benchstat` prints its own view.
#
# Environment (the Makefile passes its variables of the same names):
#   COUNT      rounds (default 6; benchstat wants 10 or more for small changes)
#   BENCH      -test.bench regexp (default .: the whole suite)
#   BENCHTIME  -test.benchtime per run (default 1x)
#   SHORT      non-empty: pass -test.short (quick mode, wiring only)
#   SCALE      non-empty: pass -scale=SCALE, the suite's workload size
#              (full, report, short); the Makefile passes report
#   THRESHOLD  regression threshold for concbench compare (default 5%)
#   OUT        output directory (default out)
#   GO         the go command (default go)
set -euo pipefail

die() { echo "compare: $*" >&2; exit 2; }

[ $# -eq 1 ] && [ -n "$1" ] || die "usage: scripts/compare.sh BASE (a git ref: a commit, branch or tag)"
base=$1
COUNT=${COUNT:-6}
BENCH=${BENCH:-.}
BENCHTIME=${BENCHTIME:-1x}
SHORT=${SHORT:-}
SCALE=${SCALE:-}
THRESHOLD=${THRESHOLD:-5%}
OUT=${OUT:-out}
GO=${GO:-go}
case $COUNT in '' | *[!0-9]* | 0) die "COUNT=$COUNT: want a positive number of rounds" ;; esac

root=$(git rev-parse --show-toplevel 2>/dev/null) || die "not inside a git repository"
cd "$root"
commit=$(git rev-parse --verify --quiet "$base^{commit}") || die "BASE=$base is not a commit, branch or tag of this repository"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/concbench-compare.XXXXXX")
cleanup() {
	git worktree remove --force "$tmp/base" >/dev/null 2>&1 || true
	git worktree prune >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "compare: checking out $base ($(git rev-parse --short "$commit")) in a temporary worktree" >&2
git worktree add --quiet --detach "$tmp/base" "$commit" || die "cannot create a worktree for $base"
[ -d "$tmp/base/bench" ] || die "$base has no bench/ directory: the benchmark suite did not exist there"

echo "compare: building the suite at $base and in the working tree" >&2
(cd "$tmp/base" && "$GO" test -c -o "$tmp/old.test" ./bench) || die "building the suite at $base failed"
"$GO" test -c -o "$tmp/new.test" ./bench || die "building the suite in the working tree failed"
for side in old new; do
	if ! "$tmp/$side.test" -test.list '^Benchmark(IO|CPU)' 2>/dev/null | grep -q '^Benchmark'; then
		where=$base
		[ $side = new ] && where="the working tree"
		die "the suite at $where has no BenchmarkIO or BenchmarkCPU"
	fi
done

args=(-test.run '^$' -test.bench "$BENCH" -test.count 1 -test.benchtime "$BENCHTIME")
[ -n "$SHORT" ] && args+=(-test.short)
[ -n "$SCALE" ] && args+=("-scale=$SCALE")

mkdir -p "$OUT"
: >"$OUT/old.txt"
: >"$OUT/new.txt"
for ((i = 1; i <= COUNT; i++)); do
	echo "compare: round $i/$COUNT: old ($base)" >&2
	(cd "$tmp/base/bench" && "$tmp/old.test" "${args[@]}") >>"$OUT/old.txt" || die "the suite at $base failed in round $i"
	echo "compare: round $i/$COUNT: new (working tree)" >&2
	(cd bench && "$tmp/new.test" "${args[@]}") >>"$OUT/new.txt" || die "the suite in the working tree failed in round $i"
done

status=0
"$GO" run ./cmd/concbench compare -threshold "$THRESHOLD" -o "$OUT" "$OUT/old.txt" "$OUT/new.txt" || status=$?
echo
"$GO" tool benchstat "$OUT/old.txt" "$OUT/new.txt" || true
exit $status
