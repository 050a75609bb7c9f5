#!/usr/bin/env bash
# record.sh — records testdata/namepatterns/*.txt from the module in mod/
# (see testdata/README.md). Run from anywhere; takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/mod"
go version
go test -run '^$' -bench 'AllRandFloat64' -benchtime 5ms -count 6 -benchmem . > ../pools.txt
go test -run '^$' -bench '^Benchmark(Pond|GoPool|Tunny)$' -benchtime 5ms -count 6 -benchmem . > ../workers.txt
mkdir -p ../series
CB_SCALE=4 go test -run '^$' -bench '^BenchmarkFreq$' -cpu 1,2 -benchtime 5ms -count 6 . > ../series/bench_v1_sequential.txt
CB_SCALE=2 go test -run '^$' -bench '^BenchmarkFreq$' -cpu 1,2 -benchtime 5ms -count 6 . > ../series/bench_v1_worker_pool.txt
CB_SCALE=1 go test -run '^$' -bench '^BenchmarkFreq$' -cpu 1,2 -benchtime 5ms -count 6 . > ../series/bench_v6_worker_pool.txt
