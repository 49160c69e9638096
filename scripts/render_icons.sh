#!/usr/bin/env bash
# Renders the application icon (resources/icons/tessera.svg, the design) into the PNG sizes of the
# hicolor icon theme, kept in the repo so that building needs no SVG renderer. Run it after
# editing the SVG; the test `package.icons` fails while the PNGs and the SVG disagree.
# usage: scripts/render_icons.sh [OUTPUT_DIR]   (default: resources/icons/hicolor)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${1:-resources/icons/hicolor}"
for s in 16 32 48 64 128 256; do
  mkdir -p "$out/${s}x${s}/apps"
  rsvg-convert -w "$s" -h "$s" resources/icons/tessera.svg -o "$out/${s}x${s}/apps/tessera.png"
done
