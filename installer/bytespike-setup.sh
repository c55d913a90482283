#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (README "Set-up"):
#   bash installer/bytespike-setup.sh run    install dependencies, build, start the console
#                                            (or bytespike-gatewayd in the foreground with no display)
#   bash installer/bytespike-setup.sh test   install dependencies, build (and the sanitizer build,
#                                            build-sanitize), run the whole test suite
# Both are idempotent: packages already present are not reinstalled, the build is incremental.
set -euo pipefail

mode="${1:-run}"
shift || true
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BYTESPIKE_BUILD_DIR:-$here/build}"
# Where the main build's "sanitizers" test looks for it (tests/CMakeLists.txt).
sanitize_build="$build-sanitize"

runtime_pkgs=(cmake ninja-build g++ pkg-config ccache git
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libqt6svg6-dev
  qtkeychain-qt6-dev libsecret-1-0 libsqlite3-dev libpq-dev libboost-dev libgl-dev sqlite3 libjemalloc-dev libssl-dev
  # Japanese and Chinese glyphs for the console (Debian's default fonts have none); a monospaced
  # face for ids in printed statements (no ligatures, so "fi" stays two letters)
  fonts-noto-cjk fonts-dejavu-core)
test_pkgs=(xvfb xauth trayer dbus dbus-x11 gnome-keyring libsecret-tools wrk curl clang-format prometheus
  # tests/bench/compare.sh (bench_smoke): nginx as the plain reverse proxy it compares against
  # (and as the TLS upstream), the openssl CLI for the https scenario's throwaway test CA
  nginx-light openssl
  # tests/gui/tst_customers.cpp reads the exported PDF statement back with pdftotext
  poppler-utils
  # the store's suites against PostgreSQL: a throwaway cluster (tests/fixtures/postgres/cluster.sh)
  postgresql-15
  # tests/package/check-package.sh: dpkg-shlibdeps, lintian, metadata validators, the unit
  # verifier, and xwininfo + ImageMagick for the console's screenshot under Xvfb
  dpkg-dev lintian appstream desktop-file-utils systemd x11-utils imagemagick
  # The sanitizer build: clang 16 with AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer
  # (libclang-rt), and llvm-symbolizer so their reports name files and lines. Not Debian's default
  # clang 14, which cannot capture a structured binding in a lambda as the code does (gcc 12 can).
  clang-16 libclang-rt-16-dev llvm-16)

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ! command -v node >/dev/null 2>&1; then missing+=(nodejs npm); fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing: ${missing[*]}"
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

configure_and_build() {
  local launcher=()
  command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DBYTESPIKE_WERROR="${BYTESPIKE_WERROR:-ON}" "${launcher[@]}" >/dev/null
  fi
  cmake --build "$build" -j"$(nproc)"
}

# The sanitizer build (docs/architecture.md, "Fuzzing and sanitizers"): clang, ASan + UBSan, the
# fuzz targets, and only the unit, integration and fuzz tests, which the main build's ctest runs
# as its "sanitizers" entry (tests/sanitizers/run-tests.sh).
configure_and_build_sanitizers() {
  local launcher=()
  command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  if [ ! -f "$sanitize_build/build.ninja" ]; then
    cmake -S "$here" -B "$sanitize_build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-16 \
      -DBYTESPIKE_SANITIZE=ON -DBYTESPIKE_FUZZ=ON -DBYTESPIKE_BUILD_CONSOLE=OFF -DBYTESPIKE_JEMALLOC=OFF \
      -DBYTESPIKE_DELIVERY_TESTS=OFF -DBYTESPIKE_WERROR="${BYTESPIKE_WERROR:-ON}" "${launcher[@]}" >/dev/null
  fi
  cmake --build "$sanitize_build" -j"$(nproc)"
}

npm_install() {
  # The conformance suite uses the official SDKs; the lock file pins them.
  (cd "$here/tests/conformance" && { [ -d node_modules ] && [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; })
  # The benchmark (tests/bench/compare.sh, bench_smoke) compares against the Portkey gateway,
  # pinned by its own lock file.
  (cd "$here/tests/bench/portkey" && { [ -d node_modules ] && [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; })
  # The OpenAPI check (tests/openapi) validates docs/openapi.json with a pinned schema validator.
  (cd "$here/tests/openapi" && { [ -d node_modules ] && [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; })
}

case "$mode" in
  run)
    install_packages "${runtime_pkgs[@]}"
    configure_and_build
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      exec "$build/app/console/bytespike-console" "$@"
    fi
    echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): running bytespike-gatewayd in the foreground instead."
    exec "$build/app/gatewayd/bytespike-gatewayd" "$@"
    ;;
  test)
    install_packages "${runtime_pkgs[@]}" "${test_pkgs[@]}"
    configure_and_build
    configure_and_build_sanitizers
    npm_install
    # Tests get a private D-Bus session with an unlocked gnome-keyring (the real Secret Service)
    # and the offscreen Qt platform. ctest's summary line is the last thing printed.
    export QT_QPA_PLATFORM=offscreen
    exec dbus-run-session -- bash -c '
      eval "$(printf "\n" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" >/dev/null
      export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
      exec ctest --test-dir "$0" --output-on-failure --no-label-summary -j2 --timeout 600
    ' "$build"
    ;;
  *)
    echo "usage: $0 run|test [gateway flags...]" >&2
    exit 2
    ;;
esac
