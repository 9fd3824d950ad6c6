"""srtdose dij files read with h5py + scipy.sparse (code we did not write): D w with the
open-field weights equals the pencil-beam dose of `srtdose dose --engine pb` for the same plan.
"""

import json
import os
import subprocess

import h5py
import numpy as np
import scipy.sparse

SRTDOSE = os.environ.get("SRTDOSE_BIN", "srtdose")

PLAN = {
    "srtdose_plan": 1,
    "name": "dij-check",
    "patient": {"phantom": {
        "extent_mm": {"x": [-30, 30], "y": [-30, 30], "z": [-30, 30]},
        "voxel_mm": [3, 3, 3],
        "medium": {"material": "water", "density": 1.0},
        "objects": [{"type": "box", "min_mm": [-30, -10, -30], "max_mm": [30, 10, 30],
                     "material": "lung", "density": 0.3}]}},
    "machine": "ideal-6mv",
    "beams": [
        {"name": "AP", "gantry_deg": 0, "collimator_deg": 0, "couch_deg": 0,
         "isocenter_mm": [0, 0, 0], "jaws_mm": {"x": [-10, 12], "y": [-8, 8]}, "mu": 100},
        {"name": "LAT", "gantry_deg": 90, "collimator_deg": 15, "couch_deg": 0,
         "isocenter_mm": [0, 0, 0], "jaws_mm": {"x": [-6, 6], "y": [-6, 6]}, "mu": 40},
    ],
    "fractions": 2,
}


def run(*args):
    subprocess.run([SRTDOSE, *args], check=True, capture_output=True)


def test_dij_times_open_weights_is_the_pb_dose(tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    machine = tmp_path / "m.h5"
    run("machine", "build", "ideal-6mv", "-o", str(machine), "--histories", "20000")
    run("dij", str(plan), "-o", str(tmp_path / "dij.h5"), "--machine", str(machine),
        "--cutoff-mm", "100", "--threshold", "0")
    run("dose", str(plan), "-o", str(tmp_path / "dose.h5"), "--machine", str(machine),
        "--engine", "pb")
    with h5py.File(tmp_path / "dij.h5") as f:
        shape = (int(f["dij/indptr"].attrs["beamlets"]), int(f["dij/indptr"].attrs["voxels"]))
        d = scipy.sparse.csr_matrix(
            (f["dij/data"][:], f["dij/indices"][:], f["dij/indptr"][:]), shape=shape)
        w = f["beamlets/open_weight"][:]
        beams = f["beamlets/beam"][:]
    with h5py.File(tmp_path / "dose.h5") as f:
        dose = f["dose"][:]
    assert set(np.unique(beams)) == {0, 1}
    dw = (d.T @ w).reshape(dose.shape)  # voxel index = (k ny + j) nx + i = C order [k][j][i]
    high = dose > 0.1 * dose.max()
    assert high.sum() > 100
    assert np.max(np.abs(dw[high] / dose[high] - 1)) < 0.005
