#!/usr/bin/env bash
# The delivery pipeline end to end (issue 9), run by ctest as `package_install`:
#   1. cpack writes the two .deb packages and the tarball;
#   2. their contents and metadata: Depends filled by dpkg-shlibdeps, the unit, man pages,
#      desktop entry, icons, metainfo, copyright and changelog; lintian reports no errors;
#      appstreamcli and desktop-file-validate accept the metadata; the man pages name every
#      flag that --help lists;
#   3. apt-get installs the .deb packages on this machine and systemd-analyze accepts the unit;
#   4. the installed /usr/bin/bytespike-gatewayd: --version, the ready line, /healthz, one
#      request through the simulator with the demo key, an online --backup while it serves and
#      the README's restore procedure (stop, copy the backup over the database, start);
#   5. the installed /usr/bin/bytespike-console under Xvfb, with a screenshot of its window.
# Installing needs root: as root it runs, with password-less sudo it uses sudo; otherwise it
# stops after step 2 and reports "skipped" (exit 77), except under CI=true where it fails.
#
# usage: check-package.sh BUILD_DIR PROJECT_VERSION
set -euo pipefail

build=$1
version=$2
out="$build/packages"
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

step() { echo "== $*"; }
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
expect_contains() { # haystack needle what
    [[ "$1" == *"$2"* ]] || fail "$3: \"$2\" not found in: $1"
}

# 1. Packages.
step "cpack"
rm -rf "$out"
mkdir -p "$out"
cpack --config "$build/CPackConfig.cmake" -B "$out" >"$work/cpack.log" 2>&1 || {
    cat "$work/cpack.log"
    fail "cpack failed"
}
arch=$(dpkg --print-architecture)
gateway_deb="$out/bytespike-gatewayd_${version}_${arch}.deb"
console_deb="$out/bytespike-console_${version}_${arch}.deb"
tarball="$out/bytespike-${version}-Linux.tar.gz"
for f in "$gateway_deb" "$console_deb" "$tarball"; do
    [ -f "$f" ] || fail "cpack did not write $f (it wrote: $(ls "$out"))"
done

# 2. What is in them.
step "package contents and metadata"
expect_files() { # listing file...
    local listing=$1
    shift
    for f in "$@"; do
        grep -qxF "$f" <<<"$listing" || fail "$f is missing; the package holds:
$listing"
    done
}
deb_files() { dpkg-deb --fsys-tarfile "$1" | tar -t | sed 's|^\./|/|'; }
expect_files "$(deb_files "$gateway_deb")" /usr/bin/bytespike-gatewayd \
    /usr/lib/systemd/user/bytespike-gatewayd.service /usr/share/man/man1/bytespike-gatewayd.1.gz \
    /usr/share/doc/bytespike-gatewayd/copyright /usr/share/doc/bytespike-gatewayd/changelog.gz
icons=()
for size in 16 32 48 64 128 256; do
    icons+=("/usr/share/icons/hicolor/${size}x${size}/apps/io.bytespike.Console.png")
done
expect_files "$(deb_files "$console_deb")" /usr/bin/bytespike-console \
    /usr/share/applications/io.bytespike.Console.desktop /usr/share/metainfo/io.bytespike.Console.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/io.bytespike.Console.svg "${icons[@]}" \
    /usr/share/man/man1/bytespike-console.1.gz /usr/share/doc/bytespike-console/copyright \
    /usr/share/doc/bytespike-console/changelog.gz
expect_files "$(tar -tzf "$tarball" | sed 's|^[^/]*/||')" bin/bytespike-gatewayd bin/bytespike-console \
    lib/systemd/user/bytespike-gatewayd.service share/applications/io.bytespike.Console.desktop
# Depends comes from dpkg-shlibdeps (the linked libraries) plus the declared platform plugins
# and, for the console, the CJK font and the monospaced face of printed ids.
gateway_depends=$(dpkg-deb --field "$gateway_deb" Depends)
for lib in libqt6core6 libqt6network6 libsqlite3-0 libjemalloc2 libssl3 libc6; do
    expect_contains "$gateway_depends" "$lib" "bytespike-gatewayd Depends"
done
# The listener parses HTTP itself (Boost.Beast): Qt's HTTP server is no longer linked.
[[ "$gateway_depends" != *libqt6httpserver* ]] || fail "bytespike-gatewayd Depends still names Qt's HTTP server"
console_depends=$(dpkg-deb --field "$console_deb" Depends)
for lib in libqt6widgets6 libqt6gui6 libjemalloc2 qt6-qpa-plugins fonts-noto-cjk fonts-dejavu-core; do
    expect_contains "$console_depends" "$lib" "bytespike-console Depends"
done
for deb in "$gateway_deb" "$console_deb"; do
    # Strip: no debug sections in the shipped program.
    dpkg-deb -x "$deb" "$work/root"
done
for program in bytespike-gatewayd bytespike-console; do
    if readelf -S "$work/root/usr/bin/$program" | grep -q '\.debug_info'; then
        fail "$program is not stripped"
    fi
    zcat "$work/root/usr/share/doc/$program/changelog.gz" | head -1 | grep -qF "($version)" ||
        fail "the changelog's first entry is not version $version; add an entry to installer/changelog"
done

step "lintian"
lintian --fail-on error --tag-display-limit 0 "$gateway_deb" "$console_deb" | tee "$work/lintian.log" ||
    fail "lintian reports errors (E: lines above)"

step "appstreamcli, desktop-file-validate"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/io.bytespike.Console.metainfo.xml" ||
    fail "appstreamcli validate"
desktop-file-validate "$work/root/usr/share/applications/io.bytespike.Console.desktop" ||
    fail "desktop-file-validate"

# The man pages document every flag the programs accept (read from the built programs' --help).
step "man pages name every flag"
export QT_QPA_PLATFORM=offscreen # the console's --help needs a Qt platform, not a display
for program in bytespike-gatewayd bytespike-console; do
    page=$(zcat "$work/root/usr/share/man/man1/$program.1.gz")
    flags=$("$build/app/${program#bytespike-}/$program" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
    [ -n "$flags" ] || fail "$program --help lists no flags"
    for flag in $flags; do
        grep -qF -- "${flag//-/\\-}" <<<"$page" || fail "man page $program.1 does not document $flag"
    done
done

# 3. Install.
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
elif [ "${CI:-}" = "true" ]; then
    fail "installing the .deb needs root or password-less sudo, and CI must install it"
else
    echo "skipped: installing the .deb needs root or password-less sudo (the checks above passed)"
    exit 77
fi
step "apt-get install"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "$gateway_deb" "$console_deb" >"$work/apt.log" 2>&1 || {
    cat "$work/apt.log"
    fail "apt-get install of the packages failed"
}
for package in bytespike-gatewayd bytespike-console; do
    installed=$(dpkg-query -W -f='${Status} ${Version}' "$package")
    [ "$installed" = "install ok installed $version" ] || fail "$package: dpkg says \"$installed\""
done
mkdir -m 0700 "$work/xdg-runtime"
# --man=no: the Documentation= page is checked above; man-db may be absent.
XDG_RUNTIME_DIR="$work/xdg-runtime" systemd-analyze --user --man=no verify \
    /usr/lib/systemd/user/bytespike-gatewayd.service || fail "systemd-analyze verify of the user unit"

# 4. The installed gateway.
step "installed bytespike-gatewayd"
gatewayd=/usr/bin/bytespike-gatewayd
expect_contains "$("$gatewayd" --version)" "bytespike-gatewayd $version" "$gatewayd --version"
data="$work/data"
url=
start_gateway() {
    : >"$work/gateway.out"
    "$gatewayd" --data-dir "$data" --listen 127.0.0.1:0 >"$work/gateway.out" 2>>"$work/gateway.err" &
    gateway_pid=$!
    pids+=("$gateway_pid")
    for _ in $(seq 200); do
        url=$(sed -n 's/^listening on //p' "$work/gateway.out")
        [ -n "$url" ] && return 0
        kill -0 "$gateway_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$work/gateway.err" >&2
    fail "the installed gateway printed no ready line"
}
stop_gateway() {
    kill -TERM "$gateway_pid"
    local code=0
    wait "$gateway_pid" || code=$?
    [ "$code" -eq 0 ] || fail "the gateway exited $code after SIGTERM"
}
demo_request() { # prints the HTTP status, then the body
    curl -s -w '\n%{http_code}' "$url/v1/messages" -H "x-api-key: $(cat "$data/demo-key")" \
        -H 'anthropic-version: 2023-06-01' -H 'content-type: application/json' \
        -d '{"model":"bytespike-simulator","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}'
}
demo_posted_micros() {
    curl -sf "$url/admin/customers/cus_demo" -H "authorization: Bearer $(cat "$data/admin-token")" |
        grep -o '"posted_micros": *[0-9]*' | grep -o '[0-9]*$'
}
start_gateway
expect_contains "$(curl -sf "$url/healthz")" '"status":"ok"' "GET /healthz"
answer=$(demo_request)
[ "$(tail -1 <<<"$answer")" = 200 ] || fail "the first request did not answer 200: $answer"
expect_contains "$answer" '"type":"message"' "the simulator's answer"
expect_contains "$answer" '"output_tokens":' "the simulator's answer"
posted_at_backup=$(demo_posted_micros)
[ "$posted_at_backup" -lt 5000000 ] || fail "the request was not billed (posted $posted_at_backup)"

step "online backup and restore (README)"
"$gatewayd" --data-dir "$data" --backup "$work/backup.db" || fail "--backup while serving"
answer=$(demo_request) # spent after the backup: the restore takes it back
[ "$(tail -1 <<<"$answer")" = 200 ] || fail "the second request did not answer 200: $answer"
[ "$(demo_posted_micros)" -lt "$posted_at_backup" ] || fail "the second request was not billed"
stop_gateway
rm -f "$data/bytespike.db-wal" "$data/bytespike.db-shm"
cp "$work/backup.db" "$data/bytespike.db"
chmod 600 "$data/bytespike.db"
"$gatewayd" --data-dir "$data" --check-ledger || fail "--check-ledger on the restored database"
start_gateway
[ "$(demo_posted_micros)" = "$posted_at_backup" ] || fail "the restored balance is not the one at the backup"
stop_gateway

# 5. The installed console under Xvfb.
step "installed bytespike-console under Xvfb"
expect_contains "$(/usr/bin/bytespike-console --version)" "bytespike-console $version" "bytespike-console --version"
screenshot="$out/console-screenshot.png"
# shellcheck disable=SC2016 # expanded by the inner shell
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    set -u
    /usr/bin/bytespike-console --data-dir "$1/console-data" --listen 127.0.0.1:0 >"$1/console.log" 2>&1 &
    console=$!
    for _ in $(seq 100); do
        # The window is up and painted when its grab has more than a handful of colours.
        if xwininfo -root -tree | grep -q "\"ByteSpike\"" && import -window ByteSpike "$2" 2>/dev/null &&
            [ "$(identify -format %k "$2")" -gt 16 ]; then
            kill -TERM "$console"
            wait "$console"
            exit 0
        fi
        kill -0 "$console" 2>/dev/null || break
        sleep 0.2
    done
    kill "$console" 2>/dev/null
    cat "$1/console.log" >&2
    exit 1
' console "$work" "$screenshot" || fail "the installed console did not show its window under Xvfb"
echo "screenshot: $screenshot ($(identify -format '%wx%h, %k colours' "$screenshot"))"
echo "package_install: all checks passed"
