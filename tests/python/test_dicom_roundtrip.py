"""DICOM round trip: a phantom plan written as DICOM by srtdose (CT, RT Structure Set, RT Plan,
RT Dose), each object verified by dicom3tools' dciodvfy and read by pydicom, imported back,
and re-computed: same geometry, same structures, same dose.
"""

import json
import os
import shutil
import subprocess

import h5py
import numpy as np
import pydicom
import pytest

SRTDOSE = os.environ.get("SRTDOSE_BIN", "srtdose")

PLAN = {
    "srtdose_plan": 1,
    "name": "dicom-roundtrip",
    "patient": {"phantom": {
        "extent_mm": {"x": [-45, 45], "y": [-45, 45], "z": [-30, 30]},
        "voxel_mm": [3, 3, 3],
        "medium": {"material": "water", "density": 1.0},
        "objects": [
            {"type": "box", "min_mm": [-45, -15, -30], "max_mm": [45, 15, 30],
             "material": "lung", "density": 0.26, "structure": "LUNG"},
            {"type": "sphere", "center_mm": [0, 0, 0], "radius_mm": 12,
             "material": "water", "density": 1.0, "structure": "PTV"}]}},
    "machine": "ideal-6mv",
    "beams": [
        {"name": "AP", "gantry_deg": 0, "collimator_deg": 10, "couch_deg": 0,
         "isocenter_mm": [0, 0, 0], "jaws_mm": {"x": [-15, 15], "y": [-12, 14]}, "mu": 300},
        {"name": "ARC", "collimator_deg": 0, "couch_deg": 0, "isocenter_mm": [0, 0, 0],
         "arc": {"start_deg": 200, "stop_deg": 300, "direction": "CW", "spacing_deg": 20},
         "cone_mm": 20, "mu": 500},
    ],
    "fractions": 3,
}


def run(*args):
    return subprocess.run([SRTDOSE, *map(str, args)], check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def machine(tmp_path_factory):
    m = tmp_path_factory.mktemp("machine") / "m.h5"
    run("machine", "build", "ideal-6mv", "-o", m, "--histories", "20000", "--seed", "3")
    return m


def test_roundtrip(tmp_path, machine):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    dose = tmp_path / "dose.h5"
    run("dose", plan, "-o", dose, "--machine", machine, "--directions", "8x6")
    out = tmp_path / "dicom"
    run("dicom", "export-plan", plan, "-o", out, "--dose", dose)

    # Every object conforms (dciodvfy) and reads in pydicom.
    files = sorted(out.iterdir())
    cts = [f for f in files if f.name.startswith("CT_")]
    assert len(cts) == 20
    for f in [cts[0], out / "RS.dcm", out / "RP.dcm", out / "RD.dcm"]:
        ds = pydicom.dcmread(f)
        assert ds.FrameOfReferenceUID == pydicom.dcmread(cts[0]).FrameOfReferenceUID
        if shutil.which("dciodvfy"):
            v = subprocess.run(["dciodvfy", str(f)], capture_output=True, text=True)
            errors = [l for l in (v.stdout + v.stderr).splitlines() if l.startswith("Error")]
            assert v.returncode == 0 and errors == [], f"{f.name}:\n" + v.stdout + v.stderr
    rp = pydicom.dcmread(out / "RP.dcm")
    assert rp.FractionGroupSequence[0].NumberOfFractionsPlanned == 3
    arc = rp.BeamSequence[1]
    assert arc.BeamType == "DYNAMIC" and len(arc.ControlPointSequence) == 6
    assert arc.ApplicatorSequence[0].ApplicatorType == "STEREOTACTIC"
    rs = pydicom.dcmread(out / "RS.dcm")
    assert [r.ROIName for r in rs.StructureSetROISequence] == ["LUNG", "PTV"]

    # Import: the same plan back.
    plan2 = tmp_path / "plan2.json"
    tps = tmp_path / "tps.h5"
    run("dicom", "import", out, "-o", plan2, "--tps-dose", tps, "--dose-grid", "ct")
    p2 = json.loads(plan2.read_text())
    assert p2["fractions"] == 3 and p2["machine"] == "ideal-6mv"
    ap, arc2 = p2["beams"]
    assert ap["gantry_deg"] == 0 and ap["collimator_deg"] == 10 and ap["mu"] == 300
    assert ap["jaws_mm"] == {"x": [-15, 15], "y": [-12, 14]}
    assert [c["gantry_deg"] for c in arc2["control_points"]] == [200, 220, 240, 260, 280, 300]
    assert arc2["control_points"][0]["cone_mm"] == 20 and arc2["mu"] == 500
    # Jaws written for DICOM (type 1) 5 mm outside the cone.
    assert arc2["control_points"][0]["jaws_mm"] == {"x": [-15, 15], "y": [-15, 15]}

    # The RT Dose comes back within its 16-bit step; the re-computed dose agrees.
    with h5py.File(dose) as f:
        d1 = f["/dose"][...]
        origin1 = f["/dose"].attrs["origin_mm"]
    with h5py.File(tps) as f:
        np.testing.assert_allclose(f["/dose"][...], d1, atol=d1.max() / 65535)
        assert f["/dose"].attrs["origin_mm"] == pytest.approx(origin1)
    dose2 = tmp_path / "dose2.h5"
    run("dose", plan2, "-o", dose2, "--machine", machine, "--directions", "8x6")
    with h5py.File(dose2) as f:
        d2 = f["/dose"][...]
    assert d2.shape == d1.shape
    # CT numbers are integers (lung's 0.26 g/cm3 comes back as -741 HU = 0.259 g/cm3, -0.35 %),
    # and a CT carries no material: voxels
    # that mix lung and water are assigned a material from their density, the phantom's by
    # majority, and lung's mu/rho differs from water's by about 1 %.
    diff = np.abs(d2 - d1) / d1.max()
    assert diff.max() < 0.015
    assert diff[d1 > 0.1 * d1.max()].mean() < 0.004

    # Structures: the PTV sphere (12 mm radius, 7.24 cm3) within the slice discretisation.
    report = run("dvh", dose2, "--plan", plan2).stdout
    ptv = next(l for l in report.splitlines() if l.startswith("PTV"))
    assert float(ptv.split()[1]) == pytest.approx(4 / 3 * np.pi * 1.2**3, rel=0.05)
