# shellcheck shell=bash
# Shared by the benchmark scripts (sourced after they define die): a work directory removed at
# exit with every process the script started, and waiting for a process to say it listens.
#   bench_work_dir            # sets work, installs the EXIT/INT/TERM traps
#   wait_for FILE PATTERN WHAT PID
#   free_port                 # a free loopback port
#   nginx_head DIR            # the start of an nginx configuration living in DIR

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
