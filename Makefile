# Whistle — two commands on a fresh Debian machine:
#   make run    start the suite on loopback with the embedded demo city
#   make test   install what is missing, build, run every test
SHELL      := /bin/bash
SWIFT      ?= swift
VENV       := .venv
PYTHON     := $(VENV)/bin/python
BIN        := $(shell $(SWIFT) build --show-bin-path 2>/dev/null)
DATA       ?= data

.PHONY: all deps system-deps python-deps build test test-swift test-python check-layers fuzz fuzz-short fuzz-build bench run schemas clean

all: build

## deps: system packages (libzmq, pkg-config, sqlite, docker-compose) and the Python test tools
deps: system-deps python-deps

system-deps:
	@./scripts/install-system-deps.sh

python-deps: $(VENV)/.installed

$(VENV)/.installed: Tests/Interop/requirements.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r Tests/Interop/requirements.txt
	touch $@

build: system-deps
	$(SWIFT) build

test: deps build check-layers test-swift test-python fuzz-short

## check-layers: every target imports only what it declares; a domain file importing GRDB, ZeroMQ, Messaging,
## ServiceKit or StoreKit, or reading Date() / Date.now, does not build (probes compiled and removed)
check-layers: system-deps
	SWIFT=$(SWIFT) bash scripts/check-layers.sh

test-swift:
	WHISTLE_BIN_DIR=$(BIN) $(SWIFT) test --no-parallel

test-python: python-deps
	WHISTLE_BIN_DIR=$(BIN) $(PYTHON) -m pytest -q Tests/Interop

## fuzz: libFuzzer on the parsers and decoders, then 1,000,000 mutated frames to every socket and 100,000
## mutated HTTP requests to every server of a running suite (not part of `make test`; a short run is)
FUZZ_BIN   := .build/fuzz/whistle-fuzz
FUZZ_SECONDS ?= 300

fuzz-build: system-deps
	@bash Tests/Fuzz/build.sh $(FUZZ_BIN) 2>&1 | grep -v "ld.gold: warning"

fuzz: fuzz-build build python-deps
	mkdir -p .build/fuzz/corpus && cp Tests/Fuzz/seeds/* .build/fuzz/corpus/
	$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -rss_limit_mb=2048 -print_final_stats=1 .build/fuzz/corpus
	WHISTLE_BIN_DIR=$(BIN) $(PYTHON) Tests/Fuzz/fuzz_network.py --frames 1000000 --http 100000

fuzz-short: fuzz-build build python-deps
	mkdir -p .build/fuzz/corpus && cp Tests/Fuzz/seeds/* .build/fuzz/corpus/
	$(FUZZ_BIN) -runs=300000 -max_len=8192 -rss_limit_mb=2048 -print_final_stats=1 .build/fuzz/corpus 2>&1 | grep -E "^(Done|stat::number_of_executed_units|==.*ERROR|SUMMARY)" ; test $${PIPESTATUS[0]} -eq 0
	WHISTLE_BIN_DIR=$(BIN) $(PYTHON) Tests/Fuzz/fuzz_network.py --frames 2000 --http 200

bench: system-deps python-deps
	$(SWIFT) build -c release --product whistle-bench
	$(SWIFT) build -c release --product whistle-bus
	$(SWIFT) build -c release --product whistle
	$$($(SWIFT) build -c release --show-bin-path)/whistle-bench
	@if [ -f ../shared/peers/natsbench/run.sh ]; then \
		echo; echo "peer on this machine: NATS JetStream (300-byte events; fsyncs its file store every 2 minutes)"; \
		bash ../shared/peers/natsbench/run.sh; fi

## schemas: regenerate docs/schemas from the contracts (a test fails when they are out of date)
schemas: build
	$(BIN)/whistle schemas --out docs/schemas

## run: the suite on loopback with the embedded demo city (bus :7100/:7101, ingest :7200, commands :7300/:7301)
run: build
	$(BIN)/whistle up --data $(DATA) --webhook r-001=http://127.0.0.1:9999/hooks/r-001

clean:
	rm -rf .build $(VENV)
