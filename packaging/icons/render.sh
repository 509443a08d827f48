#!/usr/bin/env bash
# Renders packaging/icons/shears.svg to the PNG sizes in assets/icons/ (committed; the build does
# not need this). Needs rsvg-convert: apt-get install librsvg2-bin
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p assets/icons
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" packaging/icons/shears.svg -o "assets/icons/shears-$size.png"
done
ls -l assets/icons
