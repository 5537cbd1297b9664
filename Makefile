# Relais front door. CMake does the building; this file only sequences the steps
# (as neovim's Makefile does) and installs what is missing first.
#
#   make          build everything: native tools in build/bin, web artefacts in build/web
#   make demo     build, then start the demo and print where to open it
#   make test     build, then run every test (unit, WebAssembly, integration, browser)
#   make unit     build the native tree, then run its fast unit tests only (about a minute)
#   make bench    build, then print every benchmark figure as one JSON line each
#   make asan     unit, integration and browser tests against an AddressSanitizer + UBSan build
#   make fuzz     build the libFuzzer targets, run each 3 minutes (FUZZ_SECONDS=60 to shorten)
#
# Set RELAIS_SKIP_SETUP=1 to skip the dependency check (non-Debian systems).

SHELL := /bin/bash
JOBS ?= $(shell nproc)
CTEST_ARGS ?=
FUZZ_SECONDS ?= 180
FUZZ_TARGETS ?=
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: all setup native wasm web test unit demo bench asan fuzz clean

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
	cmake --build build/native --target relais-web

test: all
	ctest --test-dir build/native --output-on-failure -j $(JOBS) $(CTEST_ARGS)

# The C++ unit tests (CTest label "unit"); the other labels are kb, wasm, web,
# integration and fuzz (replays), all run by `make test`.
unit: native
	ctest --test-dir build/native --output-on-failure -j $(JOBS) -L unit $(CTEST_ARGS)

demo: all
	scripts/demo.sh

bench: all
	scripts/bench.sh

# The ASan tree keeps its own outputs (RELAIS_OUTPUT_DIR in CMakePresets.json):
# its tests build the web artefacts there (the CTest fixture "build: web"), with
# its relais-kb, so that its browser tests run against its relais-server. The
# engine comes from the wasm tree.
asan: setup wasm
	cmake --preset native-asan
	cmake --build build/asan -j $(JOBS)
	ctest --test-dir build/asan --output-on-failure -j $(JOBS) $(CTEST_ARGS)

# Builds the libFuzzer targets, then runs each for FUZZ_SECONDS (scripts/fuzz.sh);
# FUZZ_TARGETS="http_request_fuzz static_path_fuzz" runs only those.
fuzz: setup
	cmake --preset fuzz
	cmake --build build/fuzz -j $(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh $(FUZZ_TARGETS)

clean:
	rm -rf build
