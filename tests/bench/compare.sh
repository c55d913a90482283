#!/usr/bin/env bash
# Benchmark (issue 10): bytespike-gatewayd against the direct path, nginx and the Portkey gateway.
#
#   tests/bench/compare.sh [--quick] [--build DIR] [--duration 10s] [--runs 3] [--conns "1 32 256"]
#                          [--streams 1000] [--ttfb-requests 200] [--no-extras]
#
# Starts the mock upstream (--fast), then drives with wrk (post.lua), in turn and alternating
# within each run: the mock directly; nginx as a plain reverse proxy to it (upstream keep-alive);
# the Portkey open-source gateway (tests/bench/portkey, loopback only) pointed at it as a custom
# Anthropic host; bytespike-gatewayd with billing on (demo key, one anthropic channel to the
# mock). Every path carries the same Anthropic /v1/messages request, non-streaming and streaming,
# at each connection count, --runs times. Prints markdown tables of the medians over the runs:
# requests/s, p50/p99, the p50 each proxy adds over the direct path, server CPU per request and
# the ratios against nginx and Portkey; then time to first byte on streams, and (unless
# --no-extras) RSS of the gateway with --streams idle open streams, billed requests/s with the
# ledger at synchronous=FULL against the default, and metrics on against off.
#
# --quick is the CI smoke test (bench_smoke): 1 s cells, 1 run, 32 connections only, 30 TTFB
# requests, 200 idle streams; its figures are printed, never asserted. Options after --quick
# override its choices. docs/BENCHMARKS.md explains every column.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$here/tests/bench"

build="$here/build"
duration=10s
runs=3
conns="1 32 256"
streams=1000
ttfb_requests=200
extras=1
quick=0
for a in "$@"; do [ "$a" = --quick ] && quick=1; done
if [ "$quick" = 1 ]; then
  duration=1s runs=1 conns=32 streams=200 ttfb_requests=30
fi
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) ;;
    --build) build="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --conns) conns="$2"; shift ;;
    --streams) streams="$2"; shift ;;
    --ttfb-requests) ttfb_requests="$2"; shift ;;
    --no-extras) extras=0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

die() { echo "compare.sh: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }

gatewayd="$build/app/gatewayd/bytespike-gatewayd"
portkey_main="$bench/portkey/node_modules/@portkey-ai/gateway/build/start-server.js"
for tool in wrk node curl nginx; do
  command -v "$tool" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin" command -v "$tool" >/dev/null 2>&1 \
    || die "$tool is not installed (installer/bytespike-setup.sh test installs it)"
done
nginx_bin="$(PATH="$PATH:/usr/sbin" command -v nginx)"
[ -x "$gatewayd" ] || die "no bytespike-gatewayd at $gatewayd (build first, or pass --build DIR)"
[ -f "$portkey_main" ] || die "Portkey is not installed: run (cd tests/bench/portkey && npm ci) \
(installer/bytespike-setup.sh test does); the comparison needs it"

# 1,000 idle streams hold about 2,000 sockets in the gateway; take what the hard limit allows.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work="$(mktemp -d)"
cleanup() {
  local pids
  pids="$(jobs -p)"
  # shellcheck disable=SC2086 # a list of the pids this script started
  if [ -n "$pids" ]; then kill $pids 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # file pattern what pid
  for _ in $(seq 150); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$4" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$1" >&2 || true
  die "$3 did not start (log above)"
}
free_port() { node "$bench/probe.mjs" free-port; }

# Each target: its URL, the model it is asked for, its key, extra headers, the pids whose CPU is
# counted and its name in the tables.
declare -A url model key headers pids label
targets=(direct nginx portkey gatewayd)

# --- the mock upstream
node "$here/tests/fixtures/mock-upstream/server.js" --port 0 --fast > "$work/mock.out" 2>"$work/mock.err" &
mock_pid=$!
wait_for "$work/mock.out" listening "the mock upstream" $mock_pid
mock="$(sed -n 's/.*listening on //p' "$work/mock.out")"
url[direct]="$mock" model[direct]=mock-model key[direct]=sk-bench headers[direct]="" pids[direct]=$mock_pid
label[direct]="mock direct"

# --- nginx: a plain reverse proxy with a keep-alive pool to the mock, buffering off (SSE)
nginx_port="$(free_port)"
mkdir -p "$work/nginx"
{
  if [ "$(id -u)" -eq 0 ]; then echo "user $(id -un) $(id -gn);"; fi
  cat <<EOF
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream mock { server ${mock#http://}; keepalive 512; }
  server {
    listen 127.0.0.1:$nginx_port;
    keepalive_requests 1000000;
    location / {
      proxy_pass http://mock;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
EOF
} > "$work/nginx/nginx.conf"
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" 2>"$work/nginx/stderr" &
nginx_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$nginx_port/v1/models" >/dev/null 2>&1 && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$nginx_port/v1/models" >/dev/null \
  || { cat "$work/nginx/stderr" "$work/nginx/error.log" >&2 2>/dev/null; die "nginx did not start"; }
url[nginx]="http://127.0.0.1:$nginx_port" model[nginx]=mock-model key[nginx]=sk-bench headers[nginx]=""
pids[nginx]="$nginx_pid $(ps -o pid= --ppid "$nginx_pid" | tr '\n' ' ')"
label[nginx]="nginx (proxy)"

# --- Portkey: the custom host is the mock; preload.cjs keeps it on loopback and lets it stream
portkey_port="$(free_port)"
(cd "$work" && exec node --require "$bench/portkey/preload.cjs" "$portkey_main" --port="$portkey_port" --headless) \
  > "$work/portkey.out" 2>&1 &
portkey_pid=$!
for _ in $(seq 150); do
  curl -sf "http://127.0.0.1:$portkey_port/" >/dev/null 2>&1 && break
  kill -0 $portkey_pid 2>/dev/null || break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$portkey_port/" >/dev/null 2>&1 \
  || { tail -n 30 "$work/portkey.out" >&2; die "the Portkey gateway did not start (log above)"; }
url[portkey]="http://127.0.0.1:$portkey_port" model[portkey]=mock-model key[portkey]=sk-bench
headers[portkey]="x-portkey-provider: anthropic
x-portkey-custom-host: $mock/v1"
pids[portkey]=$portkey_pid
label[portkey]="Portkey $(node -p "require('$bench/portkey/node_modules/@portkey-ai/gateway/package.json').version")"

# --- bytespike-gatewayd: billing on; a channel to the mock with a normal model and one whose
# streams stay open and silent after three frames (the mock's idle_after fault), for the RSS probe
export BYTESPIKE_ADMIN_TOKEN=bench-admin MOCK_UPSTREAM_KEY=sk-bench
declare -A gw_url gw_pid gw_key
start_gateway() { # name [VAR=value...]
  local name="$1"
  shift
  env "$@" "$gatewayd" --data-dir "$work/$name" --listen 127.0.0.1:0 --log-level error \
    > "$work/$name.out" 2>"$work/$name.err" &
  gw_pid[$name]=$!
  wait_for "$work/$name.out" listening "bytespike-gatewayd ($name)" "${gw_pid[$name]}"
  gw_url[$name]="$(sed -n 's/listening on //p' "$work/$name.out")"
  local prices='"input_micros_per_mtok":1,"output_micros_per_mtok":1,"cache_write_micros_per_mtok":1,"cache_read_micros_per_mtok":1'
  curl -sf "${gw_url[$name]}/admin/channels" -H "Authorization: Bearer $BYTESPIKE_ADMIN_TOKEN" \
    -H 'content-type: application/json' \
    -d "{\"name\":\"mock\",\"protocol\":\"anthropic\",\"base_url\":\"$mock\",\"secret_ref\":\"env:MOCK_UPSTREAM_KEY\",
         \"models\":[{\"model\":\"bench\",\"upstream_model\":\"mock-model\",$prices},
                     {\"model\":\"bench-idle\",\"upstream_model\":\"mock-model+fault=idle_after:3\",$prices}]}" \
    >/dev/null || die "cannot add the mock channel to bytespike-gatewayd ($name)"
  gw_key[$name]="$(cat "$work/$name/demo-key")"
}
start_gateway gatewayd
url[gatewayd]="${gw_url[gatewayd]}" model[gatewayd]=bench key[gatewayd]="${gw_key[gatewayd]}" headers[gatewayd]=""
pids[gatewayd]="${gw_pid[gatewayd]}"
label[gatewayd]="bytespike-gatewayd"

body_for() { # model stream
  printf '{"model":"%s","max_tokens":16,"stream":%s,"messages":[{"role":"user","content":"benchmark"}]}' "$1" "$2"
}
curl_headers() { # target -> curl -H arguments, one a line
  printf '%s\n' "content-type: application/json" "anthropic-version: 2023-06-01" "x-api-key: ${key[$1]}"
  if [ -n "${headers[$1]}" ]; then printf '%s\n' "${headers[$1]}"; fi
}

# Every path must really reach the mock and answer both ways before it is measured.
for t in "${targets[@]}"; do
  for stream in false true; do
    hdr=()
    while IFS= read -r h; do hdr+=(-H "$h"); done < <(curl_headers "$t")
    out="$(curl -s -N --max-time 10 "${url[$t]}/v1/messages" "${hdr[@]}" -d "$(body_for "${model[$t]}" $stream)" || true)"
    grep -q 'Mock reply to:' <<<"$out" \
      || { echo "$out" >&2; [ "$t" = portkey ] && tail -n 30 "$work/portkey.out" >&2
           die "${label[$t]} (stream=$stream) did not relay the mock's answer (above)"; }
  done
done

cpu_ticks() { # pids... -> utime+stime in clock ticks, summed
  local total=0 p v
  for p in "$@"; do
    v="$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null || echo 0)"
    total=$((total + v))
  done
  echo "$total"
}
hz="$(getconf CLK_TCK)"

# One wrk run: prints "rps p50_us p99_us cpu_us_per_request requests errors".
wrk_run() { # target conns stream [base_url model key]
  local t="$1" c="$2" stream="$3" u="${4:-${url[$1]}}" m="${5:-${model[$1]}}" k="${6:-${key[$1]}}"
  local before after threads=$(( c < 2 ? c : 2 ))
  # shellcheck disable=SC2086 # pids is a list
  before="$(cpu_ticks ${pids[$t]})"
  BENCH_BODY="$(body_for "$m" "$stream")" BENCH_KEY="$k" BENCH_HEADERS="${headers[$t]}" \
    wrk -t"$threads" -c"$c" -d"$duration" --timeout 10s --latency -s "$bench/post.lua" "$u/v1/messages" \
    > "$work/wrk.txt" 2>&1 || { cat "$work/wrk.txt" >&2; die "wrk failed against ${label[$t]}"; }
  # shellcheck disable=SC2086
  after="$(cpu_ticks ${pids[$t]})"
  awk -v ticks=$((after - before)) -v hz="$hz" '
    function us(v) { if (v ~ /us$/) return v + 0; if (v ~ /ms$/) return v * 1000; if (v ~ /m$/) return v * 60e6; return v * 1e6 }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = us($2) }
    $1 == "99%" { p99 = us($2) }
    / requests in / { n = $1 }
    /Non-2xx/ { err += $5 }
    /Socket errors/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
    END { printf "%s %.0f %.0f %.1f %d %d\n", rps, p50, p99, n ? ticks * 1e6 / hz / n : 0, n, err }' "$work/wrk.txt"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$1" '{ print $c }' "$2" | median; } # column file -> median over the runs
lat() { awk -v v="$1" 'BEGIN { if (v < 1000) printf "%d us", v; else printf "%.2f ms", v / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
num() { awk -v v="$1" 'BEGIN { printf "%.0f", v }'; }
added() { awk -v d="$1" 'BEGIN { if (d < 1000 && d > -1000) printf "%+d us", d; else printf "%+.2f ms", d / 1000 }'; }

mkdir -p "$work/res"
note "cells of $duration, $runs run(s), connections: $conns; paths alternate within each run"
for c in $conns; do
  for stream in false true; do
    for r in $(seq "$runs"); do
      for t in "${targets[@]}"; do
        note "run $r/$runs: ${label[$t]}, $c connection(s), stream=$stream"
        wrk_run "$t" "$c" "$stream" >> "$work/res/$t-$c-$stream"
      done
    done
  done
done

echo
echo "## Throughput and latency ($(nproc) cores, wrk $duration per cell, median of $runs run(s); billing on in bytespike-gatewayd)"
echo
echo "| path | conn | mode | req/s | p50 | p99 | p50 added over direct | CPU us/req | req/s vs nginx | req/s vs Portkey | CPU/req vs nginx | CPU/req vs Portkey | errors |"
echo "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for c in $conns; do
  for stream in false true; do
    mode=non-stream
    [ "$stream" = true ] && mode=stream
    declare -A rps p50 p99 cpu err
    for t in "${targets[@]}"; do
      f="$work/res/$t-$c-$stream"
      rps[$t]="$(col 1 "$f")" p50[$t]="$(col 2 "$f")" p99[$t]="$(col 3 "$f")" cpu[$t]="$(col 4 "$f")"
      err[$t]="$(awk '{ s += $6 } END { print s + 0 }' "$f")"
    done
    for t in "${targets[@]}"; do
      added="-" vs_nginx="-" vs_portkey="-" cpu_nginx="-" cpu_portkey="-"
      if [ "$t" != direct ]; then
        added="$(added "$(awk -v a="${p50[$t]}" -v b="${p50[direct]}" 'BEGIN { print a - b }')")"
      fi
      if [ "$t" != nginx ] && [ "$t" != direct ]; then
        vs_nginx="$(ratio "${rps[$t]}" "${rps[nginx]}")" cpu_nginx="$(ratio "${cpu[$t]}" "${cpu[nginx]}")"
      fi
      if [ "$t" != portkey ] && [ "$t" != direct ]; then
        vs_portkey="$(ratio "${rps[$t]}" "${rps[portkey]}")" cpu_portkey="$(ratio "${cpu[$t]}" "${cpu[portkey]}")"
      fi
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "${label[$t]}" "$c" "$mode" \
        "$(num "${rps[$t]}")" "$(lat "${p50[$t]}")" "$(lat "${p99[$t]}")" "$added" "${cpu[$t]}" \
        "$vs_nginx" "$vs_portkey" "$cpu_nginx" "$cpu_portkey" "${err[$t]}"
    done
  done
done
echo
echo "CPU us/req: user+system CPU of the path's server process(es) (/proc/PID/stat) over the run, divided by"
echo "the requests wrk completed: the mock for the direct path, nginx's master and workers, Portkey's node"
echo "process, bytespike-gatewayd (all threads). The proxies' figures exclude the mock behind them."

# --- time to first byte on streams
echo
echo "## Time to first byte on streams ($ttfb_requests sequential requests on one keep-alive connection)"
echo
echo "| path | TTFB p50 | TTFB p99 | p50 added over direct |"
echo "| --- | ---: | ---: | ---: |"
declare -A ttfb50
for t in "${targets[@]}"; do
  note "time to first byte: ${label[$t]}"
  read -r a b < <(node "$bench/probe.mjs" ttfb "${url[$t]}" "${key[$t]}" "${model[$t]}" "$ttfb_requests" "${headers[$t]}") \
    || die "the TTFB probe failed against ${label[$t]}"
  ttfb50[$t]=$a
  added_ttfb="-"
  if [ "$t" != direct ]; then added_ttfb="$(added $((a - ttfb50[direct])))"; fi
  printf '| %s | %s | %s | %s |\n' "${label[$t]}" "$(lat "$a")" "$(lat "$b")" "$added_ttfb"
done

if [ "$extras" = 1 ]; then
  # --- memory: idle open streams through a fresh gateway
  note "RSS with $streams idle open streams"
  start_gateway idle
  node "$bench/probe.mjs" ttfb "${gw_url[idle]}" "${gw_key[idle]}" bench 50 >/dev/null # warm the pools
  read -r before during after opened < <(node "$bench/probe.mjs" idle-streams "${gw_url[idle]}" "${gw_key[idle]}" \
    bench-idle "$streams" "${gw_pid[idle]}") || die "the idle-streams probe failed"
  echo
  echo "## Memory: bytespike-gatewayd with $opened idle open streams"
  echo
  echo "Each stream has had its first events relayed and then stays open and silent (upstream included)."
  echo
  echo "| RSS before | RSS with $opened streams open | per stream | RSS after closing them |"
  echo "| ---: | ---: | ---: | ---: |"
  awk -v b="$before" -v d="$during" -v a="$after" -v n="$opened" \
    'BEGIN { printf "| %.1f MiB | %.1f MiB | %.1f KiB | %.1f MiB |\n", b / 1024, d / 1024, (d - b) / n, a / 1024 }'
  kill "${gw_pid[idle]}" 2>/dev/null || true

  # --- the ledger's synchronous mode and metrics, on fresh gateways, runs alternated
  start_gateway default
  start_gateway full BYTESPIKE_LEDGER_SYNCHRONOUS=FULL
  start_gateway nometrics BYTESPIKE_METRICS=0
  variants=(default full nometrics)
  declare -A vlabel=([default]="default (ledger NORMAL + syncer, metrics on)" [full]="ledger synchronous=FULL"
    [nometrics]="metrics off (BYTESPIKE_METRICS=0)")
  for v in "${variants[@]}"; do pids[$v]="${gw_pid[$v]}" label[$v]="${vlabel[$v]}" headers[$v]=""; done
  for c in $conns; do
    for r in $(seq "$runs"); do
      for v in "${variants[@]}"; do
        note "run $r/$runs: ${vlabel[$v]}, $c connection(s), non-stream"
        wrk_run "$v" "$c" false "${gw_url[$v]}" bench "${gw_key[$v]}" >> "$work/res/v-$v-$c"
      done
    done
  done
  echo
  echo "## Billed requests: ledger durability mode and metrics (non-stream, median of $runs run(s))"
  echo
  echo "| bytespike-gatewayd | conn | req/s | p50 | p99 | CPU us/req | req/s vs default | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for c in $conns; do
    base="$(col 1 "$work/res/v-default-$c")"
    for v in "${variants[@]}"; do
      f="$work/res/v-$v-$c"
      printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${vlabel[$v]}" "$c" "$(num "$(col 1 "$f")")" \
        "$(lat "$(col 2 "$f")")" "$(lat "$(col 3 "$f")")" "$(col 4 "$f")" \
        "$(if [ "$v" = default ]; then echo -; else ratio "$(col 1 "$f")" "$base"; fi)" \
        "$(awk '{ s += $6 } END { print s + 0 }' "$f")"
    done
  done
fi
