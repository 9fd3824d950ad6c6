#!/usr/bin/env bash
# The re-treatment example of docs/courses.md: the lung SBRT example (3 x 18 Gy) and, seven
# months later, the spine SRS example (1 x 24 Gy) in the same patient, summed in EQD2 with cord
# recovery and the spine re-irradiation limits. Computes both doses with the pencil beam
# (about 30 s on 2 cores), then runs `srtdose courses`.
# Output: out/courses-example/{sum.h5,sum.json,report.html}.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
ex=plans/examples/courses
out=out/courses-example
mkdir -p "$out"
"$build/srtdose" dose plans/examples/lung_tumour.json --engine pb -o "$ex/lung.h5"
"$build/srtdose" dose plans/examples/spine.json --engine pb -o "$ex/spine.h5"
rc=0
"$build/srtdose" courses "$ex/spine_after_lung.json" -o "$out/sum.h5" --json "$out/sum.json" \
  --report "$out/report.html" || rc=$?
echo "report: $(pwd)/$out/report.html (exit code $rc: 0 all limits pass, 5 a limit fails)"
