# shellcheck shell=bash
# A TLS upstream for the benchmarks, sourced (not run): a throwaway test CA and nginx terminating
# TLS 1.3 in front of a plain-http backend (the mock upstream). Used by tests/bench/compare.sh.
#
#   source tests/bench/tls-upstream.sh
#   tls_make_ca DIR                        # DIR/ca.pem (the CA to trust), DIR/server.{pem,key}
#   tls_start_upstream DIR 127.0.0.1:PORT  # nginx in the background, as a job of the caller
#   curl --cacert "$TLS_UPSTREAM_CA" "https://localhost:$TLS_UPSTREAM_PORT/v1/models"
#   tls_stop_upstream                      # or let the caller's own clean-up kill its jobs
#
# tls_make_ca: an ECDSA P-256 CA and a server certificate it signs (SAN DNS:localhost and
# IP:127.0.0.1, serverAuth, valid 2 days), keys unencrypted; nothing leaves DIR.
# tls_start_upstream (after tls_make_ca on the same DIR): nginx with its own generated
# configuration and logs in DIR/tls-nginx, listening on 127.0.0.1 (and on ::1 when the machine has
# it) at a free port; TLS 1.3 only, keep-alive with keepalive_requests 1000000, a shared session
# cache and session tickets; plain http/1.1 to the backend through a keep-alive pool, buffering off
# so streams pass as they come. It returns once the upstream answers GET /v1/models through TLS
# verified against the CA, by name and by address, and sets:
#   TLS_UPSTREAM_PORT  the port; https://localhost:PORT and https://127.0.0.1:PORT both verify
#   TLS_UPSTREAM_PID   nginx's master process (its workers are its children)
#   TLS_UPSTREAM_CA    DIR/ca.pem
# and prints "tls upstream: https://localhost:PORT (pid PID)" on stderr. Call it directly, not in
# $(...): nginx must be a job of the calling shell. Needs openssl, nginx (nginx-light), curl, node.

# nginx_head
# shellcheck source=tests/bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

tls_die() { echo "tls-upstream.sh: $*" >&2; return 1; }

tls_make_ca() { # DIR
  local dir="$1"
  mkdir -p "$dir"
  (
    set -e
    cd "$dir"
    umask 077
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
      -subj "/CN=ByteSpike benchmark test CA" -keyout ca.key -out ca.pem \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
      -subj "/CN=localhost" -keyout server.key -out server.csr
    printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
      "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1" > server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
      -extfile server.ext -out server.pem
    chmod 644 ca.pem server.pem
  ) >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; tls_die "cannot make the test CA in $dir"; }
}

tls_start_upstream() { # DIR BACKEND_HOSTPORT
  local dir="$1" backend="$2" conf nginx_bin port here listen6=""
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  [ -f "$dir/server.pem" ] || tls_die "no certificate in $dir: call tls_make_ca $dir first" || return 1
  nginx_bin="$(PATH="$PATH:/usr/sbin" command -v nginx)" || tls_die "nginx is not installed" || return 1
  port="$(node "$here/probe.mjs" free-port)" || return 1
  if node -e "require('net').createServer().on('error', () => process.exit(1)).listen(0, '::1', function () { this.close(); })" \
    2>/dev/null; then
    listen6="listen [::1]:$port ssl;"
  fi
  conf="$dir/tls-nginx"
  mkdir -p "$conf"
  {
    nginx_head "$conf"
    cat <<EOF
  upstream backend { server $backend; keepalive 512; }
  server {
    listen 127.0.0.1:$port ssl;
    $listen6
    ssl_certificate $dir/server.pem;
    ssl_certificate_key $dir/server.key;
    ssl_protocols TLSv1.3;
    ssl_session_cache shared:bench_tls:10m;
    ssl_session_tickets on;
    ssl_session_timeout 1h;
    keepalive_timeout 75s;
    keepalive_requests 1000000;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
EOF
  } > "$conf/nginx.conf"
  "$nginx_bin" -p "$conf" -c "$conf/nginx.conf" -e "$conf/error.log" 2>"$conf/stderr" &
  TLS_UPSTREAM_PID=$!
  # shellcheck disable=SC2034 # set for the caller
  TLS_UPSTREAM_PORT="$port"
  TLS_UPSTREAM_CA="$dir/ca.pem"
  local ok=0
  for _ in $(seq 100); do
    if curl -sf --cacert "$TLS_UPSTREAM_CA" "https://localhost:$port/v1/models" >/dev/null 2>&1 \
      && curl -sf --cacert "$TLS_UPSTREAM_CA" "https://127.0.0.1:$port/v1/models" >/dev/null 2>&1; then
      ok=1
      break
    fi
    kill -0 "$TLS_UPSTREAM_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ "$ok" != 1 ]; then
    cat "$conf/stderr" "$conf/error.log" >&2 2>/dev/null || true
    curl -sS --cacert "$TLS_UPSTREAM_CA" "https://localhost:$port/v1/models" -o /dev/null >&2 || true
    tls_die "the TLS upstream (nginx on port $port) did not start or does not verify (above)"
    return 1
  fi
  echo "tls upstream: https://localhost:$port (pid $TLS_UPSTREAM_PID)" >&2
}

tls_stop_upstream() {
  if [ -n "${TLS_UPSTREAM_PID:-}" ]; then
    kill "$TLS_UPSTREAM_PID" 2>/dev/null || true
    wait "$TLS_UPSTREAM_PID" 2>/dev/null || true
    TLS_UPSTREAM_PID=""
  fi
}
