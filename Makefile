# lexecon — two commands set everything up on a fresh Debian machine:
#   make demo   installs what is missing, builds, and runs the demo
#   make test   installs what is missing, builds, and runs every test
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libsodium-dev libyaml-dev pkg-config
# The tests also check lexecon against independent tools: OpenSSL reads our keys and
# verifies our signatures; a Python verifier on PyNaCl checks our ledgers from the spec.
# python3-venv: the MCP tests install the real Python MCP client (pip) into a venv.
TEST_APT_PACKAGES := openssl python3 python3-nacl python3-venv
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := .build/debug/lexecon
RELEASE_BIN := .build/release/lexecon

.PHONY: deps test-deps build build-release test demo bench clean

# Install the system libraries only when pkg-config cannot find them.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 \
	   || ! pkg-config --exists libsodium \
	   || ! pkg-config --exists yaml-0.1; then \
	  echo "lexecon: installing $(APT_PACKAGES) with apt-get"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q \
	  && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(APT_PACKAGES); \
	fi
	@pkg-config --exists libsodium && pkg-config --exists yaml-0.1 \
	  || { echo "lexecon: libsodium or libyaml still missing after apt-get" >&2; exit 1; }

test-deps: deps
	@if ! command -v openssl >/dev/null 2>&1 || ! /usr/bin/python3 -c 'import nacl.signing' >/dev/null 2>&1 \
	   || ! /usr/bin/python3 -c 'import ensurepip' >/dev/null 2>&1; then \
	  echo "lexecon: installing test tools $(TEST_APT_PACKAGES) with apt-get"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q \
	  && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(TEST_APT_PACKAGES); \
	fi

build: deps
	$(SWIFT) build

# Everything, then `lexecon` relinked with the Swift runtime static (faster start of
# every `lexecon run` and hook call). `lexecon-mcp` stays dynamic: a static Foundation
# networking layer would need libcurl's static library.
build-release: deps
	$(SWIFT) build -c release
	$(SWIFT) build -c release --static-swift-stdlib --product lexecon

# Build once (tests included), then run without rebuilding: fast on 2-core machines.
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip ShellRunServerTests
	@# The in-process MCP server suite awaits the server's tasks on Swift's cooperative
	@# pool, which long synchronous suites (every bit flip of a ledger) can hold for
	@# minutes on a 2-core machine: it runs on its own, after them.
	$(SWIFT) test --skip-build --filter ShellRunServerTests
	bash Tests/Independent/test_independent.sh $(BIN)

demo: build
	$(BIN) demo

bench: build-release
	.build/release/lexecon-bench

clean:
	rm -rf .build
