#!/usr/bin/env bash
# What key limits cost the gateway thread, per request (docs/BENCHMARKS.md, "The cost of key
# limits"). For each gatewayd binary given, on the mock upstream (--fast), non-stream at 2
# connections and stream at 4:
#   none     - the demo key, and no limit set anywhere
#   unlimited- the demo key while another key and another customer have limits
#   limited  - a key with every limit (generous enough never to refuse) under a customer with limits
# Two measures: instructions on the gateway thread per request (callgrind, deterministic), and
# gateway-thread CPU time per request without valgrind (utime + stime of the thread over a wrk run).
# A binary that does not know key limits runs the "none" case only.
#
# usage: tests/bench/limits-cost.sh [--cpu-only|--callgrind-only] BINARY [BINARY...]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
mode=both
case "${1:-}" in --cpu-only) mode=cpu; shift ;; --callgrind-only) mode=callgrind; shift ;; esac
[ $# -ge 1 ] || { echo "usage: $0 [--cpu-only|--callgrind-only] BINARY [BINARY...]" >&2; exit 2; }
work="$(mktemp -d /tmp/bytespike-limits-cost.XXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
export BYTESPIKE_ADMIN_TOKEN=bench-admin MOCK_UPSTREAM_KEY=sk-bench BYTESPIKE_METRICS=1

node "$here/tests/fixtures/mock-upstream/server.js" --port 0 --fast > "$work/mock.out" 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do grep -q listening "$work/mock.out" && break; sleep 0.1; done
mock="$(sed -n 's/.*listening on //p' "$work/mock.out")"

admin() { # method path [body]
  curl -sf -X "$1" "$gw$2" -H "Authorization: Bearer $BYTESPIKE_ADMIN_TOKEN" -H 'content-type: application/json' \
    ${3:+-d "$3"}
}

start() { # binary run-dir valgrind(0|1)
  local bin="$1" dir="$2"
  mkdir -p "$dir"
  if [ "$3" = 1 ]; then
    valgrind --tool=callgrind --separate-threads=yes --instr-atstart=no --callgrind-out-file="$dir/cg.out" \
      "$bin" --data-dir "$dir/data" --listen 127.0.0.1:0 --log-level error > "$dir/gw.out" 2>"$dir/gw.err" &
  else
    "$bin" --data-dir "$dir/data" --listen 127.0.0.1:0 --log-level error > "$dir/gw.out" 2>"$dir/gw.err" &
  fi
  gwpid=$!
  pids+=("$gwpid")
  for _ in $(seq 600); do grep -q listening "$dir/gw.out" && break; sleep 0.1; done
  gw="$(sed -n 's/listening on //p' "$dir/gw.out")"
  [ -n "$gw" ] || { echo "gatewayd did not start"; cat "$dir/gw.err"; exit 1; }
  admin POST /admin/channels "{\"name\":\"mock\",\"protocol\":\"anthropic\",\"base_url\":\"$mock\",
    \"secret_ref\":\"env:MOCK_UPSTREAM_KEY\",\"models\":[{\"model\":\"bench\",\"upstream_model\":\"mock-model\",
    \"input_micros_per_mtok\":1,\"output_micros_per_mtok\":1,\"cache_write_micros_per_mtok\":1,
    \"cache_read_micros_per_mtok\":1}]}" > /dev/null
  demo="$(cat "$dir/data/demo-key")"
}

# Sets $key for the case; returns 1 when the binary has no key limits.
prepare() { # case
  key="$demo"
  [ "$1" = none ] && return 0
  local customer
  customer="$(admin POST /admin/customers '{"name":"limited"}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')"
  admin POST "/admin/customers/$customer/credits" '{"amount_micros":9000000000000}' > /dev/null
  admin PUT "/admin/customers/$customer" '{"rpm":1000000,"tpm":10000000000,"max_concurrent":1000}' > /dev/null \
    || return 1
  local created
  created="$(admin POST "/admin/customers/$customer/keys" '{"name":"limited","models":["bench"],
    "expires_at":"2099-01-01T00:00:00Z","rpm":1000000,"tpm":10000000000,"max_concurrent":1000,
    "budget_micros":9000000000000,"budget_period":"month","ip_allow":["127.0.0.0/8","::1/128"]}')" || return 1
  [ "$1" = limited ] && key="$(sed -n 's/.*"key":"\([^"]*\)".*/\1/p' <<< "$created")"
  return 0
}

drive() { # connections stream seconds
  BENCH_KEY="$key" BENCH_BODY="{\"model\":\"bench\",\"max_tokens\":16,\"stream\":$2,\"messages\":[{\"role\":\"user\",\"content\":\"benchmark\"}]}" \
    wrk -t1 -c"$1" -d"$3"s --latency -s "$here/tests/bench/post.lua" "$gw/v1/messages" > "$work/wrk.txt"
  requests="$(awk '/requests in/ {print $1}' "$work/wrk.txt")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")"
}

thread_ticks() { awk '{print $14 + $15}' "/proc/$gwpid/task/$gwpid/stat"; }

n=0
for bin in "$@"; do
  n=$((n + 1))
  label="binary$n"
  echo "binary$n = $bin"
  for case in none unlimited limited; do
    for cell in 2:false 4:true; do
      conns="${cell%:*}" stream="${cell#*:}"
      if [ "$mode" != cpu ]; then
        dir="$work/cg-$n-$case-$conns"
        start "$bin" "$dir" 1
        prepare "$case" || { kill "$gwpid"; continue 2; }
        drive 2 false 4
        callgrind_control -i on "$gwpid" > /dev/null
        callgrind_control -z "$gwpid" > /dev/null
        drive "$conns" "$stream" 12
        callgrind_control -d "$gwpid" > /dev/null
        sleep 1
        f="$(ls -t "$dir"/cg.out.*-01 | head -1)"
        total="$(callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}')"
        echo "callgrind $label case=$case c$conns stream=$stream requests=$requests non2xx=${non2xx:-0} instructions/request=$((total / requests))"
        kill "$gwpid"; wait "$gwpid" 2>/dev/null || true
      fi
      if [ "$mode" != callgrind ]; then
        dir="$work/cpu-$n-$case-$conns"
        start "$bin" "$dir" 0
        prepare "$case" || { kill "$gwpid"; continue 2; }
        drive "$conns" "$stream" 3
        before="$(thread_ticks)"
        drive "$conns" "$stream" 10
        after="$(thread_ticks)"
        hz="$(getconf CLK_TCK)"
        echo "cpu $label case=$case c$conns stream=$stream requests=$requests non2xx=${non2xx:-0} us/request=$(awk \
          -v t=$((after - before)) -v hz="$hz" -v r="$requests" 'BEGIN {printf "%.1f", t * 1e6 / hz / r}')"
        kill "$gwpid"; wait "$gwpid" 2>/dev/null || true
      fi
    done
  done
done
