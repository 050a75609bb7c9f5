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

test: ## vet, gofmt, and the race-enabled tests in quick mode
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) test -race -short ./...

clean: ## remove out/
	rm -rf $(OUT)
