#!/usr/bin/env bash
# record-stdlib.sh — records the standard-library benchmark outputs in
# testdata/stdlib/ (see testdata/README.md). Run from the repository root on
# an otherwise idle machine; takes a few minutes. Not run by the tests.
set -euo pipefail
out=testdata/stdlib
bt=${BENCHTIME:-20ms}
cd "$(dirname "$0")/.."
go version
# Several packages at once, the same names in several, -benchmem, MB/s; twice.
for side in old new; do
  go test -run '^$' -bench 'Encode|Decode' -benchmem -benchtime "$bt" -count 6 \
    encoding/base32 encoding/base64 encoding/hex encoding/pem encoding/ascii85 > "$out/multipkg.$side.txt"
done
# -cpu 1,2,4
go test -run '^$' -bench 'BenchmarkMutexUncontended$|BenchmarkMutex$|BenchmarkRWMutexWrite100$|BenchmarkSemaUncontended$' \
  -cpu 1,2,4 -benchtime "$bt" -count 6 sync > "$out/cpu.txt"
# key=value sub-benchmarks (size=, align=, poly=), MB/s
go test -run '^$' -bench 'BenchmarkCRC32/poly=(IEEE|Castagnoli)' -benchtime "$bt" -count 6 hash/crc32 > "$out/crc32.txt"
# custom units from b.ReportMetric (p95-ns/STW, GCs/op, New/op)
go test -run '^$' -bench 'BenchmarkPoolSTW|BenchmarkPoolExpensiveNew' -benchtime "$bt" -count 6 sync > "$out/custom.txt"
# a configuration change inside one file: note: before … note: after (tee -a)
echo "note: before" > "$out/note.txt"
go test -run '^$' -bench 'BenchmarkQuote$|BenchmarkUnquoteEasy$|BenchmarkAppendQuote$' -benchtime "$bt" -count 6 strconv | tee -a "$out/note.txt" > /dev/null
echo "note: after" >> "$out/note.txt"
go test -run '^$' -bench 'BenchmarkQuote$|BenchmarkUnquoteEasy$|BenchmarkAppendQuote$' -benchtime "$bt" -count 6 strconv | tee -a "$out/note.txt" > /dev/null
# go test -json, two packages, twice
for side in old new; do
  go test -json -run '^$' -bench 'BenchmarkQuote$|BenchmarkUnquoteEasy$|BenchmarkEncode$|BenchmarkDecode$' -benchtime "$bt" -count 6 \
    strconv encoding/hex > "$out/json.$side.json"
done
# sync.Map against the other maps: alternatives as a sub-benchmark without key=value
go test -run '^$' -bench 'BenchmarkMapLoadMostlyHits$|BenchmarkMapLoadOrStoreBalanced$|BenchmarkMapRange$' \
  -benchtime 5ms -count 6 sync > "$out/syncmap.txt"
# a -benchtime near one op's time: RSA key generation (its op's time varies
# by itself, 20–190 ms) at 60 ms a sample, so a sample is one op exactly when
# its first op took longer than 60 ms (the report's single-op note)
go test -run '^$' -bench 'BenchmarkGenerateKey/2048' -benchtime 60ms -count 12 crypto/rsa > "$out/rsakey.txt"
# a -bench pattern that matches nothing: go test's output without a result
# (benchstat leaves such an input out, and so does the report)
go test -run '^$' -bench 'NoSuchBenchmark' encoding/hex > "$out/nomatch.txt"
