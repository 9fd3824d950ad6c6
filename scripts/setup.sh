#!/usr/bin/env bash
# Installs what srtdose needs (Debian 12 packages) if missing, then configures and builds.
# Idempotent and quiet: a second run installs nothing and rebuilds only what changed.
# Environment: BUILD_DIR (default build), SRTDOSE_CUDA (AUTO|ON|OFF), SRTDOSE_WERROR (ON: warnings
# are errors, as in CI), CMAKE_ARGS (extra; applied at every run).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make pkg-config libeigen3-dev libhdf5-dev catch2 nlohmann-json3-dev
          libcli11-dev libbenchmark-dev python3-venv python3-dev libdcmtk-dev libpng-dev libssl-dev dicom3tools chromium
          clang clang-format libclang-rt-14-dev libomp-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  log=$(mktemp)
  if ! { "${sudo_cmd[@]}" apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
           --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup: apt-get failed" >&2
    exit 1
  fi
  rm -f "$log"
fi

# Test-only Python packages (pymedphys for the gamma cross-check) in a virtual environment.
venv=.venv
req=tests/python/requirements.txt
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$req" | cut -d' ' -f1)
if [[ ! -x "$venv/bin/python" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  echo "setup: creating the Python test environment in $venv"
  log=$(mktemp)
  if ! { python3 -m venv "$venv" && "$venv/bin/python" -m pip install -q --disable-pip-version-check \
           -r "$req"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup: pip install failed" >&2
    exit 1
  fi
  rm -f "$log"
  echo "$want" >"$stamp"
fi

build_dir=${BUILD_DIR:-build}
mkdir -p "$build_dir"
first_time=()  # the build type is set once; CMAKE_ARGS may change it
[[ -f "$build_dir/CMakeCache.txt" ]] || first_time=(-DCMAKE_BUILD_TYPE=Release)
# shellcheck disable=SC2086
cmake -S . -B "$build_dir" "${first_time[@]}" -DSRTDOSE_CUDA="${SRTDOSE_CUDA:-AUTO}" \
  -DSRTDOSE_WERROR="${SRTDOSE_WERROR:-OFF}" ${CMAKE_ARGS:-} >"$build_dir/configure.log" 2>&1 ||
  { cat "$build_dir/configure.log" >&2; exit 1; }
echo "setup: building in $build_dir"
cmake --build "$build_dir" -j "$(nproc)" >"$build_dir/build.log" 2>&1 ||
  { tail -n 60 "$build_dir/build.log" >&2; echo "setup: build failed (log: $build_dir/build.log)" >&2; exit 1; }
