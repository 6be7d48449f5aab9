#!/usr/bin/env bash
# Vendor the front-end libraries the pages use into src/reachroom/static/vendor/.
# Reproducible: pinned versions, fetched with `npm pack` from the npm registry (no CDN at run time).
# Usage: scripts/vendor_static.sh   (needs node + npm; the vendored files are committed)
set -euo pipefail

CHARTJS_VERSION="${CHARTJS_VERSION:-4.6.1}"
HTMX_VERSION="${HTMX_VERSION:-2.0.11}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/src/reachroom/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$DEST"

fetch() {  # fetch PACKAGE@VERSION SRC_IN_TARBALL DEST_NAME
  local spec="$1" src="$2" name="$3" tgz
  mkdir -p "$WORK/$spec"
  tgz="$(cd "$WORK/$spec" && npm pack --silent "$spec" | tail -n 1)"
  tar -xzf "$WORK/$spec/$tgz" -C "$WORK/$spec"
  cp "$WORK/$spec/package/$src" "$DEST/$name"
  echo "vendored $spec → static/vendor/$name ($(wc -c <"$DEST/$name") bytes)"
}

fetch "chart.js@$CHARTJS_VERSION" dist/chart.umd.js chart.umd.min.js
fetch "htmx.org@$HTMX_VERSION" dist/htmx.min.js htmx.min.js

cat >"$DEST/VERSIONS.txt" <<TXT
chart.js $CHARTJS_VERSION (MIT) dist/chart.umd.js
htmx.org $HTMX_VERSION (0BSD) dist/htmx.min.js
Regenerate with scripts/vendor_static.sh
TXT
