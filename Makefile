# concbench — see README.md. `make help` lists the targets.

GO        ?= go
OUT       ?= out
COUNT     ?= 6
BENCHTIME ?= 1x
BIN       := $(OUT)/concbench

.PHONY: help test report bench compare serve fuzz build clean FORCE

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
	$(GO) test -short -run '^$$' -bench . -benchtime 1x ./bench

# The suite make report runs: every benchmark on the mock API and the CPU
# task, at the report scale. The multi-millisecond benchmarks run one op per
# sample; the sub-millisecond ones (the seed workload, the checkers) run for
# 0.2 s per sample, or their samples would be mostly noise.
REPORT_SLOW := ^Benchmark(IO|IOScaling|IOThrottled|CPU|CPUScaling)$$/^(api=mock|workload=trial61|workload=ll)
REPORT_FAST := ^Benchmark(CPU|Checker)$$/^(workload=seed|check=)
BENCHBIN    := $(OUT)/bench.test

# Samples are taken in COUNT rounds of the whole suite (-count 1 each),
# not COUNT in a row per benchmark: drift on the machine (heat, neighbours)
# then hits every benchmark alike, including the sequential baselines that
# the speedups, and the scaling benchmarks', divide by.
$(BENCHBIN): FORCE
	@mkdir -p $(OUT)
	$(GO) test -c -o $(BENCHBIN) ./bench

report: build $(BENCHBIN) ## the main job: the suite on the mock API → out/bench.txt → out/REPORT.md and out/*.png
	@echo "running the benchmark suite: report scale, $(COUNT) rounds, about 5 minutes on 2 cores"
	@rm -f $(OUT)/bench.txt.tmp
	@for i in $$(seq $(COUNT)); do \
	  echo "round $$i of $(COUNT)"; \
	  $(BENCHBIN) -test.run '^$$' -test.bench '$(REPORT_SLOW)' -test.benchtime 1x -test.count 1 -test.timeout 60m -scale=report >> $(OUT)/bench.txt.tmp || exit 1; \
	  $(BENCHBIN) -test.run '^$$' -test.bench '$(REPORT_FAST)' -test.benchtime 0.2s -test.count 1 -test.timeout 60m -scale=report >> $(OUT)/bench.txt.tmp || exit 1; \
	done
	mv $(OUT)/bench.txt.tmp $(OUT)/bench.txt
	$(BIN) report -o $(OUT) $(OUT)/bench.txt

bench: build $(BENCHBIN) ## the full suite (every benchmark, full scale, COUNT rounds) → out/bench-full.txt → out/full/REPORT.md
	@echo "running the full benchmark suite: $(COUNT) rounds, about 15 minutes on 2 cores"
	@rm -f $(OUT)/bench-full.txt.tmp
	@for i in $$(seq $(COUNT)); do \
	  echo "round $$i of $(COUNT)"; \
	  $(BENCHBIN) -test.run '^$$' -test.bench '$(or $(BENCH),.)' -test.count 1 -test.timeout 3h >> $(OUT)/bench-full.txt.tmp || exit 1; \
	done
	mv $(OUT)/bench-full.txt.tmp $(OUT)/bench-full.txt
	$(BIN) report -o $(OUT)/full $(OUT)/bench-full.txt

serve: build ## serve the simulated API on 127.0.0.1:8080 (SERVE_FLAGS="-rate 50 -burst 10 -v")
	$(BIN) serve $(SERVE_FLAGS)

FUZZTIME ?= 30s
fuzz: ## run every fuzz target for FUZZTIME each
	$(GO) test -run '^$$' -fuzz '^FuzzParseParams$$' -fuzztime $(FUZZTIME) ./impl/apisim
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeStrings$$' -fuzztime $(FUZZTIME) ./impl/iobound
	$(GO) test -run '^$$' -fuzz '^FuzzReport$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./report

# make compare runs make report's multi-millisecond benchmarks at its scale by
# default (one op per sample), old and new
# interleaved; see scripts/compare.sh.
compare: ## the suite at BASE=<git ref> against the working tree, interleaved, then concbench compare and benchstat (COUNT, BENCH, SCALE, SHORT, THRESHOLD)
	@test -n "$(BASE)" || { echo "usage: make compare BASE=<git ref> [COUNT=6] [BENCH=regexp] [SCALE=report|full|short] [SHORT=1] [BENCHTIME=1x] [THRESHOLD=5%]" >&2; exit 2; }
	GO='$(GO)' OUT='$(OUT)' COUNT='$(COUNT)' BENCH='$(or $(BENCH),$(REPORT_SLOW))' SCALE='$(or $(SCALE),report)' BENCHTIME='$(BENCHTIME)' SHORT='$(SHORT)' THRESHOLD='$(or $(THRESHOLD),5%)' scripts/compare.sh '$(BASE)'

clean: ## remove out/
	rm -rf $(OUT)

FORCE:
