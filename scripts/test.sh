#!/usr/bin/env bash
# Sets up, builds, and runs every test (CTest). GPU tests report "skipped" without a device.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)"
