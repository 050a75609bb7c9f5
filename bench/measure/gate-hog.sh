#!/usr/bin/env bash
# gate-hog.sh: issue 20's trial of the regression gate on a machine shared
# with a CPU hog. In a throwaway module whose second commit changes only a
# README and whose third makes BenchmarkSum do 7% more work, it runs
#
#   concbench bench -count 10 c1 c2 c3
#
# while a hog keeps every CPU busy 2 s in every 7 s, then
# `concbench compare c1 c2` (must pass) and `concbench compare c2 c3` (must
# name Sum and no other benchmark). TRIALS times (3); prints one line per
# trial and a verdict, and keeps every file under KEEP.
#
#   REPO=. KEEP=/tmp/hogrun bash bench/measure/gate-hog.sh
#
# Run it on an otherwise idle machine: it is a timing, and takes 6 to 8
# minutes a trial on 2 cores.
set -euo pipefail
REPO=$(cd "${REPO:-.}" && git rev-parse --show-toplevel)
KEEP=${KEEP:-$(mktemp -d /tmp/gate-hog.XXXXXX)}
TRIALS=${TRIALS:-3}
HOG_ON=${HOG_ON:-2}
HOG_PERIOD=${HOG_PERIOD:-7}
mkdir -p "$KEEP"
cb=$KEEP/concbench
(cd "$REPO" && CGO_ENABLED=0 go build -o "$cb" ./cmd/concbench)
echo "gate-hog: concbench of $(git -C "$REPO" rev-parse --short HEAD), files in $KEEP" >&2

# The module: five CPU-bound benchmarks of about a millisecond or less.
module() {
	local dir=$1 sum=$2
	cat > "$dir/work.go" <<GO
// Package hogmod is the throwaway module of bench/measure/gate-hog.sh.
package hogmod

import (
	"crypto/sha256"
	"math/big"
	"sort"
)

// Sum runs n rounds of an xorshift and sums them.
//
//go:noinline
func Sum(n int) uint64 {
	x, s := uint64(88172645463325252), uint64(0)
	for i := 0; i < n; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		s += x
	}
	return s
}

// SumRounds is BenchmarkSum's work.
const SumRounds = $sum

// Big squares a 4096-bit number modulo another, 40 times.
func Big() *big.Int {
	m := new(big.Int).Lsh(big.NewInt(1), 4096)
	m.Sub(m, big.NewInt(1))
	x := new(big.Int).Lsh(big.NewInt(3), 4000)
	for i := 0; i < 40; i++ {
		x.Mul(x, x)
		x.Mod(x, m)
	}
	return x
}

// Sort sorts n pseudo-random ints.
func Sort(n int) []int {
	a := make([]int, n)
	x := uint64(1)
	for i := range a {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		a[i] = int(x >> 1)
	}
	sort.Ints(a)
	return a
}

// Map fills a map of n entries.
func Map(n int) map[int]int {
	m := make(map[int]int)
	for i := 0; i < n; i++ {
		m[i*7919] = i
	}
	return m
}

// Hash hashes n bytes.
func Hash(b []byte) [32]byte { return sha256.Sum256(b) }
GO
	cat > "$dir/work_test.go" <<'GO'
package hogmod

import "testing"

var sink any

func BenchmarkSum(b *testing.B) {
	for b.Loop() {
		sink = Sum(SumRounds)
	}
}

func BenchmarkBig(b *testing.B) {
	for b.Loop() {
		sink = Big()
	}
}

func BenchmarkSort(b *testing.B) {
	for b.Loop() {
		sink = Sort(20000)
	}
}

func BenchmarkMap(b *testing.B) {
	for b.Loop() {
		sink = Map(20000)
	}
}

func BenchmarkHash(b *testing.B) {
	buf := make([]byte, 1<<18)
	for b.Loop() {
		sink = Hash(buf)
	}
}
GO
}

hog() { # every CPU busy HOG_ON s in every HOG_PERIOD s, until killed
	local n
	n=$(nproc)
	while :; do
		for _ in $(seq "$n"); do timeout --foreground "$HOG_ON" sh -c 'while :; do :; done' & done
		sleep "$HOG_PERIOD"
	done
}

# The hog runs in a process group of its own (set -m), killed whole when
# a trial ends and when the script does, however it ends: a hog left
# behind would disturb every later measurement on the machine.
hogpid=
stophog() {
	if [ -n "$hogpid" ]; then
		kill -- "-$hogpid" 2>/dev/null || true
		wait "$hogpid" 2>/dev/null || true
		hogpid=
	fi
}
trap stophog EXIT
trap 'stophog; exit 130' INT TERM

held=0
for t in $(seq "$TRIALS"); do
	dir=$KEEP/trial$t
	rm -rf "$dir" && mkdir -p "$dir"
	(
		cd "$dir"
		git init -q --initial-branch=main
		git config user.email gate-hog@example.com && git config user.name gate-hog
		git config commit.gpgsign false
		printf 'module example.com/hogmod\n\ngo 1.24\n' > go.mod
		module . 1000000
		git add -A && git commit -qm c1 && git tag c1
		echo "A throwaway module." > README.md
		git add -A && git commit -qm 'c2: a README' && git tag c2
		module . 1070000
		git add -A && git commit -qm 'c3: Sum does 7% more work' && git tag c3
	)
	set -m
	hog &
	hogpid=$!
	set +m
	start=$(date +%s)
	status=0
	files=$(cd "$dir" && "$cb" bench -q -count 10 -o results c1 c2 c3 2> bench.err) || status=$?
	stophog
	secs=$(( $(date +%s) - start ))
	if [ $status -ne 0 ]; then
		echo "trial $t: bench failed ($status), see $dir/bench.err"
		continue
	fi
	set -- $files
	c12=0 c23=0
	(cd "$dir" && "$cb" compare -o '' "$1" "$2") > "$dir/compare-c1-c2.txt" 2>&1 || c12=$?
	(cd "$dir" && "$cb" compare -o '' "$2" "$3") > "$dir/compare-c2-c3.txt" 2>&1 || c23=$?
	# The benchmarks compare c2 c3 names as slower: its "slower: +x%" rows.
	# (grep finds nothing in a trial that missed: not an error here.)
	named=$({ grep -E 'slower: \+' "$dir/compare-c2-c3.txt" || true; } | awk '{print $1}' | sed 's/-[0-9]*$//' | sort -u | tr '\n' ' ')
	sum=$({ grep -E '^ *Sum-[0-9]+ ' "$dir/compare-c2-c3.txt" || true; } | head -1 | tr -s ' ')
	ok=no
	if [ $c12 -eq 0 ] && [ $c23 -eq 1 ] && [ "$named" = "Sum " ]; then ok=yes; held=$((held + 1)); fi
	echo "trial $t: ${secs}s; compare c1 c2 exit $c12, compare c2 c3 exit $c23 naming: ${named:-nothing}; Sum: $sum; held: $ok"
done
echo "gate-hog: held in $held of $TRIALS trials"
