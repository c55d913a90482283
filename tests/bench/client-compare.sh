#!/usr/bin/env bash
# Benchmark (run by hand): the two ways to build the upstream client (docs/BENCHMARKS.md, "One
# upstream client") against one TLS 1.3 keep-alive upstream, measured on the client side by
# bench_upstream_probe (tests/bench/upstream_probe.cpp): libcurl's multi interface, and OpenSSL on
# the gateway's own connection pool (UpstreamClient, what the gateway runs).
#
#   tests/bench/client-compare.sh [--build DIR] [--requests 20000] [--warmup 500] [--conns "1 32"]
#
# Starts the mock upstream (--fast) behind an nginx that terminates TLS 1.3 with a throwaway CA
# (made here with the openssl CLI; SAN DNS:localhost, IP:127.0.0.1) on two ports: one that offers
# HTTP/1.1 only and one that offers HTTP/2 as well (ALPN). Then runs the probe for libcurl over
# HTTP/1.1 and over HTTP/2, and for the gateway's UpstreamClient against both ports, non-streaming
# and streaming, at each concurrency, and prints one markdown table. The connections column is
# what nginx accepted during the run (its stub_status), warm-up included: each one cost a TLS
# handshake. CPU is the probe process's user+sys time per request after the warm-up. For reference
# both clients also run over plain http through the same nginx. The gateway's client offers only
# http/1.1 by ALPN, so on the HTTP/2 port it speaks HTTP/1.1 too.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$here/tests/bench"

build="$here/build"
requests=20000
warmup=500
conns="1 32"
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift ;;
    --requests) requests="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --conns) conns="$2"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "client-compare.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

die() { echo "client-compare.sh: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }

probe="$build/tests/bench/bench_upstream_probe"
for tool in node nginx openssl curl; do
  command -v "$tool" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin" command -v "$tool" >/dev/null 2>&1 \
    || die "$tool is not installed"
done
nginx_bin="$(PATH="$PATH:/usr/sbin" command -v nginx)"
[ -x "$probe" ] || die "no bench_upstream_probe at $probe (cmake --build DIR --target bench_upstream_probe)"

# shellcheck source=tests/bench/common.sh
source "$bench/common.sh"
bench_work_dir

# --- the mock upstream, plain http
node "$here/tests/fixtures/mock-upstream/server.js" --port 0 --fast > "$work/mock.out" 2>"$work/mock.err" &
mock_pid=$!
wait_for "$work/mock.out" listening "the mock upstream" $mock_pid
mock="$(sed -n 's/.*listening on //p' "$work/mock.out")"

# --- a throwaway CA and a server certificate for localhost signed by it
# shellcheck source=tests/bench/tls-upstream.sh
source "$bench/tls-upstream.sh"
tls="$work/tls"
tls_make_ca "$tls"

# --- nginx: TLS 1.3 only, long-lived keep-alive, a keep-alive pool to the mock, buffering off (SSE)
h1_port="$(free_port)"
h2_port="$(free_port)"
plain_port="$(free_port)"
status_port="$(free_port)"
mkdir -p "$work/nginx"
{
  nginx_head "$work/nginx"
  cat <<EOF
  upstream mock { server ${mock#http://}; keepalive 512; }
  ssl_certificate $tls/server.pem;
  ssl_certificate_key $tls/server.key;
  ssl_protocols TLSv1.3;
  ssl_session_cache shared:S:10m;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$h1_port ssl;
    listen 127.0.0.1:$h2_port ssl http2;
    listen 127.0.0.1:$plain_port;
    # Which protocol served the request: the gateway client's probe reports it.
    add_header x-served-protocol \$server_protocol always;
    location / {
      proxy_pass http://mock;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
  server {
    listen 127.0.0.1:$status_port;
    location / { stub_status; }
  }
}
EOF
} > "$work/nginx/nginx.conf"
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" 2>"$work/nginx/stderr" &
nginx_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$status_port/" >/dev/null 2>&1 && break; sleep 0.1; done
curl -sf --cacert "$tls/ca.pem" "https://localhost:$h1_port/v1/models" >/dev/null \
  || { cat "$work/nginx/stderr" "$work/nginx/error.log" >&2 2>/dev/null; die "nginx did not start"; }
kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited"

# nginx's count of accepted connections; reading it is itself one accepted connection.
accepts() { curl -sf "http://127.0.0.1:$status_port/" | awk 'NR == 3 { print $1 }'; }

field() { # RESULT-line key
  sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"
}

rows=()
run_cell() { # label transport base-url stream conc [probe options...]
  local label="$1" transport="$2" base="$3" stream="$4" conc="$5"
  shift 5
  local args=(--url "$base/v1/messages" --ca "$tls/ca.pem" --concurrency "$conc"
    --requests "$requests" --warmup "$warmup" "$@")
  [ "$stream" = yes ] && args+=(--stream)
  local before after out result
  before="$(accepts)"
  out="$("$probe" "${args[@]}" 2>"$work/probe.err")" || { cat "$work/probe.err" >&2; die "the probe failed: $label"; }
  after="$(accepts)"
  result="$(grep '^RESULT ' <<<"$out")"
  [ -s "$work/probe.err" ] && sed 's/^/# /' "$work/probe.err" >&2
  note "$label stream=$stream c=$conc: $(field "$result" rps) req/s, $(field "$result" cpu_us) us CPU/req"
  rows+=("| $label | $transport | $(field "$result" protocol) | $stream | $conc | $(field "$result" rps) | $(field "$result" cpu_us) \
| $(field "$result" p50_us) | $(field "$result" p99_us) | $((after - before - 1)) | $(field "$result" conns) \
| $(field "$result" errors) |")
}

for stream in no yes; do
  for conc in $conns; do
    run_cell "curl multi" "TLS 1.3, h1 port" "https://localhost:$h1_port" "$stream" "$conc" --client curl
    run_cell "curl multi --http2" "TLS 1.3, h2 port" "https://localhost:$h2_port" "$stream" "$conc" \
      --client curl --http2
    run_cell "gateway (OpenSSL on its pool)" "TLS 1.3, h1 port" "https://localhost:$h1_port" "$stream" "$conc" --client gateway
    run_cell "gateway (OpenSSL on its pool)" "TLS 1.3, h2 port" "https://localhost:$h2_port" "$stream" "$conc" --client gateway
    run_cell "curl multi (reference)" "plain http" "http://localhost:$plain_port" "$stream" "$conc" --client curl
    run_cell "gateway (reference)" "plain http" "http://localhost:$plain_port" "$stream" "$conc" \
      --client gateway
  done
done

echo
echo "Client-side cost against nginx (TLS 1.3, keep-alive) in front of the mock; $requests requests per cell"
echo "after $warmup warm-up requests. CPU: the client process's user+sys per request."
echo "Connections: accepted by nginx during the run (warm-up included) / as the client counted them."
echo
echo "| client | transport | protocol | stream | concurrency | req/s | CPU µs/req | p50 µs | p99 µs \
| conns (nginx) | conns (client) | errors |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
