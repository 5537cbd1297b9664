#!/usr/bin/env bash
# `make bench`: every figure as one JSON line {"bench": "...", ...}.
# Sizes first (raw and gzip of every shipped web artefact), then each benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."

# The size of every shipped web artefact.
while IFS= read -r -d '' file; do
  bytes=$(stat -c %s "$file")
  gzip_bytes=$(gzip -9 -c "$file" | wc -c)
  printf '{"bench": "size", "artifact": "%s", "bytes": %d, "gzip_bytes": %d}\n' \
    "${file#build/web/}" "$bytes" "$gzip_bytes"
done < <(find build/web -type f ! -name '*.gz' ! -name '*.br' -print0 | sort -z)
