#!/usr/bin/env bash
# `PROGRAM --version` prints exactly "NAME VERSION_STRING", the version the build took from
# git describe (cmake/BytespikeVersion.cmake), on standard output, and that contains the project
# version.
# usage: check-version.sh PROGRAM NAME VERSION_STRING PROJECT_VERSION
set -euo pipefail
program=$1 name=$2 expected=$3 project_version=$4
code=0
printed=$("$program" --version) || code=$? # stderr (Qt notices) goes to the log
[ "$code" -eq 0 ] || { echo "FAIL: $program --version exited $code: $printed"; exit 1; }
[ "$printed" = "$name $expected" ] || { echo "FAIL: printed \"$printed\", want \"$name $expected\""; exit 1; }
[[ "$printed" == *"$project_version"* ]] || { echo "FAIL: \"$printed\" lacks $project_version"; exit 1; }
echo "$printed"
