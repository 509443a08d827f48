#!/usr/bin/env bash
# Renders packaging/icons/shears.svg to the icons in assets/icons/ (committed; packaging/build.sh
# does not need this): PNGs 16–512 px (Linux), shears.ico (Windows .msi), shears.icns (macOS .dmg).
# Needs rsvg-convert, ImageMagick's convert and png2icns: apt-get install librsvg2-bin imagemagick icnsutils
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p assets/icons
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" packaging/icons/shears.svg -o "assets/icons/shears-$size.png"
done
convert assets/icons/shears-{16,24,32,48,64,256}.png assets/icons/shears.ico
png2icns assets/icons/shears.icns assets/icons/shears-{16,32,48,128,256,512}.png >/dev/null
ls -l assets/icons
