#!/usr/bin/env bash
# `make demo`: start what Relais has so far and say what was started.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x build/bin/relais-server ]; then
  echo "demo: relais-server is not built yet (it arrives with the server issue)."
  echo "demo: what exists is the toolchain; checking it end to end in WebAssembly:"
  node --test tests/wasm/toolchain_smoke.test.mjs | grep -E '^# (pass|fail)'
  exit 0
fi
