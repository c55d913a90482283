#!/usr/bin/env bash
# Benchmark (run by hand; not a timed test): two or more bytespike-gatewayd binaries alternated in
# one session against the same fast mock upstream, billing on, so that the machine's drift hits
# them alike. For each round and binary: a fresh gateway and data directory, a warm-up, then each
# cell (connections:stream) with wrk; per cell it prints requests/s, p50, p99 and the CPU per request
# of the gateway's threads (utime+stime from /proc/PID/task/*/stat over the cell, divided by the
# requests wrk completed). docs/BENCHMARKS.md takes the medians over the rounds.
#   tests/bench/ab.sh [--runs 3] [--duration 4s] [--warm 256] [--cells "1:false 32:true"] BINARY...
# --warm N: 2 s at N connections first, which leaves up to N idle connections in the gateway's
# upstream pool, as a burst does in a real deployment.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
runs=3 duration=4s warm=32 cells="1:false 1:true 32:false 32:true 256:false 256:true"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warm) warm=$2; shift 2 ;;
    --cells) cells=$2; shift 2 ;;
    --) shift; break ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: $0 [options] BINARY..." >&2; exit 2; }
for binary in "$@"; do [ -x "$binary" ] || { echo "not executable: $binary" >&2; exit 2; }; done
# shellcheck source=tests/bench/common.sh
source "$here/tests/bench/common.sh"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

node "$here/tests/fixtures/mock-upstream/server.js" --port 0 --fast > "$work/mock.out" 2>/dev/null &
for _ in $(seq 50); do grep -q listening "$work/mock.out" && break; sleep 0.1; done
mock="$(sed -n 's/.*listening on //p' "$work/mock.out")"
[ -n "$mock" ] || { echo "the mock upstream did not start" >&2; exit 1; }
export BYTESPIKE_ADMIN_TOKEN=bench-admin MOCK_UPSTREAM_KEY=sk-bench

start_gateway() { # binary -> sets gw, key, pid
  rm -rf "$work/data" "$work/gw.out"
  "$1" --data-dir "$work/data" --listen 127.0.0.1:0 --log-level error > "$work/gw.out" 2>"$work/gw.err" &
  pid=$!
  for _ in $(seq 100); do grep -q listening "$work/gw.out" && break; sleep 0.1; done
  gw="$(sed -n 's/listening on //p' "$work/gw.out")"
  [ -n "$gw" ] || { echo "$1 did not start: $(cat "$work/gw.err")" >&2; exit 1; }
  add_mock_channel "$gw" "$mock"
  key="$(cat "$work/data/demo-key")"
}

drive() { drive_bench "$gw" "$key" "$@"; } # connections stream duration

threads() { # "name ticks" per thread of $pid
  for task in /proc/"$pid"/task/*; do
    printf '%s %s\n' "$(tr ' ' '_' < "$task/comm")" "$(awk '{print $14 + $15}' "$task/stat")"
  done
}

echo "# $runs round(s), cells of $duration, warm-up 2 s at $warm connections; CPU us/req per gateway thread"
for round in $(seq "$runs"); do
  for binary in "$@"; do
    start_gateway "$binary"
    drive "$warm" false 2s
    for cell in $cells; do
      before="$(threads)"
      drive "${cell%:*}" "${cell#*:}" "$duration"
      after="$(threads)"
      rps="$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")"
      p50="$(awk '$1=="50%" {print $2}' "$work/wrk.txt")"
      p99="$(awk '$1=="99%" {print $2}' "$work/wrk.txt")"
      cpu="$(paste -d' ' <(echo "$before") <(echo "$after") \
        | awk -v r="$rps" -v d="${duration%s}" -v hz="$(getconf CLK_TCK)" \
            '{printf "%s=%.0f ", $1, ($4 - $2) * 1000000 / hz / (r * d)}')"
      echo "round $round $(basename "$binary") c${cell%:*} stream=${cell#*:} req/s=$rps p50=$p50 p99=$p99 $cpu"
    done
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
