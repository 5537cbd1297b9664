#!/usr/bin/env bash
# Rewrites ask_golden.jsonl from ask_queries.jsonl with the current engine and fixture
# (see README.md for when to do it). Run from anywhere; needs the native build.
set -euo pipefail
cd "$(dirname "$0")/../../.."
golden=tests/engine/golden
cmake --build build/native --target relais-kb >/dev/null
build/bin/relais-kb ask "$golden/kb" < "$golden/ask_queries.jsonl" > "$golden/ask_golden.jsonl.new"
changed=$(diff "$golden/ask_golden.jsonl" "$golden/ask_golden.jsonl.new" 2>/dev/null | grep -c '^>' || true)
mv "$golden/ask_golden.jsonl.new" "$golden/ask_golden.jsonl"
echo "$golden/ask_golden.jsonl: $(wc -l < "$golden/ask_golden.jsonl") answers, $changed changed"
