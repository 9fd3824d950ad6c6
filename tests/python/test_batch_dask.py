"""srtdose.batch.check on a real dask.distributed LocalCluster of 2 worker processes: one task
per plan, results gathered into the same summary as `srtdose check`, with the same figures.
"""

import json
import os
import subprocess

import h5py
import pytest

import srtdose
import srtdose.batch

distributed = pytest.importorskip("distributed")

SRTDOSE = os.environ.get("SRTDOSE_BIN", "srtdose")

PLAN = {
    "srtdose_plan": 1,
    "name": "dask-phantom",
    "patient": {"phantom": {
        "extent_mm": {"x": [-30, 30], "y": [-30, 30], "z": [-15, 15]},
        "voxel_mm": [3, 3, 3],
        "medium": {"material": "water", "density": 1.0},
        "objects": [{"type": "sphere", "center_mm": [0, 0, 0], "radius_mm": 8,
                     "material": "water", "density": 1.0, "structure": "PTV"}]}},
    "machine": "ideal-6mv",
    "beams": [{"name": "AP", "gantry_deg": 0, "collimator_deg": 0, "couch_deg": 0,
               "isocenter_mm": [0, 0, 0], "jaws_mm": {"x": [-10, 10], "y": [-10, 10]},
               "mu": 500}],
    "prescription": {"target": "PTV", "dose_gy": 15, "fractions": 3},
    "fractions": 3,
}


def run(*args, check=True):
    return subprocess.run([SRTDOSE, *map(str, args)], check=check, capture_output=True, text=True)


def test_dask_batch_matches_the_command_line(tmp_path):
    machine = tmp_path / "m.h5"
    srtdose.build_machine("ideal-6mv", machine, histories=20000, seed=9)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    dose = srtdose.compute_dose(srtdose.Plan.from_json(plan), machine, directions=(8, 6))
    srtdose.write(tmp_path / "d.h5", dose)
    hot = srtdose.Dose(dose.array * 1.1, dose.origin_mm, dose.spacing_mm)
    srtdose.write(tmp_path / "hot.h5", hot)
    plans = tmp_path / "plans"
    run("dicom", "export-plan", plan, "-o", plans / "a", "--dose", tmp_path / "d.h5")
    run("dicom", "export-plan", plan, "-o", plans / "b", "--dose", tmp_path / "hot.h5")

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        summary = srtdose.batch.check([plans], client=client, out=tmp_path / "dask",
                                      machine=machine, directions=(8, 6))
    assert len(summary.plans) == 2 and summary.all_passed is False
    by_status = sorted(p["status"] for p in summary.plans)
    assert by_status == ["fail", "pass"]
    written = json.loads((tmp_path / "dask" / "summary.json").read_text())
    assert [p["plan_uid"] for p in written["plans"]] == [p["plan_uid"] for p in summary.plans]

    r = run("check", plans, "--out", tmp_path / "cli", "--machine", machine, "--directions", "8x6",
            check=False)
    assert r.returncode == 5
    cli = json.loads((tmp_path / "cli" / "summary.json").read_text())
    ours = {p["plan_uid"]: p for p in written["plans"]}
    for p in cli["plans"]:
        assert ours[p["plan_uid"]]["status"] == p["status"]
        assert ours[p["plan_uid"]]["gamma_pass_pct"] == pytest.approx(p["gamma_pass_pct"])
