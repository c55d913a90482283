#!/usr/bin/env bash
# Instructions per request on every client/channel combination, all threads of
# bytespike-gatewayd (callgrind, deterministic; docs/BENCHMARKS.md "https upstreams and the
# OpenAI paths"). The mock upstream (--fast) serves an anthropic channel (model bench) and an
# openai channel (model bench-oa), and through a TLS upstream (tests/bench/tls-upstream.sh: nginx,
# TLS 1.3, a test CA made here) an https anthropic channel (model bench-tls); wrk sends the
# compare.sh body, non-stream at 2 connections and stream at 4, for 8 s after 3 s of warm-up at as
# many connections with the counters off.
#
# usage: tests/bench/path-instructions.sh [BINARY]   (default build/app/gatewayd/bytespike-gatewayd)
#   KEEP=DIR   copy each path's callgrind files to DIR/<client>-<model>-<stream>/ for annotation
#   ONLY="CLIENT MODEL STREAM"   one path only, e.g. ONLY="openai bench-oa true"
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
die() { echo "path-instructions: $*" >&2; exit 1; }
# shellcheck source=tests/bench/common.sh
source "$here/tests/bench/common.sh"
# shellcheck source=tests/bench/tls-upstream.sh
source "$here/tests/bench/tls-upstream.sh"
bin="${1:-$here/build/app/gatewayd/bytespike-gatewayd}"
[ -x "$bin" ] || die "no gateway at $bin"
for tool in valgrind callgrind_control callgrind_annotate wrk node curl openssl; do
  command -v "$tool" > /dev/null || die "$tool is missing"
done
bench_work_dir
export BYTESPIKE_ADMIN_TOKEN=bench-admin MOCK_UPSTREAM_KEY=sk-bench

node "$here/tests/fixtures/mock-upstream/server.js" --port 0 --fast > "$work/mock.out" 2> /dev/null &
wait_for "$work/mock.out" listening "the mock upstream" $!
mock="$(sed -n 's/.*listening on //p' "$work/mock.out")"
tls_make_ca "$work/tls"
tls_start_upstream "$work/tls" "${mock#http://}" || die "the TLS upstream did not start (above)"
prices='"input_micros_per_mtok":1,"output_micros_per_mtok":1,"cache_write_micros_per_mtok":1,"cache_read_micros_per_mtok":1'

measure() { # client(anthropic|openai) model stream(true|false) connections
  local dir="$work/run-$1-$2-$3" gw pid key path usage="" body total=0 requests file t channel name protocol url trust
  local served
  mkdir -p "$dir"
  # Under callgrind the ledger writer is far slower than usual: a settlement backlog that would
  # make a real gateway refuse new requests is only the instrumentation here.
  BYTESPIKE_SETTLE_BACKLOG_MS=600000 \
    valgrind --tool=callgrind --separate-threads=yes --instr-atstart=no --callgrind-out-file="$dir/cg.out" \
    "$bin" --data-dir "$dir/data" --listen 127.0.0.1:0 --log-level error > "$dir/gw.out" 2> "$dir/gw.err" &
  pid=$!
  wait_for "$dir/gw.out" listening bytespike-gatewayd "$pid"
  gw="$(sed -n 's/listening on //p' "$dir/gw.out")"
  for channel in "mock anthropic $mock bench" "mock-openai openai $mock/v1 bench-oa" \
    "mock-tls anthropic https://localhost:$TLS_UPSTREAM_PORT bench-tls"; do
    read -r name protocol url served <<< "$channel"
    trust=""
    [ "$name" = mock-tls ] && trust="\"ca_file\":\"$TLS_UPSTREAM_CA\","
    curl -sf "$gw/admin/channels" -H "Authorization: Bearer $BYTESPIKE_ADMIN_TOKEN" -H 'content-type: application/json' \
      -d "{\"name\":\"$name\",\"protocol\":\"$protocol\",\"base_url\":\"$url\",\"secret_ref\":\"env:MOCK_UPSTREAM_KEY\",
        $trust \"models\":[{\"model\":\"$served\",\"upstream_model\":\"mock-model\",$prices}]}" > /dev/null \
      || die "cannot add the $name channel"
  done
  key="$(cat "$dir/data/demo-key")"
  path=/v1/messages
  if [ "$1" = openai ]; then
    path=/v1/chat/completions
    [ "$3" = true ] && usage=',"stream_options":{"include_usage":true}'
  fi
  body="{\"model\":\"$2\",\"max_tokens\":16,\"stream\":$3$usage,\"messages\":[{\"role\":\"user\",\"content\":\"benchmark\"}]}"
  drive() { BENCH_API="$1" BENCH_KEY="$key" BENCH_BODY="$body" wrk -t1 -c"$2" -d"$3"s -s "$here/tests/bench/post.lua" \
    "$gw$path" > "$dir/wrk.txt"; }
  drive "$1" "$4" 3 # as many connections as measured: a new one would do its TLS handshake inside
  callgrind_control -i on "$pid" > /dev/null 2>&1
  callgrind_control -z "$pid" > /dev/null 2>&1
  drive "$1" "$4" 8
  callgrind_control -d "$pid" > /dev/null 2>&1
  sleep 1
  requests="$(awk '/requests in/ {print $1}' "$dir/wrk.txt")"
  ! grep -q Non-2xx "$dir/wrk.txt" || die "$1 client on $2: answers that are not 2xx"
  for file in "$dir"/cg.out.*-0*; do
    t="$(callgrind_annotate "$file" 2> /dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')"
    [[ "$t" =~ ^[0-9]+$ ]] || t=0 # a thread that ran nothing while counted (the host lookups) shows "."
    total=$((total + t))
  done
  kill "$pid"
  wait "$pid" 2> /dev/null || true
  if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP/$1-$2-$3" && cp "$dir"/cg.out.* "$KEEP/$1-$2-$3/"; fi
  printf '| %s client -> %s channel | %s | %s |\n' "$1" \
    "$(case "$2" in bench) echo anthropic ;; bench-tls) echo "https anthropic" ;; *) echo openai ;; esac)" \
    "$([ "$3" = true ] && echo stream || echo non-stream)" "$((total / requests))"
}

echo "| path | answer | instructions per request |"
echo "| --- | --- | ---: |"
if [ -n "${ONLY:-}" ]; then
  read -r client model stream <<< "$ONLY"
  measure "$client" "$model" "$stream" "$([ "$stream" = true ] && echo 4 || echo 2)"
  exit 0
fi
for path in "anthropic bench" "anthropic bench-oa" "openai bench" "openai bench-oa" "anthropic bench-tls"; do
  read -r client model <<< "$path"
  measure "$client" "$model" false 2
  measure "$client" "$model" true 4
done
