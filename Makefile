# concbench — see README.md. `make help` lists the targets.

GO        ?= go
OUT       ?= out
COUNT     ?= 6
BENCHTIME ?= 1x
BIN       := $(OUT)/concbench

.PHONY: help test report bench compare serve fuzz build clean

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
# task, at the report scale, COUNT samples. The multi-millisecond benchmarks
# run one op per sample; the sub-millisecond ones (the seed workload, the
# checkers) run for 0.2 s per sample, or their samples would be mostly noise.
REPORT_SLOW := ^Benchmark(IO|IOScaling|IOThrottled|CPU|CPUScaling)$$/^(api=mock|workload=trial61|workload=ll)
REPORT_FAST := ^Benchmark(CPU|Checker)$$/^(workload=seed|check=)

report: build ## the main job: the suite on the mock API → out/bench.txt → out/REPORT.md and out/*.png
	@mkdir -p $(OUT)
	@echo "running the benchmark suite (report scale, COUNT=$(COUNT)): about 5 minutes on 2 cores"
	$(GO) test -run '^$$' -bench '$(REPORT_SLOW)' -benchtime 1x -count $(COUNT) -timeout 60m ./bench -scale=report > $(OUT)/bench.txt.tmp
	$(GO) test -run '^$$' -bench '$(REPORT_FAST)' -benchtime 0.2s -count $(COUNT) -timeout 60m ./bench -scale=report >> $(OUT)/bench.txt.tmp
	mv $(OUT)/bench.txt.tmp $(OUT)/bench.txt
	$(BIN) report -o $(OUT) $(OUT)/bench.txt

bench: build ## the full suite (every benchmark, full scale, COUNT samples) → out/bench-full.txt → out/full/REPORT.md
	@mkdir -p $(OUT)
	$(GO) test -run '^$$' -bench '$(or $(BENCH),.)' -count $(COUNT) -timeout 3h ./bench | tee $(OUT)/bench-full.txt.tmp
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
