#!/usr/bin/env bash
# Renders the app icon's PNG sizes from licex.svg. Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v rsvg-convert >/dev/null; then
  echo "rsvg-convert is missing: install librsvg2-bin (Debian/Ubuntu) or librsvg (Homebrew)." >&2
  exit 1
fi
mkdir -p png
for size in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$size" -h "$size" licex.svg -o "png/licex-$size.png"
done
echo "rendered $(ls png | wc -l) PNGs into $(pwd)/png"
