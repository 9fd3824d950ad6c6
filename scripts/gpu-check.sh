#!/usr/bin/env bash
# The first thing to run on a machine with a GPU: the GPU tests (CPU vs CUDA agreement) and the
# GPU benchmarks with their CPU twins, into one JSON of figures.
#
#   bash scripts/gpu-check.sh prepare   build for the device here (CMAKE_CUDA_ARCHITECTURES,
#                                       default 90; static CUDA runtime) and pack the binaries,
#                                       the shared libraries ldd lists outside glibc, and a test
#                                       machine file into .device/pack.tgz (git-ignored, ~30 MB)
#   bash scripts/gpu-check.sh run [OUT] on the GPU machine, from the repository root (no build
#                                       tools or packages needed): runs what .device/ holds and
#                                       writes OUT/gpu-check.json (OUT default out/gpu-check)
#   bash scripts/gpu-check.sh [OUT]     both, on a machine that can build and has a GPU
#
# Without a usable device, run writes the JSON with "device": null and the tests "skipped", and
# exits 0. Exit 1 when a GPU test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
pack=.device

prepare() {
  local arch=${CMAKE_CUDA_ARCHITECTURES:-90}
  BUILD_DIR=build-gpu SRTDOSE_CUDA=ON \
    CMAKE_ARGS="-DCMAKE_CUDA_ARCHITECTURES=$arch -DSRTDOSE_PYTHON=OFF ${CMAKE_ARGS:-}" \
    bash scripts/setup.sh
  rm -rf "$pack"
  mkdir -p "$pack/bin" "$pack/lib"
  local bins=(build-gpu/srtdose build-gpu/tests/srtdose_gpu_tests build-gpu/bench/srtdose_bench)
  cp "${bins[@]}" "$pack/bin/"
  # Every shared library but glibc's and the driver's (the device machine has no packages).
  for b in "${bins[@]}"; do
    ldd "$b" | awk '/=> \// {print $3}'
  done | sort -u | grep -Ev '/(libc|libm|libdl|libpthread|librt|ld-linux[^/]*|libcuda)\.so' |
    while read -r lib; do cp -L "$lib" "$pack/lib/"; done
  # The machine file the GPU tests use (a 300 000-history ideal-6mv, as the CPU tests build).
  build-gpu/srtdose machine build ideal-6mv -o "$pack/ideal-6mv-test.h5" --histories 300000 \
    --seed 11 >/dev/null
  strip --strip-unneeded "$pack"/bin/* "$pack"/lib/* 2>/dev/null || true
  # One gzip archive (tar and gzip are on any machine): what a carry of 64 MiB takes.
  tar -czf "$pack.tgz" -C "$pack" . && rm -rf "$pack" && mkdir -p "$pack" && mv "$pack.tgz" "$pack/pack.tgz"
  echo "gpu-check: packed $(du -sh "$pack/pack.tgz" | cut -f1) into $pack/pack.tgz (carry $pack to the GPU machine)"
}

json_string() {  # stdin's last 4000 bytes as a JSON string (control characters dropped)
  local s
  s=$(tail -c 4000 | tr -d '\000-\010\013-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' |
    awk '{printf "%s\\n", $0}')
  printf '"%s"' "$s"
}

run() {
  local out=${1:-out/gpu-check}
  [[ -x "$pack/bin/srtdose" || ! -f "$pack/pack.tgz" ]] || tar -xzf "$pack/pack.tgz" -C "$pack"
  [[ -x "$pack/bin/srtdose" ]] || { echo "gpu-check: no $pack/bin; run 'prepare' first" >&2; exit 2; }
  mkdir -p "$out"
  export LD_LIBRARY_PATH="$root/$pack/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export SRTDOSE_SOURCE_DIR="$root" SRTDOSE_DATA_DIR="$root/plans"
  export SRTDOSE_TEST_MACHINE_FILE="$root/$pack/ideal-6mv-test.h5"
  "$pack/bin/srtdose" info >"$out/info.txt" 2>&1 || true
  local device=null
  if command -v nvidia-smi >/dev/null 2>&1; then
    local name
    name=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 || true)
    [[ -n "$name" ]] && device="\"$name\""
  fi

  # GPU tests: CPU vs CUDA agreement (exit 77: no usable device).
  local tests=passed rc=0
  "$pack/bin/srtdose_gpu_tests" >"$out/gpu_tests.txt" 2>&1 || rc=$?
  case $rc in
    0) tests=passed ;;
    77) tests=skipped ;;
    *) tests=failed ;;
  esac

  # Benchmarks: every CUDA benchmark and the CPU twin of each case.
  local filter='Cuda|_cuda|BM_ccc_lattice/128/12/3|BM_Gamma3dCpu/200|BM_RadiologicalDepthCpu/128|BM_pb_beam/128|BM_pb_arc_128|BM_dij_9_beams_128'
  local bench_rc=0
  if [[ $tests != skipped ]]; then
    timeout 420 "$pack/bin/srtdose_bench" --benchmark_filter="$filter" \
      --benchmark_out="$out/bench.json" --benchmark_out_format=json >"$out/bench.txt" 2>&1 ||
      bench_rc=$?
  fi
  [[ -s "$out/bench.json" ]] || echo 'null' >"$out/bench.json"

  {
    echo '{'
    echo "  \"device\": $device,"
    echo "  \"gpu_tests\": \"$tests\","
    echo "  \"gpu_tests_exit\": $rc,"
    echo "  \"gpu_tests_output\": $(json_string <"$out/gpu_tests.txt"),"
    echo "  \"srtdose_info\": $(json_string <"$out/info.txt"),"
    echo "  \"bench_exit\": $bench_rc,"
    echo "  \"benchmarks\": $(cat "$out/bench.json")"
    echo '}'
  } >"$out/gpu-check.json"
  echo "gpu-check: device ${device}; GPU tests ${tests}; figures in $out/gpu-check.json"
  [[ $tests != failed ]]
}

case "${1:-all}" in
  prepare) prepare ;;
  run) run "${2:-}" ;;
  all) prepare && run "${2:-}" ;;
  *) prepare && run "$1" ;;
esac
