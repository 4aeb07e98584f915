# dipgraph: `make run` (start the local Neo4j and run the main job) and
# `make test` (everything CI runs). `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
# Each recipe is one bash script, so variables and traps carry across lines.
.ONESHELL:
.DEFAULT_GOAL := help

GO ?= go
BIN := ./dipgraph
# Downloads (Neo4j jars, golangci-lint) are shared by every run and checkout.
CACHE_DIR := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/dipgraph
GOLANGCI_LINT_VERSION := v2.15.0
GOLANGCI_LINT := $(CACHE_DIR)/bin/golangci-lint-$(GOLANGCI_LINT_VERSION)/golangci-lint
# Where make run keeps the guide server's pid and log: beside the local
# server's data (local.data_dir's default).
RUN_DIR := $(or $(DIPGRAPH_LOCAL_DATA_DIR),$(or $(XDG_DATA_HOME),$(HOME)/.local/share)/dipgraph)/run
HTTP_PORT := $(or $(DIPGRAPH_LOCAL_HTTP_PORT),7474)
GUIDE_PORT ?= 8099
# Debian packages: Java 17 and Maven for the local Neo4j (the binary never
# installs them), Chromium for the Neo4j Browser end-to-end test.

.PHONY: help build deps test-deps run stop status test test-go vet lint bench clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## build ./dipgraph
	$(GO) build -o $(BIN) ./cmd/dipgraph

deps: ## install OpenJDK 17 and Maven from Debian when missing (apt-get, as root or with sudo)
	@$(call apt_install_missing,)

test-deps: ## deps, plus Chromium for the Neo4j Browser end-to-end test
	@$(call apt_install_missing,chromium)

# apt_install_missing installs Java 17 and Maven when absent, plus the
# extra packages given (a package is taken as present when its command is).
define apt_install_missing
	missing=()
	if ! compgen -G '/usr/lib/jvm/java-17-openjdk*/bin/java' >/dev/null; then missing+=(openjdk-17-jre-headless); fi
	if ! command -v mvn >/dev/null; then missing+=(maven); fi
	for pkg in $(1); do
	  if [[ $$pkg == chromium && -n $${DIPGRAPH_TEST_CHROMIUM:-} ]]; then continue; fi
	  if ! command -v "$$pkg" >/dev/null; then missing+=("$$pkg"); fi
	done
	if (( $${#missing[@]} == 0 )); then exit 0; fi
	echo "Installing $${missing[*]} from Debian ..."
	sudo=(); if [[ $$(id -u) != 0 ]]; then sudo=(sudo); fi
	"$${sudo[@]}" apt-get update -q
	DEBIAN_FRONTEND=noninteractive "$${sudo[@]}" apt-get install -y -q --no-install-recommends "$${missing[@]}"
endef

run: deps build ## the main job: start the local Neo4j, extract and load examples/, run a query pack, serve the Browser guide
	@$(BIN) neo4j start
	echo
	echo "--- extract and load the sample articles in examples/ ---"
	$(BIN) load examples/ --format table
	echo
	echo "--- query pack: top-mediators ---"
	$(BIN) query run top-mediators --format table
	echo
	# The Browser guide is served on localhost:$(GUIDE_PORT) in the
	# background, so :play works at once; make stop ends it too.
	if ! (exec 3<>/dev/tcp/127.0.0.1/$(GUIDE_PORT)) 2>/dev/null; then
	  mkdir -p "$(RUN_DIR)"
	  nohup $(BIN) browser guide --serve --listen 127.0.0.1:$(GUIDE_PORT) >"$(RUN_DIR)/guide.log" 2>&1 &
	  echo $$! >"$(RUN_DIR)/guide.pid"
	fi
	echo "Neo4j Browser: http://127.0.0.1:$(HTTP_PORT)/browser/  (user neo4j; the password: $(BIN) neo4j status)"
	echo "Then run in Browser:  :play http://localhost:$(GUIDE_PORT)/dipgraph.html"
	echo "Stop everything with: make stop"

stop: build ## stop the local Neo4j and the guide server
	@if [[ -f "$(RUN_DIR)/guide.pid" ]]; then
	  kill "$$(cat "$(RUN_DIR)/guide.pid")" 2>/dev/null || echo "guide server already stopped"
	  rm -f "$(RUN_DIR)/guide.pid"
	fi
	$(BIN) neo4j stop

status: build ## show the local Neo4j's status
	$(BIN) neo4j status

$(GOLANGCI_LINT):
	mkdir -p $(dir $@)
	GOBIN=$(dir $@) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)

vet: ## go vet ./...
	$(GO) vet ./...

lint: $(GOLANGCI_LINT) ## golangci-lint (v2, .golangci.yml) over the whole tree
	$(GOLANGCI_LINT) run ./...

test: test-deps build $(GOLANGCI_LINT) ## install what is missing, start a throwaway Neo4j, vet, lint, test, tiny benchmarks
	@start=$$(date +%s)
	# Every stage runs even when an earlier one failed, so one run shows
	# all problems; the exit status is that of the first failure.
	rc=0
	$(MAKE) --no-print-directory vet || rc=$$?
	$(MAKE) --no-print-directory lint || { s=$$?; (( rc )) || rc=$$s; }
	.ci/with-neo4j $(MAKE) --no-print-directory test-go || { s=$$?; (( rc )) || rc=$$s; }
	echo "make test: $$( (( rc )) && echo FAILED || echo passed) in $$(( $$(date +%s) - start )) s"
	exit $$rc

# test-go runs inside .ci/with-neo4j (DIPGRAPH_TEST_NEO4J_* set). Every
# test runs (-count=1, no cached results); DIPGRAPH_TEST_LOCAL_NEO4J=1 adds
# the managed-server test that installs, starts and stops its own Neo4j.
test-go:
	@log=$$(mktemp)
	trap 'rm -f "$$log"' EXIT
	rc=0
	DIPGRAPH_TEST_LOCAL_NEO4J=1 $(GO) test -count=1 -v ./... > "$$log" 2>&1 || rc=$$?
	# The log without the noise of passing subtests: top-level results,
	# skips with their reasons, failures with their output.
	awk '!/^(=== (RUN|PAUSE|CONT|NAME)|[[:space:]]+--- PASS)/' "$$log"
	echo "--- benchmarks at tiny scale (-benchtime 1x) ---"
	$(GO) test -count=1 -run '^$$' -bench . -benchtime 1x ./... || rc=$$?
	awk '/^[[:space:]]*--- PASS/ {p++} /^[[:space:]]*--- FAIL/ {f++} /^[[:space:]]*--- SKIP/ {s++}
		END {printf "%d passed, %d failed, %d skipped\n", p, f, s}' "$$log"
	exit $$rc

# The 100,000-article graphs outgrow the test server's default 512 MB page
# cache; the benchmarks get a server sized for them (override either).
bench: deps build ## full-scale benchmarks against a throwaway Neo4j with 4 GB heap and page cache (slow)
	DIPGRAPH_TEST_NEO4J_HEAP=$${DIPGRAPH_TEST_NEO4J_HEAP:-4g} DIPGRAPH_TEST_NEO4J_PAGECACHE=$${DIPGRAPH_TEST_NEO4J_PAGECACHE:-4g} \
		.ci/with-neo4j $(GO) test -count=1 -run '^$$' -bench . -benchmem -timeout 60m ./...

clean: ## remove the built binary (not the Neo4j data or downloads)
	rm -f $(BIN)
