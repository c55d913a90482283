#!/usr/bin/env bash
# Runs the tray test on X11 (Xvfb) with a real XEmbed system tray (trayer) beside it.
#   tests/gui/tray.sh TEST_BINARY
set -euo pipefail
exec xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  trayer --SetDockType false --transparent false >/dev/null 2>&1 &
  tray=$!
  trap "kill $tray 2>/dev/null || true" EXIT
  QT_QPA_PLATFORM=xcb "$0"
' "$1"
