# concbench — see README.md. `make help` lists the targets.

GO        ?= go
OUT       ?= out
COUNT     ?= 6
BENCHTIME ?= 1x
BIN       := $(OUT)/concbench

.PHONY: help test report bench compare calibrate serve fuzz build clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

# Static (CGO_ENABLED=0): only net's resolver would link libc, and
# concbench resolves no name it could not resolve without it; libc's pages
# cost a report 1.4 MB of its peak memory.
build: ## build the concbench command into out/
	@mkdir -p $(OUT)
	CGO_ENABLED=0 $(GO) build -o $(BIN) ./cmd/concbench

test: ## vet, gofmt, the race-enabled tests in quick mode, and one pass of every benchmark at -short
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) test -race -short -skip '^TestCompareProfile$$' $$($(GO) list ./... | grep -v -e '/runner/bisect$$' -e '/bench/hiccup$$')
	@# bench/hiccup's TestRecord keeps every CPU busy for 2 s: the slow spell that the other
	@# packages' tests must not be timed beside. It runs after them.
	$(GO) test -race -short ./bench/hiccup
	@# bisect's tests and compare -profile's time a throwaway module: alone, not beside the other
	@# packages' tests (-v: each test's time). Beside them, compare -profile's 30% slower commit
	@# once measured 5.9% faster (2026-12-05).
	$(GO) test -race -short -v ./runner/bisect
	$(GO) test -race -short -v -run '^TestCompareProfile$$' ./cmd/concbench
	$(GO) test -short -run '^$$' -bench . -benchtime 1x ./bench ./impl/fanout

# The suite make report runs, at the report scale: every lesson of the full
# suite in about 3 minutes, each benchmark's 95% interval within ±5% on an
# idle 2-core machine when it is steady (docs/STEADY.md says when it is
# not). Each strategy runs in the same run of the test binary as the
# sequential reference it is compared with (a group), seconds apart, or in
# the run right after it (ll's), so that the report's speedups, paired by
# round, pair samples measured together. A round runs:
#   - once, one op per sample, the groups whose ops take ≥ 0.25 s: trial61
#     (sequential, a dynamic pool, splitrange: the imbalance lesson) and
#     the throttle (sequential, ratelimit, the unbounded goroutines, which
#     loses: a 429 costs a whole second, and adaptive, which is told no
#     rate);
#   - twice, at its start and at its end, the rest, for a fixed time per
#     sample (REPORT_SAMPLE_*; sequential's 0.5 s op once a sample) or, ll
#     and its scaling, a fixed count of ops (below): the IO strategies, the
#     staircase, the tail with and without hedging, ll, the seed workload,
#     the checkers (trial division at
#     n = 31 at this scale: at n = 61 it takes 2.5 s, as long as trial61,
#     which already has 2^61 − 1).
# The VM's two vCPUs slow down together by 5–30% for 0.1 s to 20 s at a
# time when neighbours load the host (docs/STEADY.md), and a spell spoils
# every sample it overlaps. At 6 samples benchstat's interval is their
# range; of twelve, their 3rd to 10th values, which leaves out a spell or
# two.
# ll runs by a count of ops, not a time: one op a sample for its
# one-worker jobs (sequential, static workers=2, whose imbalance leaves one
# worker the work: 310–420 ms), two for the rest (170–230 ms), each kind in
# its own run of the test binary, back to back in the round. A time near
# one op's lets a spell choose the count: at 0.25 s, a first op slowed
# past 0.25 s ended its sample alone, unaveraged, and in noisy hours 1 to 6
# of ll's benchmarks a run had such samples (concbench report warns of them).
# Alternated with the single 0.25 s group on a noisy host (2026-12-05
# 09:37–09:42 and 10:47–10:52, 6 pairs, docs/STEADY.md), the split gave
# the narrower interval in 37 of 54 benchmark pairs (wider in 13), and 28
# of 48 speedups outside ±5% against 37; no sample of one op among more,
# where the 0.25 s runs had them in all six.
REPORT_SAMPLE_IO   ?= 0.1s
REPORT_SAMPLE_CPU  ?= 0.1s
REPORT_SAMPLE_SEED ?= 0.15s
# The IO strategies that run for a fixed time per sample (sequential runs
# one op; processes runs two ops a sample, in the run right after: its
# 65–85 ms op at 0.1 s ended a sample alone whenever it ran slow, as ll's
# did, 2026-12-05 21:22), and
# IOScaling's worker counts whose one op is long (1, 2, 4: one op) or short
# (8 and more: for a fixed time).
IO_SHORT       := (goroutines|singlethread|pool|errgroup|ratelimit|pipeline|adaptive|hedged)
WORKERS_LONG   := ^workers=[124]$$
WORKERS_SHORT  := ^workers=([0-9]{2,}|8)$$
REPORT_TWICE := \
	-bench '^BenchmarkIO$$/^api=mock$$/^strategy=(sequential|$(IO_SHORT))$$@$(REPORT_SAMPLE_IO)' \
	-bench '^BenchmarkIO$$/^api=mock$$/^strategy=processes$$@2x' \
	-bench '^BenchmarkIOScaling$$/^api=mock$$/^strategy=pool$$/^workers=([0-9]{2,}|[248])$$@$(REPORT_SAMPLE_IO)' \
	-bench '^BenchmarkIOTail$$/^api=mock$$/^tail=@$(REPORT_SAMPLE_IO)' \
	-bench '^BenchmarkCPU$$/^workload=ll$$/^strategy=(sequential|static)$$@1x' \
	-bench '^BenchmarkCPU$$/^workload=ll$$/^strategy=(goroutines|pool|processes)$$@2x' \
	-bench '^BenchmarkCPUScaling$$/^workload=ll$$/^strategy=pool$$/^workers=1$$@1x' \
	-bench '^BenchmarkCPUScaling$$/^workload=ll$$/^strategy=pool$$/^workers=([2-9]|[0-9]{2,})$$@2x' \
	-bench '^BenchmarkCPU$$/^workload=seed$$@$(REPORT_SAMPLE_SEED)' \
	-bench '^BenchmarkChecker$$@$(REPORT_SAMPLE_CPU)'
REPORT_ONCE := \
	-bench '^BenchmarkCPU$$/^workload=trial61$$/^strategy=(sequential|pool|splitrange)$$@1x' \
	-bench '^BenchmarkIOThrottled$$/^api=mock$$/^strategy=(sequential|goroutines|ratelimit|adaptive)$$@1x'
REPORT_GROUPS := $(REPORT_TWICE) $(REPORT_ONCE) $(REPORT_TWICE)
REPORT_SUITE = -pkg ./bench $(REPORT_GROUPS) -probe-budget 15% -args -scale=report -timeout 60m

# make compare's default: the multi-millisecond benchmarks of the report
# scale, one op per sample (see compare below).
REPORT_SLOW := ^Benchmark(IO|IOScaling|IOThrottled|CPU|CPUScaling)$$/^(api=mock|workload=trial61|workload=ll)

# Every benchmark target is one call of concbench bench, the runner: it
# builds the suite's test binary (at each git ref in a worktree, or the
# working tree), takes COUNT samples in interleaved rounds of the whole suite
# (drift on the machine then hits every benchmark and every ref alike,
# including the sequential baselines the speedups divide by), and keeps the
# results per commit under $(OUT)/results/: a rerun measures only what is
# missing. FRESH=1 measures again.
RESULTS     := $(OUT)/results
BENCH_FLAGS  = -count $(COUNT) $(if $(FRESH),-fresh)
THRESHOLD   ?= 5%
COMPARE_FLAGS ?= -threshold $(THRESHOLD) -o $(OUT)
BENCHSTAT   := $(GO) tool benchstat -ignore commit,commit-time,ref,commit-parent,commit-position

report: build ## the main job: the suite on the mock API, COUNT rounds → out/bench.txt → out/REPORT.md and out/*.png (FRESH=1)
	@echo "running the benchmark suite: report scale, $(COUNT) rounds, about 3 minutes on 2 cores" >&2
	@file=$$($(BIN) bench -o $(RESULTS)/report $(BENCH_FLAGS) $(REPORT_SUITE)) && \
	  cp "$$file" $(OUT)/bench.txt && echo "$$file → $(OUT)/bench.txt" >&2
	$(BIN) report -o $(OUT) $(OUT)/bench.txt

# make bench runs every benchmark at the full scale (the seed's 5 × 30
# requests at 20 ms), for the default second per sample, and holds them to
# the same ±5% as make report, the same way: a round runs the benchmarks
# whose one op takes half a second or more once, and the rest (and ll,
# whose goroutines spreads by itself) at its start and at its end; the seed
# workload and IO's processes a third time. BENCH=regexp runs one group.
# BenchmarkIO's strategies are at the 3rd level of its names under api=mock
# and api=live, and at the 4th under api=local/transport=…: bench_io picks
# the strategies $(1) of every front end.
bench_io = -bench '^BenchmarkIO$$/^api=(mock|live)$$/^strategy=$(1)$$' -bench '^BenchmarkIO$$/^api=local$$/^transport=/^strategy=$(1)$$'
BENCH_THRICE := \
	$(call bench_io,processes) \
	-bench '^BenchmarkCPU$$/^workload=seed$$'
BENCH_TWICE := \
	$(call bench_io,$(IO_SHORT)) \
	-bench '^BenchmarkIOScaling$$/^api=mock$$/^strategy=pool$$/$(WORKERS_SHORT)' \
	-bench '^BenchmarkIOTail$$/^api=mock$$/^tail=/^strategy=(goroutines|hedged)$$' \
	-bench '^Benchmark(CPU|CPUScaling)$$/^workload=ll$$' \
	-bench '^BenchmarkChecker$$/^check=(trialkp|lucaslehmer)$$' \
	-bench '^BenchmarkRequest$$' \
	$(BENCH_THRICE)
BENCH_ONCE := \
	-bench '^BenchmarkCPU$$/^workload=trial61$$' \
	-bench '^BenchmarkCPUScaling$$/^workload=trial61$$' \
	-bench '^BenchmarkChecker$$/^check=trial$$' \
	$(call bench_io,sequential) \
	-bench '^BenchmarkIOTail$$/^api=mock$$/^tail=/^strategy=sequential$$' \
	-bench '^BenchmarkIOScaling$$/^api=mock$$/^strategy=pool$$/$(WORKERS_LONG)' \
	-bench '^BenchmarkIOThrottled$$' \
	-bench '^BenchmarkLoad$$'
BENCH_GROUPS = $(if $(BENCH),-bench '$(BENCH)',$(BENCH_TWICE) $(BENCH_THRICE) $(BENCH_ONCE) $(BENCH_TWICE))

bench: build ## the full suite (every benchmark, full scale, COUNT rounds) → out/bench-full.txt → out/full/REPORT.md (BENCH, FRESH=1)
	@echo "running the full benchmark suite: $(COUNT) rounds, about 21 minutes on 2 cores" >&2
	@file=$$($(BIN) bench -o $(RESULTS)/full $(BENCH_FLAGS) -pkg ./bench $(BENCH_GROUPS) -timeout 3h) && \
	  cp "$$file" $(OUT)/bench-full.txt && echo "$$file → $(OUT)/bench-full.txt" >&2
	$(BIN) report -o $(OUT)/full $(OUT)/bench-full.txt

# make compare runs make report's multi-millisecond benchmarks at its scale by
# default (one op per sample), BASE and the working tree interleaved; BASE
# the working tree's own commit (clean) is an A/A comparison.
COMPARE_SUITE = -pkg ./bench -bench '$(or $(BENCH),$(REPORT_SLOW))@$(BENCHTIME)' \
	-args '$(if $(SHORT),-test.short) -scale=$(or $(SCALE),report)' -timeout 60m
compare: build ## the suite at BASE=<git ref> against the working tree, interleaved, then concbench compare and benchstat (COUNT, BENCH, BENCHTIME, SCALE, SHORT, THRESHOLD, FRESH)
	@test -n "$(BASE)" || { echo "usage: make compare BASE=<git ref> [COUNT=10] [BENCH=regexp] [SCALE=report|full|short] [SHORT=1] [BENCHTIME=1x] [THRESHOLD=5%]" >&2; exit 2; }
	@if [ "$$(git rev-parse --verify --quiet '$(BASE)^{commit}')" = "$$(git rev-parse HEAD)" ] && [ -z "$$(git status --porcelain)" ]; then \
	    echo "make compare: BASE=$(BASE) is the working tree's commit: comparing it with itself, A/A (the same binary as both sides, interleaved)" >&2; \
	    files=$$($(BIN) bench -aa -o $(RESULTS)/compare $(BENCH_FLAGS) $(COMPARE_SUITE)) || exit 1; \
	  else \
	    files=$$($(BIN) bench -o $(RESULTS)/compare $(BENCH_FLAGS) $(COMPARE_SUITE) '$(BASE)' .) || exit 1; \
	  fi; \
	  set -- $$files; \
	  if [ $$# -ne 2 ]; then echo "make compare: want two result files, got $$#" >&2; exit 2; fi; \
	  status=0; $(BIN) compare $(COMPARE_FLAGS) "$$1" "$$2" || status=$$?; \
	  echo; $(BENCHSTAT) "$$1" "$$2" || true; exit $$status

# make calibrate records make report's suite A/A (the working tree's binary
# as both sides, interleaved), then concbench compare -calibrate resamples
# the pair: the gate's false-alarm rate and the threshold that holds it.
calibrate: build ## an A/A recording of make report's suite on the working tree (COUNT=12 rounds a side), then concbench compare -calibrate (FRESH)
	@files=$$($(BIN) bench -aa -o $(RESULTS)/calibrate $(BENCH_FLAGS) $(REPORT_SUITE)) || exit 1; \
	  set -- $$files; $(BIN) compare -calibrate "$$1" "$$2"

# Under the gate's Holm correction, 6 samples a side cannot reach
# significance (see concbench help compare): compare takes 10 by default.
compare: COUNT = 10
calibrate: COUNT = 12

serve: build ## serve the simulated API on 127.0.0.1:8080 (SERVE_FLAGS="-rate 50 -burst 10 -v")
	$(BIN) serve $(SERVE_FLAGS)

FUZZTIME ?= 30s
fuzz: ## run every fuzz target for FUZZTIME each
	$(GO) test -run '^$$' -fuzz '^FuzzParseParams$$' -fuzztime $(FUZZTIME) ./impl/apisim
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeStrings$$' -fuzztime $(FUZZTIME) ./impl/iobound
	$(GO) test -run '^$$' -fuzz '^FuzzReport$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./report

clean: ## remove out/
	rm -rf $(OUT)

