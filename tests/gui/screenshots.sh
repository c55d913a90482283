#!/usr/bin/env bash
# Screenshots of every console page in light and dark (and the Overview and Customers pages in
# German and Japanese), under Xvfb, into docs/screenshots/.
#   tests/gui/screenshots.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$here/build}"
out="${2:-$here/docs/screenshots}"
exec xvfb-run -a -s "-screen 0 1400x900x24" "$build/tests/gui/bytespike-screenshots" "$out"
