# shellcheck shell=bash
# Shared by the benchmark scripts (sourced after they define die): a work directory removed at
# exit with every process the script started, and waiting for a process to say it listens.
#   bench_work_dir            # sets work, installs the EXIT/INT/TERM traps
#   wait_for FILE PATTERN WHAT PID
#   free_port                 # a free loopback port
#   nginx_head DIR            # the start of an nginx configuration living in DIR
#   add_mock_channel GW MOCK  # an anthropic channel "mock" to the mock upstream, model "bench"
#   drive_bench GW KEY CONNS STREAM DURATION   # wrk on model "bench"; its output in $work/wrk.txt

bench_cleanup() {
  local pids
  pids="$(jobs -p)"
  # shellcheck disable=SC2086 # a list of the pids this script started
  if [ -n "$pids" ]; then kill $pids 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}

bench_work_dir() {
  work="$(mktemp -d)"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

wait_for() { # file pattern what pid
  for _ in $(seq 150); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$4" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$1" >&2 || true
  die "$3 did not start (log above)"
}

free_port() { node "$(dirname "${BASH_SOURCE[0]}")/probe.mjs" free-port; }

# An nginx configuration's start for a benchmark: in the foreground, everything under DIR (pid,
# log, temporary files), workers as the caller's user when run as root, no access log; it ends
# inside the http block, which the caller fills and closes.
nginx_head() { # dir
  if [ "$(id -u)" -eq 0 ]; then echo "user $(id -un) $(id -gn);"; fi
  cat <<EOF
worker_processes auto;
daemon off;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $1/body;
  proxy_temp_path $1/proxy;
  fastcgi_temp_path $1/fastcgi;
  uwsgi_temp_path $1/uwsgi;
  scgi_temp_path $1/scgi;
EOF
}

# The gateway at GW (admin token $BYTESPIKE_ADMIN_TOKEN, secret env:MOCK_UPSTREAM_KEY) gets an
# anthropic channel to the mock at MOCK: model "bench", one micro-dollar per million tokens.
add_mock_channel() { # gw mock
  curl -sf "$1/admin/channels" -H "Authorization: Bearer $BYTESPIKE_ADMIN_TOKEN" -H 'content-type: application/json' \
    -d "{\"name\":\"mock\",\"protocol\":\"anthropic\",\"base_url\":\"$2\",\"secret_ref\":\"env:MOCK_UPSTREAM_KEY\",
         \"models\":[{\"model\":\"bench\",\"upstream_model\":\"mock-model\",\"input_micros_per_mtok\":1,
         \"output_micros_per_mtok\":1,\"cache_write_micros_per_mtok\":1,\"cache_read_micros_per_mtok\":1}]}" >/dev/null
}

drive_bench() { # gw key connections stream duration -> wrk's output in $work/wrk.txt
  BENCH_KEY="$2" BENCH_BODY="{\"model\":\"bench\",\"max_tokens\":16,\"stream\":$4,\"messages\":[{\"role\":\"user\",\"content\":\"benchmark\"}]}" \
    wrk -t1 -c"$3" -d"$5" --latency -s "$(dirname "${BASH_SOURCE[0]}")/post.lua" "$1/v1/messages" > "$work/wrk.txt"
}
