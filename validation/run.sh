#!/usr/bin/env bash
# Regenerates the validation report: builds the ideal-6mv machine file (the spec's 3.6 million
# kernel histories, about 4 minutes on 2 cores; --quick: 300 000) and runs both engines on the
# Monte Carlo cases. Output: out/validation/report.md (+ SVG plots, summary.json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build=${BUILD_DIR:-build}
out=out/validation
mkdir -p "$out"
histories=()
[ "${1:-}" = "--quick" ] && histories=(--histories 300000)
"$build/srtdose" machine build ideal-6mv -o "$out/ideal-6mv.h5" "${histories[@]}"
"$build/validation/srtdose_validate" "$out/ideal-6mv.h5" "$out" "${SRTDOSE_REFERENCE_DIR:-../shared/reference}"
echo "report: $(pwd)/$out/report.md"
