# Relais front door. CMake does the building; this file only sequences the steps
# (as neovim's Makefile does) and installs what is missing first.
#
#   make          build everything: native tools in build/bin, web artefacts in build/web
#   make demo     build, then start the demo and print where to open it
#   make test     build, then run every test (unit, WebAssembly, integration, browser)
#   make bench    build, then print every benchmark figure as one JSON line each
#   make asan     unit and integration tests under AddressSanitizer + UBSan
#
# Set RELAIS_SKIP_SETUP=1 to skip the dependency check (non-Debian systems).

SHELL := /bin/bash
JOBS ?= $(shell nproc)
CTEST_ARGS ?=
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: all setup native wasm web test demo bench asan fuzz clean

all: native wasm web

setup:
ifneq ($(RELAIS_SKIP_SETUP),1)
	@scripts/setup-debian.sh
endif

build/native/build.ninja: | setup
	cmake --preset native
build/wasm/build.ninja: | setup
	cmake --preset wasm

native: setup build/native/build.ninja
	cmake --build build/native -j $(JOBS)

wasm: setup build/wasm/build.ninja
	cmake --build build/wasm -j $(JOBS)

web: native wasm
	node web/build.mjs

test: all
	ctest --test-dir build/native --output-on-failure -j $(JOBS) $(CTEST_ARGS)

demo: all
	scripts/demo.sh

bench: all
	scripts/bench.sh

asan: setup
	cmake --preset native-asan
	cmake --build build/asan -j $(JOBS)
	ctest --test-dir build/asan --output-on-failure -j $(JOBS) $(CTEST_ARGS)

fuzz: setup
	cmake --preset fuzz
	cmake --build build/fuzz -j $(JOBS)

clean:
	rm -rf build
