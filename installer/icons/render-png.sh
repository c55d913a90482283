#!/usr/bin/env bash
# Renders the PNG sizes of the application icon from the SVG (committed, so neither the build nor
# CI needs an SVG renderer). Run after editing io.bytespike.Console.svg; needs rsvg-convert
# (Debian package librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 32 48 64 128 256; do
    mkdir -p "hicolor/${size}x${size}"
    rsvg-convert -w "$size" -h "$size" io.bytespike.Console.svg -o "hicolor/${size}x${size}/io.bytespike.Console.png"
done
