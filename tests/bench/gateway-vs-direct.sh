#!/usr/bin/env bash
# Benchmark (run by hand; not a timed test): wrk straight to the mock upstream versus wrk through
# bytespike-gatewayd to the same mock, non-streaming and streaming, at a fixed concurrency.
#   tests/bench/gateway-vs-direct.sh [BUILD_DIR] [CONNECTIONS] [DURATION]
# wrk is a closed loop: at CONNECTIONS it measures saturation (latency = queueing). The paced rows
# keep CONNECTIONS open but let each send one request every PACE_MS on average (default 50 ms,
# randomly spaced so they do not fire together): an offered rate below saturation, so their added
# latency is the gateway's per-request cost at that many open connections.
# Prints one table; docs/BENCHMARKS.md records the figures and the command.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$here/build}"
conns="${2:-100}"
duration="${3:-10s}"
pace_ms="${PACE_MS:-50}"
threads=2
# shellcheck source=tests/bench/common.sh
source "$here/tests/bench/common.sh"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

node "$here/tests/fixtures/mock-upstream/server.js" --port 0 --fast > "$work/mock.out" 2>/dev/null &
for _ in $(seq 50); do grep -q listening "$work/mock.out" && break; sleep 0.1; done
mock="$(sed -n 's/.*listening on //p' "$work/mock.out")"

export BYTESPIKE_ADMIN_TOKEN=bench-admin MOCK_UPSTREAM_KEY=sk-bench
"$build/app/gatewayd/bytespike-gatewayd" --data-dir "$work/data" --listen 127.0.0.1:0 --log-level error \
  > "$work/gw.out" 2>"$work/gw.err" &
for _ in $(seq 100); do grep -q listening "$work/gw.out" && break; sleep 0.1; done
gw="$(sed -n 's/listening on //p' "$work/gw.out")"
add_mock_channel "$gw" "$mock"
key="$(cat "$work/data/demo-key")"

run() { # label url model stream [connections] [delay ms]
  local c="${5:-$conns}"
  local body="{\"model\":\"$3\",\"max_tokens\":16,\"stream\":$4,\"messages\":[{\"role\":\"user\",\"content\":\"benchmark\"}]}"
  BENCH_BODY="$body" BENCH_KEY="$key" BENCH_DELAY_MS="${6:-}" wrk -t"$(( c < threads ? c : threads ))" -c"$c" -d"$duration" --latency \
    -s "$here/tests/bench/post.lua" "$2/v1/messages" > "$work/wrk.txt"
  local rps p50 p99 errors
  rps="$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")"
  p50="$(awk '$1=="50%" {print $2}' "$work/wrk.txt")"
  p99="$(awk '$1=="99%" {print $2}' "$work/wrk.txt")"
  errors="$(awk '/Non-2xx/ {print $5}' "$work/wrk.txt")"
  printf '| %-30s | %4s | %10s | %9s | %9s | %6s |\n' "$1" "$c" "$rps" "$p50" "$p99" "${errors:-0}"
}

echo "duration=$duration threads=$threads $(nproc) cores; billing on (a hold per request, debits durable); paced rows: one request per ${pace_ms} ms per connection on average"
printf '| %-30s | %4s | %10s | %9s | %9s | %6s |\n' path conn "req/s" p50 p99 non2xx
printf '|%s|%s|%s|%s|%s|%s|\n' "--------------------------------" "------" "------------" "-----------" "-----------" "--------"
run "mock direct, non-stream" "$mock" mock-model false 1
run "via gatewayd, non-stream" "$gw" bench false 1
run "mock direct, stream" "$mock" mock-model true 1
run "via gatewayd, stream" "$gw" bench true 1
run "mock direct, non-stream" "$mock" mock-model false
run "via gatewayd, non-stream" "$gw" bench false
run "mock direct, stream" "$mock" mock-model true
run "via gatewayd, stream" "$gw" bench true
run "mock direct, non-stream, paced" "$mock" mock-model false "$conns" "$pace_ms"
run "via gatewayd, non-stream, paced" "$gw" bench false "$conns" "$pace_ms"
run "mock direct, stream, paced" "$mock" mock-model true "$conns" "$pace_ms"
run "via gatewayd, stream, paced" "$gw" bench true "$conns" "$pace_ms"
