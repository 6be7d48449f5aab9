#!/usr/bin/env bash
# Vendor the front-end libraries the pages use into src/reachroom/static/vendor/.
# Reproducible: pinned versions, fetched with `npm pack` from the npm registry (no CDN at run time).
# Usage: scripts/vendor_static.sh   (needs node + npm; the vendored files are committed)
set -euo pipefail

CHARTJS_VERSION="${CHARTJS_VERSION:-4.6.1}"
HTMX_VERSION="${HTMX_VERSION:-2.0.11}"
SWAGGER_UI_VERSION="${SWAGGER_UI_VERSION:-5.35.0}"

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
# Swagger UI for /docs (served offline): the bundle, its stylesheet, and the Apache-2.0 licence and notice.
mkdir -p "$DEST/swagger-ui"
for f in swagger-ui-bundle.js swagger-ui-bundle.js.LICENSE.txt swagger-ui.css LICENSE NOTICE; do
  fetch "swagger-ui-dist@$SWAGGER_UI_VERSION" "$f" "swagger-ui/$f"
done

cat >"$DEST/VERSIONS.txt" <<TXT
chart.js $CHARTJS_VERSION (MIT) dist/chart.umd.js
htmx.org $HTMX_VERSION (0BSD) dist/htmx.min.js
swagger-ui-dist $SWAGGER_UI_VERSION (Apache-2.0, swagger-ui/LICENSE + NOTICE) swagger-ui-bundle.js, swagger-ui.css
Regenerate with scripts/vendor_static.sh
TXT
