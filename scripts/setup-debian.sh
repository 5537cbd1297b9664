#!/usr/bin/env bash
# Installs what Relais needs to build, test and run its demo on Debian bookworm:
# Debian packages (apt, with bookworm-backports for Catch2 v3 and deb-src for the
# RE2 source compiled to WebAssembly) and the web tooling from the npm registry
# (pinned by package-lock.json). Does nothing when everything is already there,
# so `make` can call it on every run.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
catch2_version="3.7.1-0.4~bpo12+1"

apt_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates xz-utils dpkg-dev
  nlohmann-json3-dev libre2-dev libsqlite3-dev libsodium-dev libboost1.81-dev zlib1g-dev
  emscripten unicode-data python3 python3-six perl gzip brotli clang-14 libclang-rt-14-dev sqlite3
  chromium fonts-dejavu-core
)

die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

[ -r /etc/os-release ] && . /etc/os-release
if [ "${ID:-}" != debian ] || [ "${VERSION_CODENAME:-}" != bookworm ]; then
  die "Relais installs its dependencies on Debian 12 (bookworm); this is ${PRETTY_NAME:-an unknown system}.
  Install by hand the equivalents of: ${apt_packages[*]} catch2 (v3), then run make again with RELAIS_SKIP_SETUP=1."
fi

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
catch2_installed=$(dpkg-query -W -f='${Version}' catch2 2>/dev/null || true)
[ "$catch2_installed" = "$catch2_version" ] || missing+=("catch2=$catch2_version")

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    die "missing Debian packages: ${missing[*]}
  Run as root:  sudo $0   (or install them with apt-get; Catch2 v3 comes from bookworm-backports)."
  fi
  # bookworm-backports (Catch2 v3) and deb-src (RE2 source for the WebAssembly build),
  # from the same mirror as the system's own sources.
  # Only active lines (a commented snapshot URL must not win); `|| true` because
  # some of the globs may match nothing.
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
           | grep -E '^[[:space:]]*(URIs:|deb[[:space:]])' | grep -oE 'https?://[^ ]+/debian/?' | head -n1 || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  cat > /etc/apt/sources.list.d/relais.sources <<SRC
# Added by Relais scripts/setup-debian.sh
Types: deb deb-src
URIs: ${mirror%/}
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: ${mirror%/}
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  echo "setup: installing ${missing[*]}"
  apt-get update -q || die "apt-get update failed: is ${mirror} reachable?"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || die "apt-get install failed (see above): check that ${mirror} and bookworm-backports are reachable."
fi

# Debian's Sources index is needed for `apt-get source re2` (the WASM build).
if ! apt-cache showsrc re2 >/dev/null 2>&1 || [ -z "$(apt-cache showsrc re2 2>/dev/null)" ]; then
  [ "$(id -u)" = 0 ] || die "the deb-src index is missing; run as root: sudo $0"
  apt-get update -q || die "apt-get update failed"
fi

# The account relais-server switches to when started as root (make demo as
# root): a network service never runs as root.
if [ "$(id -u)" = 0 ] && ! id relais >/dev/null 2>&1; then
  echo "setup: creating the system account 'relais'"
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin relais \
    || die "useradd relais failed"
fi

# Web tooling, pinned by package-lock.json; reinstalled only when the lock changes.
stamp="$here/node_modules/.relais-lock"
if [ ! -f "$stamp" ] || ! cmp -s "$here/package-lock.json" "$stamp"; then
  command -v npm >/dev/null || die "npm is missing; install Debian's nodejs and npm (Node >= 18)."
  echo "setup: npm ci"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) \
    || die "npm ci failed: is the npm registry reachable?"
  cp "$here/package-lock.json" "$stamp"
fi
