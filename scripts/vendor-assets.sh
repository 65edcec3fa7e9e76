#!/usr/bin/env bash
# Vendors the browser libraries the pages use under static/vendor/ — the county intranet has no internet,
# so nothing is loaded from a CDN (../shared/CHAPTERS.md, "Pages and files"). Run it on a machine with npm
# and network access when a version changes, then commit the files it writes:
#
#   scripts/vendor-assets.sh            # Apache ECharts 5 (statistics pages' charts) and axe-core 4 (tests)
#   scripts/vendor-assets.sh axe        # axe-core only
#
# Each library comes from the npm registry through `npm pack` (no install, no scripts run), is unpacked in a
# temporary directory, and only its built, minified file is copied, with its licence and version beside it.
set -euo pipefail

ECHARTS_VERSION="${ECHARTS_VERSION:-5}"
AXE_VERSION="${AXE_VERSION:-4}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/static/vendor/echarts"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# axe-core (Mozilla Public License 2.0) is for the accessibility scan in tests only
# (tests/browser/test_a11y_axe.py injects it into each page): it goes under tests/vendor/, never into the
# served static files.
vendor_axe() {
  local dest="$ROOT/tests/vendor/axe-core" version
  echo "==> npm pack axe-core@$AXE_VERSION"
  mkdir -p "$WORK/axe"
  (cd "$WORK/axe" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null)
  tar -xzf "$WORK"/axe/axe-core-*.tgz -C "$WORK/axe"
  version="$(node -p "require('$WORK/axe/package/package.json').version")"
  mkdir -p "$dest"
  cp "$WORK/axe/package/axe.min.js" "$dest/axe.min.js"
  cp "$WORK/axe/package/LICENSE" "$dest/LICENSE"
  printf 'axe-core %s (npm: axe-core@%s, axe.min.js)\nsha256 %s\n' \
    "$version" "$version" "$(sha256sum "$dest/axe.min.js" | cut -d' ' -f1)" > "$dest/VERSION"
  echo "==> tests/vendor/axe-core/axe.min.js: axe-core $version"
}

if [ "${1:-}" = "axe" ]; then
  vendor_axe
  exit 0
fi

echo "==> npm pack echarts@$ECHARTS_VERSION"
(cd "$WORK" && npm pack --silent "echarts@$ECHARTS_VERSION" >/dev/null)
tar -xzf "$WORK"/echarts-*.tgz -C "$WORK"
version="$(node -p "require('$WORK/package/package.json').version")"

mkdir -p "$DEST"
cp "$WORK/package/dist/echarts.min.js" "$DEST/echarts.min.js"
cp "$WORK/package/LICENSE" "$DEST/LICENSE"
[ -f "$WORK/package/NOTICE" ] && cp "$WORK/package/NOTICE" "$DEST/NOTICE"
printf 'echarts %s (npm: echarts@%s, dist/echarts.min.js)\nsha256 %s\n' \
  "$version" "$version" "$(sha256sum "$DEST/echarts.min.js" | cut -d' ' -f1)" > "$DEST/VERSION"
echo "==> static/vendor/echarts/echarts.min.js: ECharts $version"

vendor_axe
