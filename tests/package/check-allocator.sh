#!/usr/bin/env bash
# The program runs on jemalloc (CMake option BYTESPIKE_JEMALLOC): the dynamic linker binds malloc
# and free, for the program and for Qt's own allocations, to libjemalloc, not to glibc.
# usage: check-allocator.sh PROGRAM
set -euo pipefail
program=$1
bindings=$(LD_DEBUG=bindings "$program" --version 2>&1 >/dev/null)
for symbol in malloc free; do
    line=$(grep -m1 -E "binding file [^ ]*libQt6Core[^ ]* .* normal symbol \`$symbol'" <<<"$bindings" || true)
    [ -n "$line" ] || { echo "FAIL: no binding of $symbol for libQt6Core"; exit 1; }
    [[ "$line" == *libjemalloc* ]] || { echo "FAIL: $symbol is not jemalloc's: $line"; exit 1; }
    echo "${line#*binding file }"
done
