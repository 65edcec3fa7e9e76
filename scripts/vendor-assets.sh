#!/usr/bin/env bash
# Vendors the browser libraries the pages use under static/vendor/ — the county intranet has no internet,
# so nothing is loaded from a CDN (../shared/CHAPTERS.md, "Pages and files"). Run it on a machine with npm
# and network access when a version changes, then commit the files it writes:
#
#   scripts/vendor-assets.sh            # Apache ECharts 5 (statistics pages' charts)
#
# Each library comes from the npm registry through `npm pack` (no install, no scripts run), is unpacked in a
# temporary directory, and only its built, minified file is copied, with its licence and version beside it.
set -euo pipefail

ECHARTS_VERSION="${ECHARTS_VERSION:-5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/static/vendor/echarts"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

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
