#!/usr/bin/env bash
# `make bench`: every figure as one JSON line {"bench": "...", ...}.
# Sizes first (raw and gzip of every shipped web artefact), then each benchmark;
# the widget's before the server's, whose hundreds of MB written to disk keep the
# machine busy for a while after it ends (a browser's timings would pay for it).
set -euo pipefail
cd "$(dirname "$0")/.."

# A benchmark that fails is reported at the end; the others still run.
failed=()
run() { "$@" || failed+=("$*"); }

# The size of every shipped web artefact.
while IFS= read -r -d '' file; do
  bytes=$(stat -c %s "$file")
  gzip_bytes=$(gzip -9 -c "$file" | wc -c)
  printf '{"bench": "size", "artifact": "%s", "bytes": %d, "gzip_bytes": %d}\n' \
    "${file#build/web/}" "$bytes" "$gzip_bytes"
done < <(find build/web -type f ! -name '*.gz' ! -name '*.br' -print0 | sort -z)

# ---------------------------------------------------------------------------
# Engine evaluation (engine/README.md, "Evaluation"): relais-eval on each intent data set,
# validation split, one line per data set:
#   {"bench": "engine_eval", "dataset": "clinc150", "in_scope_accuracy": ..., ...}
# The public data sets live in ../shared/data (skipped when absent); fr_services is ours.
engine_eval() {
  build/bin/relais-eval "$1" --split validation --json |
    node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const { dataset, thresholds, ...figures } = JSON.parse(s);
      console.log(JSON.stringify({ bench: "engine_eval", dataset, ...figures }));
    });'
}
for dataset in ../shared/data/intents/clinc150.json ../shared/data/intents/hwu64.json \
               tests/engine/data/fr_services.json; do
  [[ -f "$dataset" ]] || continue
  run engine_eval "$dataset"
done

# ---------------------------------------------------------------------------
# The WebAssembly engine (wasm/README.md, "Size and load time"): its shipped size against
# the 400 KB gzip budget (also a test: tests/web/size.test.mjs), its time to answer a 1 MB
# question, which it cuts to the query budget (tests/bench/engine_long_question.mjs), then
# the widget's answer times in headless Chromium against relais-server serving build/web
# (tests/bench/widget_latency.mjs; first answer on a cold cache ≤ 500 ms, later ones ≤ 50 ms):
#   {"bench": "engine_size", ...}
#   {"bench": "engine_long_question", "bytes": 1048576, "ms_p50": {...}, "ms_max": ...}
#   {"bench": "widget_first_answer", "cold_ms": ..., "warm_ms_p50": ..., "phases_ms": {...}}
engine_gzip=0
for file in build/web/engine/relais-engine.wasm build/web/engine/relais-engine.mjs; do
  engine_gzip=$((engine_gzip + $(gzip -9 -c "$file" | wc -c)))
done
printf '{"bench": "engine_size", "gzip_bytes": %d, "budget_gzip_bytes": %d}\n' "$engine_gzip" $((400 * 1024))
run node tests/bench/engine_long_question.mjs
run node tests/bench/widget_latency.mjs

# ---------------------------------------------------------------------------
# Server (tests/bench/server/README.md): relais-server against a Node `ws` relay
# baseline in the same run, both driven by relais-ws-load (the real protocol).
# One line per figure, each with its target, "met", the baseline and the ratio:
#   {"bench": "server_idle_connections", ...}, {"bench": "server_message_throughput", ...},
#   {"bench": "server_message_throughput_saturated", ...},
#   {"bench": "server_delivery_latency", ...}, {"bench": "server_restart_ready", ...}
# About 2-3 minutes (the first run also creates the agents, ~15 s). Progress on stderr.
run node tests/bench/server/run.mjs
if ((${#failed[@]})); then
  printf 'make bench: failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
