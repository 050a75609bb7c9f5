#!/usr/bin/env bash
# A/A recording: the same bench.test binary measured as side A and side B,
# interleaved (A,B then B,A alternately), 12 rounds per side, make report's suite.
set -euo pipefail
cd /work/main/bench
SLOW='^Benchmark(IO|IOScaling|IOThrottled|CPU|CPUScaling)$/^(api=mock|workload=trial61|workload=ll)'
FAST='^Benchmark(CPU|Checker)$/^(workload=seed|check=)'
: > /work/aa/A.txt; : > /work/aa/B.txt
one() {
  /work/aa/bench.test -test.run '^$' -test.bench "$SLOW" -test.benchtime 1x -test.count 1 -test.timeout 60m -scale=report >> /work/aa/$1.txt
  /work/aa/bench.test -test.run '^$' -test.bench "$FAST" -test.benchtime 0.2s -test.count 1 -test.timeout 60m -scale=report >> /work/aa/$1.txt
}
for i in $(seq 12); do
  if (( i % 2 )); then one A; one B; else one B; one A; fi
  echo "round $i done $(date +%T)" >> /work/aa/progress
done
echo done >> /work/aa/progress
