# concbench — see README.md. `make help` lists the targets.

GO        ?= go
OUT       ?= out
COUNT     ?= 6
BENCHTIME ?= 1x
BIN       := $(OUT)/concbench

.PHONY: help test report bench compare calibrate serve fuzz build clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

build: ## build the concbench command into out/
	@mkdir -p $(OUT)
	$(GO) build -o $(BIN) ./cmd/concbench

test: ## vet, gofmt, the race-enabled tests in quick mode, and one pass of every benchmark at -short
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) test -race -short ./...
	$(GO) test -short -run '^$$' -bench . -benchtime 1x ./bench ./impl/fanout

# The suite make report runs, at the report scale: every lesson of the full
# suite in under 3 minutes from a fresh clone, each benchmark's 95% interval
# within ±5% at 6 rounds on an idle 2-core machine (see README, "How steady
# the numbers are"). A sample must be long enough that the machine's hiccups
# (tens of milliseconds of a core lost now and then, on a shared VM) and its
# GC stay under 5% of it; the benchmarks whose one op is long enough run one
# op per sample, the shorter ones for a fixed time:
#   - trial61 (one op ≥ 0.6 s): sequential, a dynamic pool, splitrange (the
#     imbalance lesson; goroutines, static and processes tell the same);
#   - the throttle (one op ≥ 0.5 s): sequential, ratelimit, and the unpaced
#     goroutines and pool, whose spread is their own (a 429 costs a whole second);
#   - the IO task and its staircase on the mock, ll and its scaling, the seed
#     workload and the checkers, each for REPORT_SAMPLE_* per sample.
REPORT_SAMPLE_IO  ?= 0.15s
REPORT_SAMPLE_LL  ?= 0.4s
REPORT_SAMPLE_CPU ?= 0.3s
REPORT_GROUPS := \
	-bench '^BenchmarkCPU$$/^workload=trial61$$/^strategy=(sequential|pool|splitrange)$$@1x' \
	-bench '^BenchmarkIOThrottled$$/^api=mock$$/^strategy=(sequential|goroutines|pool|ratelimit)$$@1x' \
	-bench '^Benchmark(IO|IOScaling)$$/^api=mock$$@$(REPORT_SAMPLE_IO)' \
	-bench '^Benchmark(CPU|CPUScaling)$$/^workload=ll$$@$(REPORT_SAMPLE_LL)' \
	-bench '^Benchmark(CPU|Checker)$$/^(workload=seed|check=)@$(REPORT_SAMPLE_CPU)'
REPORT_SUITE = -pkg ./bench $(REPORT_GROUPS) -args -scale=report -timeout 60m

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
BENCHSTAT   := $(GO) tool benchstat -ignore commit,commit-time,ref

report: build ## the main job: the suite on the mock API, COUNT rounds → out/bench.txt → out/REPORT.md and out/*.png (FRESH=1)
	@echo "running the benchmark suite: report scale, $(COUNT) rounds, about 2 minutes on 2 cores" >&2
	@file=$$($(BIN) bench -o $(RESULTS)/report $(BENCH_FLAGS) $(REPORT_SUITE)) && \
	  cp "$$file" $(OUT)/bench.txt && echo "$$file → $(OUT)/bench.txt" >&2
	$(BIN) report -o $(OUT) $(OUT)/bench.txt

bench: build ## the full suite (every benchmark, full scale, COUNT rounds) → out/bench-full.txt → out/full/REPORT.md (BENCH, FRESH=1)
	@echo "running the full benchmark suite: $(COUNT) rounds, about 15 minutes on 2 cores" >&2
	@file=$$($(BIN) bench -o $(RESULTS)/full $(BENCH_FLAGS) -pkg ./bench -bench '$(or $(BENCH),.)' -timeout 3h) && \
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

