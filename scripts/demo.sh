#!/usr/bin/env bash
# `make demo`: start relais-server on its embedded SQLite with the demo knowledge
# base (built by `make web` into build/web-kb/demo.sqlite), the demo host pages
# with the widget, and the agent console with a demo agent account. The server
# prints the URLs and the demo agent's password (a new one at each start).
#
#   RELAIS_DEMO_PORT=9090 make demo     another port (default 8080)
#   RELAIS_DEMO_DATA=DIR make demo      another data directory (default build/demo-data)
set -euo pipefail
cd "$(dirname "$0")/.."

port=${RELAIS_DEMO_PORT:-8080}
data=${RELAIS_DEMO_DATA:-build/demo-data}
kb=build/web-kb/demo.sqlite

for needed in build/bin/relais-server "$kb" build/web/relais.js build/web/console/index.html; do
  [ -e "$needed" ] || { echo "demo: $needed is missing: run 'make' first" >&2; exit 1; }
done

echo "demo: starting relais-server with the demo knowledge base ($kb)"
echo "demo: conversations and agents are stored in $data; stop with Ctrl-C"
# relais-server never serves as root: started as root, it switches to the
# `relais` account (created by scripts/setup-debian.sh), which gets the data
# directory and must be able to read build/web and the knowledge base.
run_as=()
if [ "$(id -u)" = 0 ]; then
  id relais >/dev/null 2>&1 || { echo "demo: the 'relais' account is missing: run 'make' as root" >&2; exit 1; }
  run_as=(--user relais)
fi
exec build/bin/relais-server --demo --listen "127.0.0.1:$port" --data "$data" --kb "$kb" "${run_as[@]}"
