#!/usr/bin/env bash
# Sets up, builds and runs every test:
#  1. the release build's CTest suite (GPU tests report "skipped" without a device);
#  2. the source format check (clang-format, the committed .clang-format);
#  3. a second build with AddressSanitizer and UndefinedBehaviorSanitizer (clang, CUDA and
#     Python off, in build-sanitize): the tests that take under 10 s in release, the CLI
#     end-to-end test and the bad-input suite (tests/robustness), any report failing the run;
#     and the fuzz harnesses (tests/fuzz) for a bounded time each (SRTDOSE_FUZZ_SECONDS, 60).
# SRTDOSE_TEST_QUICK=1 runs 1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
bash scripts/setup.sh
(cd "${BUILD_DIR:-build}" && ctest --output-on-failure -j "$(nproc)")
echo "test: release suite done after $((SECONDS - t0)) s"
[[ "${SRTDOSE_TEST_QUICK:-0}" == 1 ]] && exit 0

bash scripts/check-format.sh

BUILD_DIR=build-sanitize SRTDOSE_CUDA=OFF CMAKE_ARGS="-DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DSRTDOSE_SANITIZE=address,undefined \
  -DSRTDOSE_FUZZ=ON -DSRTDOSE_BENCH=OFF -DSRTDOSE_PYTHON=OFF" bash scripts/setup.sh
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
machine=$(ls "${BUILD_DIR:-build}"/tests/cache/ideal-6mv-300k-seed11-*.h5 2>/dev/null | head -n 1 || true)
[[ -n "$machine" ]] && export SRTDOSE_TEST_MACHINE_FILE="$PWD/$machine"
(cd build-sanitize && ctest --output-on-failure -j "$(nproc)")
echo "test: sanitizer build and fuzzers done after $((SECONDS - t0)) s"
