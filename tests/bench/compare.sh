#!/usr/bin/env bash
# Benchmark (issue 10): bytespike-gatewayd against the direct path, nginx and the Portkey gateway.
#
#   tests/bench/compare.sh [--quick] [--build DIR] [--scenarios "anthropic openai ..."]
#                          [--duration 10s] [--runs 3] [--conns "1 32 256"] [--streams 1000]
#                          [--ttfb-requests 200] [--no-extras]
#
# Starts the mock upstream (--fast) and, for the https scenario, a TLS upstream in front of it
# (tests/bench/tls-upstream.sh: a throwaway test CA made at run time, nginx terminating TLS 1.3).
# Then, for each scenario, drives four paths with wrk (post.lua), in turn and alternating within
# each run: the upstream directly; nginx as a plain reverse proxy to it (upstream keep-alive);
# the Portkey open-source gateway (tests/bench/portkey, loopback only) with the upstream as its
# custom host; bytespike-gatewayd with billing on (demo key, channels to the mock). Each path
# is asked non-streaming and streaming, at each connection count, --runs times.
#
# Scenarios (--scenarios chooses some, in this order; all by default):
#   anthropic         Anthropic client (/v1/messages) -> anthropic channel
#   openai            OpenAI client (/v1/chat/completions) -> openai channel
#   openai-anthropic  OpenAI client -> anthropic channel: the gateway translates
#   anthropic-openai  Anthropic client -> openai channel: the gateway translates
#   https             Anthropic client -> anthropic channel whose upstream is https: the TLS
#                     upstream directly, nginx proxying http to https (verifying the CA), Portkey
#                     (node trusting the CA through NODE_EXTRA_CA_CERTS), and the gateway with a
#                     channel whose ca_file is the test CA
# The gateway routes by model name: bench (anthropic channel), bench-oa (openai channel, base URL
# MOCK/v1), bench-tls (the https channel). In the translating scenarios only the gateway
# translates: nginx cannot, and Portkey is driven as a pass-through proxy like nginx. So their
# rows, and the direct one, are the reference the gateway is held to: a client speaking the
# upstream's protocol, exactly as in that protocol's own scenario, measured again in the same run.
# The gateway's row then shows what a translating request costs over the upstream call it really
# makes (the mock's cost differs by protocol, so comparing with the client's protocol on the mock
# would mix the two). Before the first recorded cell, each path of the first scenario gets one
# unrecorded second of wrk (warm JIT in the node processes, warm upstream pools).
#
# Prints markdown tables of the medians over the runs, per scenario: requests/s, p50/p99, the p50
# each proxy adds over the direct path, server CPU per request and the ratios against nginx and
# Portkey; then time to first byte on streams, and (unless --no-extras) RSS of the gateway with
# --streams idle open streams, billed requests/s with the ledger at synchronous=FULL against the
# default, and metrics on against off; last a summary, one row per scenario and mode: the
# gateway's req/s over nginx's at 32 connections, its CPU per request (nginx's), and the p50 it
# adds at one connection (nginx's), all from this run.
#
# --quick is the CI smoke test (bench_smoke): every scenario, 1 s cells, 1 run, 32 connections
# only, 30 TTFB requests, 200 idle streams; its figures are printed, never asserted. Options after
# --quick override its choices. Every path must start and relay the upstream's answer, or the
# script stops with an error: a path is never skipped. docs/BENCHMARKS.md explains every column.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$here/tests/bench"

all_scenarios="anthropic openai openai-anthropic anthropic-openai https"
build="$here/build"
scenarios="$all_scenarios"
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
    --scenarios) scenarios="$2"; shift ;;
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

# The chosen scenarios, in the canonical order, each once.
chosen=()
for s in $scenarios; do
  case " $all_scenarios " in *" $s "*) ;; *) die "unknown scenario $s (known: $all_scenarios)" ;; esac
done
for s in $all_scenarios; do
  case " $scenarios " in *" $s "*) chosen+=("$s") ;; esac
done
[ ${#chosen[@]} -gt 0 ] || die "--scenarios names none of: $all_scenarios"
want() { case " ${chosen[*]} " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

gatewayd="$build/app/gatewayd/bytespike-gatewayd"
portkey_main="$bench/portkey/node_modules/@portkey-ai/gateway/build/start-server.js"
tools=(wrk node curl nginx)
if want https; then tools+=(openssl); fi
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin" command -v "$tool" >/dev/null 2>&1 \
    || die "$tool is not installed (installer/bytespike-setup.sh test installs it)"
done
nginx_bin="$(PATH="$PATH:/usr/sbin" command -v nginx)"
[ -x "$gatewayd" ] || die "no bytespike-gatewayd at $gatewayd (build first, or pass --build DIR)"
[ -f "$portkey_main" ] || die "Portkey is not installed: run (cd tests/bench/portkey && npm ci) \
(installer/bytespike-setup.sh test does); the comparison needs it"
# shellcheck source=tests/bench/tls-upstream.sh
source "$bench/tls-upstream.sh"

# 1,000 idle streams hold about 2,000 sockets in the gateway; take what the hard limit allows.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# shellcheck source=tests/bench/common.sh
source "$bench/common.sh"
bench_work_dir
children() { ps -o pid= --ppid "$1" | tr '\n' ' '; }

# Each target, "SCENARIO/PATH" (or "x/VARIANT" for the extras): its endpoint URL, the client's
# protocol (anthropic or openai), the model it is asked for, its key, extra headers, the pids
# whose CPU is counted and its name in the tables.
declare -A url api model key headers pids label
paths=(direct nginx portkey gatewayd)
declare -A title=(
  [anthropic]="Anthropic client -> anthropic channel"
  [openai]="OpenAI client -> openai channel"
  [openai-anthropic]="OpenAI client -> anthropic channel"
  [anthropic-openai]="Anthropic client -> openai channel"
  [https]="Anthropic client -> anthropic channel over TLS")
# The protocol the upstream speaks, and so the reference paths (direct, nginx, Portkey).
declare -A upstream=([anthropic]=anthropic [openai]=openai [openai-anthropic]=anthropic
  [anthropic-openai]=openai [https]=anthropic)
# The protocol the client speaks to the gateway, and the gateway's model for that channel.
declare -A client=([anthropic]=anthropic [openai]=openai [openai-anthropic]=openai
  [anthropic-openai]=anthropic [https]=anthropic)
declare -A gw_model=([anthropic]=bench [openai]=bench-oa [openai-anthropic]=bench
  [anthropic-openai]=bench-oa [https]=bench-tls)
endpoint() { if [ "$1" = openai ]; then echo /v1/chat/completions; else echo /v1/messages; fi; }

# --- the mock upstream
node "$here/tests/fixtures/mock-upstream/server.js" --port 0 --fast > "$work/mock.out" 2>"$work/mock.err" &
mock_pid=$!
wait_for "$work/mock.out" listening "the mock upstream" $mock_pid
mock="$(sed -n 's/.*listening on //p' "$work/mock.out")"

# --- the TLS upstream: nginx terminating TLS 1.3 in front of the mock, with a test CA
if want https; then
  tls_make_ca "$work/tls"
  tls_start_upstream "$work/tls" "${mock#http://}" || die "the TLS upstream did not start (above)"
  tls_url="https://localhost:$TLS_UPSTREAM_PORT"
  tls_pids="$TLS_UPSTREAM_PID $(children "$TLS_UPSTREAM_PID")"
fi

# --- nginx: a plain reverse proxy with a keep-alive pool to the mock, buffering off (SSE); for
# the https scenario a second server proxies to the TLS upstream, verifying it against the CA
nginx_port="$(free_port)"
nginx_tls_port="$(free_port)"
mkdir -p "$work/nginx"
{
  nginx_head "$work/nginx"
  cat <<EOF
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
EOF
  if want https; then
    cat <<EOF
  upstream tls_upstream { server 127.0.0.1:$TLS_UPSTREAM_PORT; keepalive 512; }
  server {
    listen 127.0.0.1:$nginx_tls_port;
    keepalive_requests 1000000;
    location / {
      proxy_pass https://tls_upstream;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_ssl_protocols TLSv1.3;
      proxy_ssl_verify on;
      proxy_ssl_trusted_certificate $TLS_UPSTREAM_CA;
      proxy_ssl_server_name on;
      proxy_ssl_name localhost;
      proxy_ssl_session_reuse on;
    }
  }
EOF
  fi
  echo "}"
} > "$work/nginx/nginx.conf"
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" 2>"$work/nginx/stderr" &
nginx_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$nginx_port/v1/models" >/dev/null 2>&1 && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$nginx_port/v1/models" >/dev/null \
  || { cat "$work/nginx/stderr" "$work/nginx/error.log" >&2 2>/dev/null; die "nginx did not start"; }
nginx_pids="$nginx_pid $(children "$nginx_pid")"

# --- Portkey: the custom host is the upstream; preload.cjs keeps it on loopback and lets it
# stream. Node trusts the test CA (on top of its own roots) for the https scenario.
portkey_port="$(free_port)"
node_env=()
if want https; then node_env=(NODE_EXTRA_CA_CERTS="$TLS_UPSTREAM_CA"); fi
(cd "$work" && exec env "${node_env[@]}" node --require "$bench/portkey/preload.cjs" "$portkey_main" \
  --port="$portkey_port" --headless) > "$work/portkey.out" 2>&1 &
portkey_pid=$!
for _ in $(seq 150); do
  curl -sf "http://127.0.0.1:$portkey_port/" >/dev/null 2>&1 && break
  kill -0 $portkey_pid 2>/dev/null || break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$portkey_port/" >/dev/null 2>&1 \
  || { tail -n 30 "$work/portkey.out" >&2; die "the Portkey gateway did not start (log above)"; }
portkey_label="Portkey $(node -p "require('$bench/portkey/node_modules/@portkey-ai/gateway/package.json').version")"

# --- bytespike-gatewayd: billing on; an anthropic channel to the mock with a normal model and one
# whose streams stay open and silent after three frames (the mock's idle_after fault), for the RSS
# probe; an openai channel to the mock (model bench-oa)
export BYTESPIKE_ADMIN_TOKEN=bench-admin MOCK_UPSTREAM_KEY=sk-bench
declare -A gw_url gw_pid gw_key
prices='"input_micros_per_mtok":1,"output_micros_per_mtok":1,"cache_write_micros_per_mtok":1,"cache_read_micros_per_mtok":1'
add_channel() { # gateway-name channel-json -> prints the HTTP status, leaves the body in $work/channel.out
  curl -s -o "$work/channel.out" -w '%{http_code}' "${gw_url[$1]}/admin/channels" \
    -H "Authorization: Bearer $BYTESPIKE_ADMIN_TOKEN" -H 'content-type: application/json' -d "$2" || echo 000
}
start_gateway() { # name [VAR=value...]
  local name="$1"
  shift
  env "$@" "$gatewayd" --data-dir "$work/$name" --listen 127.0.0.1:0 --log-level error \
    > "$work/$name.out" 2>"$work/$name.err" &
  gw_pid[$name]=$!
  wait_for "$work/$name.out" listening "bytespike-gatewayd ($name)" "${gw_pid[$name]}"
  gw_url[$name]="$(sed -n 's/listening on //p' "$work/$name.out")"
  local status
  status="$(add_channel "$name" "{\"name\":\"mock\",\"protocol\":\"anthropic\",\"base_url\":\"$mock\",
    \"secret_ref\":\"env:MOCK_UPSTREAM_KEY\",
    \"models\":[{\"model\":\"bench\",\"upstream_model\":\"mock-model\",$prices},
                {\"model\":\"bench-idle\",\"upstream_model\":\"mock-model+fault=idle_after:3\",$prices}]}")"
  [[ "$status" == 20? ]] || { cat "$work/channel.out" >&2; die "cannot add the mock channel to bytespike-gatewayd ($name): HTTP $status"; }
  status="$(add_channel "$name" "{\"name\":\"mock-openai\",\"protocol\":\"openai\",\"base_url\":\"$mock/v1\",
    \"secret_ref\":\"env:MOCK_UPSTREAM_KEY\",\"models\":[{\"model\":\"bench-oa\",\"upstream_model\":\"mock-model\",$prices}]}")"
  [[ "$status" == 20? ]] || { cat "$work/channel.out" >&2; die "cannot add the openai mock channel to bytespike-gatewayd ($name): HTTP $status"; }
  gw_key[$name]="$(cat "$work/$name/demo-key")"
}
# The https channel trusts the test CA and nothing else: ca_file (an absolute path to a PEM file).
add_tls_channel() { # gateway-name
  local status
  status="$(add_channel "$1" "{\"name\":\"mock-tls\",\"protocol\":\"anthropic\",\"base_url\":\"$tls_url\",
    \"secret_ref\":\"env:MOCK_UPSTREAM_KEY\",\"ca_file\":\"$TLS_UPSTREAM_CA\",
    \"models\":[{\"model\":\"bench-tls\",\"upstream_model\":\"mock-model\",$prices}]}")"
  [[ "$status" == 20? ]] && return 0
  cat "$work/channel.out" >&2
  echo >&2
  if [ "$status" = 400 ] && grep -q ca_file "$work/channel.out"; then
    die "bytespike-gatewayd refused the https channel's \"ca_file\" field (HTTP 400, above): this build \
does not know it yet. The https scenario needs it (the channel must trust the benchmark's throwaway \
test CA); use a gateway that has it, or leave the scenario out: --scenarios \"${all_scenarios% https}\""
  fi
  die "cannot add the https channel (ca_file $TLS_UPSTREAM_CA) to bytespike-gatewayd ($1): HTTP $status (above)"
}
start_gateway gatewayd

# --- the targets of each scenario
for s in "${chosen[@]}"; do
  up="${upstream[$s]}"
  for p in direct nginx portkey; do
    api[$s/$p]="$up" model[$s/$p]=mock-model key[$s/$p]=sk-bench headers[$s/$p]=""
  done
  if [ "$s" = https ]; then
    url[$s/direct]="$tls_url$(endpoint "$up")" pids[$s/direct]="$tls_pids $mock_pid"
    label[$s/direct]="TLS upstream direct"
    url[$s/nginx]="http://127.0.0.1:$nginx_tls_port$(endpoint "$up")" label[$s/nginx]="nginx (http -> https)"
    portkey_host="$tls_url/v1"
  else
    url[$s/direct]="$mock$(endpoint "$up")" pids[$s/direct]=$mock_pid label[$s/direct]="mock direct"
    url[$s/nginx]="http://127.0.0.1:$nginx_port$(endpoint "$up")" label[$s/nginx]="nginx (proxy)"
    portkey_host="$mock/v1"
  fi
  pids[$s/nginx]="$nginx_pids"
  url[$s/portkey]="http://127.0.0.1:$portkey_port$(endpoint "$up")" pids[$s/portkey]=$portkey_pid
  label[$s/portkey]="$portkey_label"
  headers[$s/portkey]="x-portkey-provider: $up
x-portkey-custom-host: $portkey_host"
  if [ "$up" != "${client[$s]}" ]; then
    for p in direct nginx portkey; do
      case "${label[$s/$p]}" in
        *\)) label[$s/$p]="${label[$s/$p]%)}, $up client)" ;;
        *) label[$s/$p]="${label[$s/$p]} ($up client)" ;;
      esac
    done
  fi
  url[$s/gatewayd]="${gw_url[gatewayd]}$(endpoint "${client[$s]}")" api[$s/gatewayd]="${client[$s]}"
  model[$s/gatewayd]="${gw_model[$s]}" key[$s/gatewayd]="${gw_key[gatewayd]}" headers[$s/gatewayd]=""
  pids[$s/gatewayd]="${gw_pid[gatewayd]}" label[$s/gatewayd]="bytespike-gatewayd"
done

body_for() { # api model stream
  if [ "$1" = openai ]; then
    local usage=""
    [ "$3" = true ] && usage=',"stream_options":{"include_usage":true}'
    printf '{"model":"%s","max_tokens":16,"stream":%s%s,"messages":[{"role":"user","content":"benchmark"}]}' "$2" "$3" "$usage"
  else
    printf '{"model":"%s","max_tokens":16,"stream":%s,"messages":[{"role":"user","content":"benchmark"}]}' "$2" "$3"
  fi
}
curl_headers() { # target -> curl -H arguments, one a line
  if [ "${api[$1]}" = openai ]; then
    printf '%s\n' "content-type: application/json" "authorization: Bearer ${key[$1]}"
  else
    printf '%s\n' "content-type: application/json" "anthropic-version: 2023-06-01" "x-api-key: ${key[$1]}"
  fi
  if [ -n "${headers[$1]}" ]; then printf '%s\n' "${headers[$1]}"; fi
}

# Every path must really reach the mock and answer both ways before it is measured. curl trusts
# the test CA for the TLS upstream's direct path.
check_relay() { # target
  local t="$1" stream out hdr
  for stream in false true; do
    hdr=()
    while IFS= read -r h; do hdr+=(-H "$h"); done < <(curl_headers "$t")
    if [ -n "${TLS_UPSTREAM_CA:-}" ]; then hdr+=(--cacert "$TLS_UPSTREAM_CA"); fi
    out="$(curl -s -N --max-time 10 "${url[$t]}" "${hdr[@]}" -d "$(body_for "${api[$t]}" "${model[$t]}" $stream)" || true)"
    grep -q 'Mock reply to:' <<<"$out" \
      || { echo "$out" >&2; [ "${t#*/}" = portkey ] && tail -n 30 "$work/portkey.out" >&2
           die "${label[$t]} in scenario ${t%/*} (stream=$stream) did not relay the mock's answer (above)"; }
  done
}
for s in "${chosen[@]}"; do
  for p in "${paths[@]}"; do
    if [ "$s/$p" != https/gatewayd ]; then check_relay "$s/$p"; fi
  done
done
# Last, so that every other path has been checked when the gateway cannot take the channel.
if want https; then
  add_tls_channel gatewayd
  check_relay https/gatewayd
fi

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
wrk_run() { # target conns stream [duration]
  local t="$1" c="$2" stream="$3" d="${4:-$duration}"
  local before after threads=$(( c < 2 ? c : 2 ))
  # shellcheck disable=SC2086 # pids is a list
  before="$(cpu_ticks ${pids[$t]})"
  BENCH_BODY="$(body_for "${api[$t]}" "${model[$t]}" "$stream")" BENCH_KEY="${key[$t]}" BENCH_API="${api[$t]}" \
    BENCH_HEADERS="${headers[$t]}" \
    wrk -t"$threads" -c"$c" -d"$d" --timeout 10s --latency -s "$bench/post.lua" "${url[$t]}" \
    > "$work/wrk.txt" 2>&1 || { cat "$work/wrk.txt" >&2; die "wrk failed against ${label[$t]} ($t)"; }
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
dec1() { awk -v v="$1" 'BEGIN { printf "%.1f", v }'; } # CPU us/req
added() { awk -v d="$1" 'BEGIN { if (d < 1000 && d > -1000) printf "%+d us", d; else printf "%+.2f ms", d / 1000 }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { print a - b }'; }
nearest() { # wanted -> the measured connection count closest to it
  local best="" c
  for c in $conns; do
    if [ -z "$best" ] || [ $(( (c - $1) * (c - $1) )) -lt $(( (best - $1) * (best - $1) )) ]; then best=$c; fi
  done
  echo "$best"
}
res() { echo "$work/res/${1//\//.}-$2-$3"; } # target conns stream -> its results file

# One unrecorded second on each path of the first scenario, so that node's JIT (mock, Portkey) and
# the proxies' upstream pools are warm before the first recorded cell.
for p in "${paths[@]}"; do
  note "warming up: ${chosen[0]}: ${label[${chosen[0]}/$p]}"
  wrk_run "${chosen[0]}/$p" "$(nearest 32)" false 1s >/dev/null
done

mkdir -p "$work/res"
note "scenarios: ${chosen[*]}; cells of $duration, $runs run(s), connections: $conns; paths alternate within each run"
for c in $conns; do
  for stream in false true; do
    for r in $(seq "$runs"); do
      for s in "${chosen[@]}"; do
        for p in "${paths[@]}"; do
          note "run $r/$runs: $s: ${label[$s/$p]}, $c connection(s), stream=$stream"
          wrk_run "$s/$p" "$c" "$stream" >> "$(res "$s/$p" "$c" "$stream")"
        done
      done
    done
  done
done

echo
echo "## Throughput and latency ($(nproc) cores, wrk $duration per cell, median of $runs run(s); billing on in bytespike-gatewayd)"
# The medians of every cell, kept for the summary: m_rps[TARGET/CONNS/STREAM] and so on.
declare -A m_rps m_p50 m_cpu
for s in "${chosen[@]}"; do
  echo
  echo "### ${title[$s]}"
  echo
  if [ "${upstream[$s]}" != "${client[$s]}" ]; then
    echo "Only bytespike-gatewayd translates (an ${client[$s]} client to an ${upstream[$s]} channel); the other rows are"
    echo "an ${upstream[$s]} client on the same upstream, as in that protocol's own scenario, measured in this run."
    echo
  elif [ "$s" = https ]; then
    echo "The upstream is nginx terminating TLS 1.3 in front of the mock; every proxy verifies it against the test CA."
    echo
  fi
  echo "| path | conn | mode | req/s | p50 | p99 | p50 added over direct | CPU us/req | req/s vs nginx | req/s vs Portkey | CPU/req vs nginx | CPU/req vs Portkey | errors |"
  echo "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for c in $conns; do
    for stream in false true; do
      mode=non-stream
      [ "$stream" = true ] && mode=stream
      declare -A rps p50 p99 cpu err
      for p in "${paths[@]}"; do
        f="$(res "$s/$p" "$c" "$stream")"
        rps[$p]="$(col 1 "$f")" p50[$p]="$(col 2 "$f")" p99[$p]="$(col 3 "$f")" cpu[$p]="$(col 4 "$f")"
        err[$p]="$(awk '{ s += $6 } END { print s + 0 }' "$f")"
        m_rps[$s/$p/$c/$stream]="${rps[$p]}" m_p50[$s/$p/$c/$stream]="${p50[$p]}" m_cpu[$s/$p/$c/$stream]="${cpu[$p]}"
      done
      for p in "${paths[@]}"; do
        added="-" vs_nginx="-" vs_portkey="-" cpu_nginx="-" cpu_portkey="-"
        if [ "$p" != direct ]; then
          added="$(added "$(minus "${p50[$p]}" "${p50[direct]}")")"
        fi
        if [ "$p" != nginx ] && [ "$p" != direct ]; then
          vs_nginx="$(ratio "${rps[$p]}" "${rps[nginx]}")" cpu_nginx="$(ratio "${cpu[$p]}" "${cpu[nginx]}")"
        fi
        if [ "$p" != portkey ] && [ "$p" != direct ]; then
          vs_portkey="$(ratio "${rps[$p]}" "${rps[portkey]}")" cpu_portkey="$(ratio "${cpu[$p]}" "${cpu[portkey]}")"
        fi
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "${label[$s/$p]}" "$c" "$mode" \
          "$(num "${rps[$p]}")" "$(lat "${p50[$p]}")" "$(lat "${p99[$p]}")" "$added" "$(dec1 "${cpu[$p]}")" \
          "$vs_nginx" "$vs_portkey" "$cpu_nginx" "$cpu_portkey" "${err[$p]}"
      done
    done
  done
done
echo
echo "CPU us/req: user+system CPU of the path's server process(es) (/proc/PID/stat) over the run, divided by"
echo "the requests wrk completed: the mock for the direct path (over TLS: the TLS nginx and the mock),"
echo "nginx's master and workers, Portkey's node process, bytespike-gatewayd (all threads). The proxies'"
echo "figures exclude the upstream behind them."

# --- time to first byte on streams
echo
echo "## Time to first byte on streams ($ttfb_requests sequential requests on one keep-alive connection)"
echo
echo "| scenario | path | TTFB p50 | TTFB p99 | p50 added over direct |"
echo "| --- | --- | ---: | ---: | ---: |"
for s in "${chosen[@]}"; do
  declare -A ttfb50
  for p in "${paths[@]}"; do
    t="$s/$p"
    note "time to first byte: $s: ${label[$t]}"
    read -r a b < <(env "${node_env[@]}" node "$bench/probe.mjs" ttfb "${url[$t]}" "${key[$t]}" \
      "${model[$t]}" "$ttfb_requests" "${headers[$t]}") || die "the TTFB probe failed against ${label[$t]} ($t)"
    ttfb50[$p]=$a
    added_ttfb="-"
    if [ "$p" != direct ]; then added_ttfb="$(added $((a - ttfb50[direct])))"; fi
    printf '| %s | %s | %s | %s | %s |\n' "${title[$s]}" "${label[$t]}" "$(lat "$a")" "$(lat "$b")" "$added_ttfb"
  done
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
  for v in "${variants[@]}"; do
    url[x/$v]="${gw_url[$v]}/v1/messages" api[x/$v]=anthropic model[x/$v]=bench key[x/$v]="${gw_key[$v]}"
    headers[x/$v]="" pids[x/$v]="${gw_pid[$v]}" label[x/$v]="${vlabel[$v]}"
  done
  for c in $conns; do
    for r in $(seq "$runs"); do
      for v in "${variants[@]}"; do
        note "run $r/$runs: ${vlabel[$v]}, $c connection(s), non-stream"
        wrk_run "x/$v" "$c" false >> "$(res "x/$v" "$c" false)"
      done
    done
  done
  echo
  echo "## Billed requests: ledger durability mode and metrics (non-stream, median of $runs run(s))"
  echo
  echo "| bytespike-gatewayd | conn | req/s | p50 | p99 | CPU us/req | req/s vs default | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for c in $conns; do
    base="$(col 1 "$(res x/default "$c" false)")"
    for v in "${variants[@]}"; do
      f="$(res "x/$v" "$c" false)"
      printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${vlabel[$v]}" "$c" "$(num "$(col 1 "$f")")" \
        "$(lat "$(col 2 "$f")")" "$(lat "$(col 3 "$f")")" "$(dec1 "$(col 4 "$f")")" \
        "$(if [ "$v" = default ]; then echo -; else ratio "$(col 1 "$f")" "$base"; fi)" \
        "$(awk '{ s += $6 } END { print s + 0 }' "$f")"
    done
  done
fi

# --- summary: the gateway against nginx, per scenario and mode, from the cells above. Throughput
# and CPU at 32 connections, added p50 at one; when a run has no such cell, the nearest count
# measured stands in, marked with *.
c_rate="$(nearest 32)" c_lat="$(nearest 1)"
mark_rate="" mark_lat=""
[ "$c_rate" = 32 ] || mark_rate="*"
[ "$c_lat" = 1 ] || mark_lat="*"
echo
echo "## Summary: bytespike-gatewayd against nginx (same run)"
echo
echo "| path | req/s vs nginx (32 conns) | CPU us/req (nginx) | added p50 at 1 conn (nginx's) |"
echo "| --- | ---: | ---: | ---: |"
for s in "${chosen[@]}"; do
  for stream in false true; do
    mode=non-stream
    [ "$stream" = true ] && mode=stream
    g="$s/gatewayd" n="$s/nginx" d="$s/direct"
    printf '| %s, %s | %s%s | %s (%s)%s | %s (%s)%s |\n' "${title[$s]}" "$mode" \
      "$(ratio "${m_rps[$g/$c_rate/$stream]}" "${m_rps[$n/$c_rate/$stream]}")" "$mark_rate" \
      "$(dec1 "${m_cpu[$g/$c_rate/$stream]}")" "$(dec1 "${m_cpu[$n/$c_rate/$stream]}")" "$mark_rate" \
      "$(added "$(minus "${m_p50[$g/$c_lat/$stream]}" "${m_p50[$d/$c_lat/$stream]}")")" \
      "$(added "$(minus "${m_p50[$n/$c_lat/$stream]}" "${m_p50[$d/$c_lat/$stream]}")")" "$mark_lat"
  done
done
echo
if [ -n "$mark_rate" ]; then echo "\* req/s and CPU at $c_rate connection(s): this run has no 32-connection cells."; fi
if [ -n "$mark_lat" ]; then echo "\* added p50 at $c_lat connection(s): this run has no 1-connection cells."; fi
echo "req/s vs nginx: the gateway's requests/s over nginx's. CPU us/req: the gateway's (nginx's) CPU per"
echo "request. Added p50: the gateway's (nginx's) p50 minus the direct path's. In the translating rows"
echo "nginx and the direct path carry the upstream's protocol."
