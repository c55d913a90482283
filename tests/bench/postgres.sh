#!/usr/bin/env bash
# Benchmark (run by hand; not a timed test): billed requests on one bytespike-gatewayd with its
# ledger on SQLite against the same on PostgreSQL, and against several instances sharing one
# PostgreSQL database behind nginx (round robin), alternating within each round on one fast mock.
#
#   tests/bench/postgres.sh [--build DIR] [--runs 3] [--duration 5s] [--cells "32:false 32:true"]
#                           [--instances "1 2 3"]
#
# The PostgreSQL cluster is made for the run in a temporary directory (Unix socket only) with the
# settings an operator keeps: fsync and synchronous_commit on, so each COMMIT waits for its WAL
# flush as SQLite's writer waits for its syncer. pg_stat_statements counts what the gateway asks.
# Per cell: requests answered per second (wrk, 2xx only), billed requests per second (those
# requests over the time from the cell's start until the last of them has its debit: the ledger
# writer settles behind the answers), the 529s the gateway answered while its writer was more than
# BYTESPIKE_SETTLE_BACKLOG settlements behind, p50, the gateway's CPU per billed request and, on
# PostgreSQL, the server's CPU per billed request (all its processes), the statements (round
# trips) and the committed transactions per billed request. CPU is counted until the last
# settlement; with several instances, gateway_cpu is all of them together and nginx's is not
# counted. Every process shares the machine's cores, so more instances cannot mean more
# throughput here: the figures show what leases cost, not how far they scale.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$here/tests/bench"
build="$here/build" runs=3 duration=5s cells="32:false 32:true" instances="1"
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --cells) cells="$2"; shift ;;
    --instances) instances="$2"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "postgres.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
die() { echo "postgres.sh: $*" >&2; exit 1; }
gatewayd="$build/app/gatewayd/bytespike-gatewayd"
[ -x "$gatewayd" ] || die "no bytespike-gatewayd at $gatewayd (build first, or pass --build DIR)"
for tool in wrk node curl psql nginx; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
# shellcheck source=tests/bench/common.sh
source "$bench/common.sh"
bench_work_dir
cluster="$here/tests/fixtures/postgres/cluster.sh"
pg="$work/pg"
chmod 755 "$work" # as root, the server runs as postgres, which must reach its directory
stop_cluster() { "$cluster" stop "$pg" >/dev/null 2>&1 || true; bench_cleanup; }
trap stop_cluster EXIT

# The test cluster's script, then durable settings over its fast ones (a restart applies them).
uri="$("$cluster" start "$pg")"
psql -q "$uri" -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
  -c "ALTER SYSTEM SET full_page_writes = on" -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_postgres /usr/lib/postgresql/15/bin/pg_ctl -D "$pg/data" -w -m fast restart \
  -o "-c listen_addresses='' -k $pg" > /dev/null
psql -q "$uri" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
server_pid="$(head -1 "$pg/data/postmaster.pid")"

node "$here/tests/fixtures/mock-upstream/server.js" --port 0 --fast > "$work/mock.out" 2>/dev/null &
wait_for "$work/mock.out" listening "the mock upstream" $!
mock="$(sed -n 's/.*listening on //p' "$work/mock.out")"
export BYTESPIKE_ADMIN_TOKEN=bench-admin MOCK_UPSTREAM_KEY=sk-bench

start_gateway() { # engine [instances] -> sets gw (nginx's URL when several), key, pids, database
  local n="${2:-1}" i
  rm -rf "$work"/data* "$work"/gw*.out "$work/nginx"
  database=sqlite
  if [ "$1" = postgres ]; then
    dbname="bench_$RANDOM$RANDOM"
    psql -q "$uri" -c "CREATE DATABASE $dbname"
    database="${uri/\/postgres\?//$dbname?}"
  fi
  pids=() urls=()
  for i in $(seq "$n"); do
    mkdir -p "$work/data$i"
    if [ "$i" -gt 1 ]; then cp "$work/data1/key-pepper" "$work/data$i/"; fi
    "$gatewayd" --data-dir "$work/data$i" --database "$database" --listen 127.0.0.1:0 --log-level error \
      > "$work/gw$i.out" 2>"$work/gw$i.err" &
    pids+=($!)
    wait_for "$work/gw$i.out" listening "bytespike-gatewayd ($1, instance $i)" "${pids[-1]}"
    urls+=("$(sed -n 's/listening on //p' "$work/gw$i.out")")
    if [ "$i" -eq 1 ]; then add_mock_channel "${urls[0]}" "$mock"; fi
  done
  gw="${urls[0]}"
  key="$(cat "$work/data1/demo-key")"
  if [ "$n" -gt 1 ]; then
    mkdir -p "$work/nginx"
    local port
    port="$(free_port)"
    {
      nginx_head "$work/nginx"
      echo "  upstream gateways {"
      for i in "${urls[@]}"; do echo "    server ${i#http://};"; done
      echo "    keepalive 64;"
      echo "  }"
      echo "  server { listen 127.0.0.1:$port; location / { proxy_pass http://gateways; proxy_http_version 1.1;"
      echo "    proxy_set_header Connection \"\"; proxy_buffering off; } }"
      echo "}"
    } > "$work/nginx/nginx.conf"
    nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
    nginx_pid=$!
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.05; done
    gw="http://127.0.0.1:$port"
  fi
}
stop_gateways() {
  kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
  if [ -n "${nginx_pid:-}" ]; then kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=; fi
}

drive() { drive_bench "$gw" "$key" "$@"; } # connections stream duration

ticks() { # pids... -> their CPU ticks, threads and (for the server) its children included
  local total=0 p t
  for p in "$@"; do
    for t in /proc/"$p"/task/*/stat; do total=$((total + $(awk '{print $14 + $15}' "$t" 2>/dev/null || echo 0))); done
  done
  echo "$total"
}
server_ticks() { # the postmaster and every backend, living and (through cutime/cstime) ended
  # shellcheck disable=SC2046 # one pid per word
  echo $(( $(ticks "$server_pid" $(ps -o pid= --ppid "$server_pid")) + $(awk '{print $16 + $17}' "/proc/$server_pid/stat") ))
}
statements() { # statements the gateway's database ran since the last reset
  psql -qtA "$uri" -c "SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
    WHERE d.datname = '$dbname'"
}
commits() { # transactions committed in the gateway's database so far
  psql -qtA "$uri" -c "SELECT pg_stat_clear_snapshot(); SELECT xact_commit FROM pg_stat_database WHERE datname = '$dbname'" | tail -1
}
debits() { # debits in the ledger
  local sql="SELECT count(*) FROM ledger_entries WHERE kind = 'debit'"
  if [ "$database" = sqlite ]; then sqlite3 "$work/data1/bytespike.db" "$sql"; else psql -qtA "$database" -c "$sql"; fi
}
now() { date +%s.%N; }

hz="$(getconf CLK_TCK)"
echo "# $runs round(s), cells of $duration; CPU in us per request"
setups="sqlite"
for n in $instances; do setups+=" postgres:$n"; done
for round in $(seq "$runs"); do
  for setup in $setups; do
    engine="${setup%%:*}" n=1
    if [ "$engine" = postgres ]; then n="${setup#*:}"; fi
    start_gateway "$engine" "$n"
    drive 32 false 2s
    for cell in $cells; do
      if [ "$engine" = postgres ]; then psql -qtA "$uri" -c "SELECT pg_stat_statements_reset()" >/dev/null; x0="$(commits)"; fi
      debits0="$(debits)" g0="$(ticks "${pids[@]}")" s0="$(server_ticks)" t0="$(now)"
      drive "${cell%:*}" "${cell#*:}" "$duration"
      refused="$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")"
      requests=$(( $(awk '/requests in/ {print $1}' "$work/wrk.txt") - ${refused:-0} ))
      for _ in $(seq 1200); do [ "$(debits)" -ge $((debits0 + requests)) ] && break; sleep 0.05; done
      t1="$(now)" g1="$(ticks "${pids[@]}")" s1="$(server_ticks)"
      [ "$(debits)" -ge $((debits0 + requests)) ] || die "$engine: the ledger did not bill the cell's requests within 60 s"
      rps="$(awk -v r="$requests" -v d="${duration%s}" 'BEGIN {printf "%.0f", r / d}')"
      p50="$(awk '$1=="50%" {print $2}' "$work/wrk.txt")"
      billed="$(awk -v r="$requests" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", r / (b - a)}')"
      line="round $round $engine instances=$n c${cell%:*} stream=${cell#*:} answered/s=$rps billed/s=$billed"
      line+=" 529s=${refused:-0}"
      line+=" p50=$p50"
      line+=" gateway_cpu=$(( (g1 - g0) * 1000000 / hz / requests ))"
      if [ "$engine" = postgres ]; then
        line+=" server_cpu=$(( (s1 - s0) * 1000000 / hz / requests ))"
        line+=" statements/req=$(awk -v s="$(statements)" -v r="$requests" 'BEGIN {printf "%.2f", s / r}')"
        line+=" transactions/req=$(awk -v a="$x0" -v b="$(commits)" -v r="$requests" 'BEGIN {printf "%.2f", (b - a) / r}')"
      fi
      echo "$line"
    done
    stop_gateways
  done
done
