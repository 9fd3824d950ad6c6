#!/usr/bin/env bash
# Sets up, builds, and runs srtdose on a built-in example plan (a lung SBRT phantom).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bin=${BUILD_DIR:-build}/srtdose
mkdir -p out
"$bin" info
echo
"$bin" phantom plans/examples/lung_tumour.json -o out/lung_tumour_patient.h5
echo
"$bin" depth plans/examples/lung_tumour.json -o out/lung_tumour_depth.h5 --device auto
echo
echo "Outputs: $(pwd)/out/lung_tumour_patient.h5 (density, materials, structures)"
echo "         $(pwd)/out/lung_tumour_depth.h5 (radiological depth per beam)"
