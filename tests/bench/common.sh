# shellcheck shell=bash
# Shared by the benchmark scripts (sourced after they define die): a work directory removed at
# exit with every process the script started, and waiting for a process to say it listens.
#   bench_work_dir            # sets work, installs the EXIT/INT/TERM traps
#   wait_for FILE PATTERN WHAT PID
#   free_port                 # a free loopback port

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
