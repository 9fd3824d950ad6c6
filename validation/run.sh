#!/usr/bin/env bash
# Regenerates the validation report: both engines on the Monte Carlo cases with the committed
# ideal-6mv machine file (plans/machines/ideal-6mv.h5, 3.6 million kernel histories).
# --rebuild: rebuild the machine file from its spec first (about 4 minutes on 2 cores);
# --quick: a 300 000-history machine file instead (about 20 s).
# Output: out/validation/report.md (+ SVG plots, summary.json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build=${BUILD_DIR:-build}
out=out/validation
mkdir -p "$out"
machine=plans/machines/ideal-6mv.h5
case "${1:-}" in
  --rebuild) "$build/srtdose" machine build ideal-6mv -o "$out/ideal-6mv.h5"; machine="$out/ideal-6mv.h5" ;;
  --quick) "$build/srtdose" machine build ideal-6mv -o "$out/ideal-6mv.h5" --histories 300000
           machine="$out/ideal-6mv.h5" ;;
  "") ;;
  *) echo "usage: validation/run.sh [--rebuild | --quick]" >&2; exit 2 ;;
esac
"$build/validation/srtdose_validate" "$machine" "$out" validation/reference
echo "report: $(pwd)/$out/report.md"
