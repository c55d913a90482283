#!/usr/bin/env bash
# The main build's "sanitizers" entry: the unit, integration and fuzz tests of the sanitizer build
# (clang, BYTESPIKE_SANITIZE and BYTESPIKE_FUZZ; docs/architecture.md, "Fuzzing and sanitizers").
#   run-tests.sh SANITIZE_BUILD_DIR CMAKE CTEST
# Exits 77 (ctest: skipped) when that directory was never configured, as in a developer's plain
# build; installer/bytespike-setup.sh test configures and builds it before the tests run.
set -euo pipefail

dir="$1"
cmake="$2"
ctest="$3"

if [ ! -f "$dir/CTestTestfile.cmake" ]; then
  echo "no sanitizer build in $dir: skipped (installer/bytespike-setup.sh test makes one)"
  exit 77
fi
# Up to date with the sources (a no-op right after the set-up script built it).
"$cmake" --build "$dir" -j"$(nproc)"
# Two at a time, as the main suite runs; the fuzz targets (each busy for its whole run) after the
# tests, so an integration test's timing never competes with them.
status=0
"$ctest" --test-dir "$dir" --output-on-failure --no-label-summary -j2 -L '^(unit|integration)$' || status=1
"$ctest" --test-dir "$dir" --output-on-failure --no-label-summary -j2 -L '^fuzz$' || status=1
exit $status
