"""srtdose's DICOM RT import and export checked against pydicom (code we did not write) on the
RT Plan, RT Dose, RT Structure Set and CT test files that the pydicom package ships, field by
field, plus the exported RT Dose read back by pydicom and verified by dicom3tools' dciodvfy.
"""

import json
import os
import pathlib
import shutil
import subprocess

import h5py
import numpy as np
import pydicom
import pydicom.data
import pytest

SRTDOSE = os.environ.get("SRTDOSE_BIN", "srtdose")
FILES = pathlib.Path(pydicom.data.get_testdata_file("rtplan.dcm")).parent


def run(*args, check=True):
    return subprocess.run([SRTDOSE, *map(str, args)], check=check, capture_output=True, text=True)


def folder_with(tmp_path, *names):
    d = tmp_path / "dicom"
    d.mkdir()
    for n in names:
        shutil.copy(FILES / n, d / n)
    return d


def test_rtplan_fields(tmp_path):
    d = folder_with(tmp_path, "rtplan.dcm")
    out = tmp_path / "plan.json"
    run("dicom", "import", d, "-o", out)
    plan = json.loads(out.read_text())
    ds = pydicom.dcmread(FILES / "rtplan.dcm")
    assert plan["fractions"] == int(ds.FractionGroupSequence[0].NumberOfFractionsPlanned)
    assert plan["name"] == ds.RTPlanLabel
    # A 6 MV beam of an unknown linac ("unit001") maps to the generic clinical model, never to
    # the idealised source.
    assert ds.BeamSequence[0].TreatmentMachineName == "unit001"
    assert plan["machine"] == "generic-6mv"
    assert plan["patient"]["position"] == ds.PatientSetupSequence[0].PatientPosition
    meterset = {int(r.ReferencedBeamNumber): float(r.BeamMeterset)
                for r in ds.FractionGroupSequence[0].ReferencedBeamSequence}
    assert len(plan["beams"]) == len(ds.BeamSequence)
    for ours, theirs in zip(plan["beams"], ds.BeamSequence):
        cp = theirs.ControlPointSequence[0]
        assert ours["name"] == theirs.BeamName
        assert ours["mu"] == pytest.approx(meterset[int(theirs.BeamNumber)])
        assert ours["gantry_deg"] == pytest.approx(float(cp.GantryAngle))
        assert ours["collimator_deg"] == pytest.approx(float(cp.BeamLimitingDeviceAngle))
        assert ours["couch_deg"] == pytest.approx(float(cp.PatientSupportAngle))
        assert ours["isocenter_mm"] == pytest.approx([float(v) for v in cp.IsocenterPosition])
        assert ours["sad_mm"] == pytest.approx(float(theirs.SourceAxisDistance))
        jaws = {p.RTBeamLimitingDeviceType: [float(v) for v in p.LeafJawPositions]
                for p in cp.BeamLimitingDevicePositionSequence}
        assert ours["jaws_mm"]["x"] == pytest.approx(jaws.get("X", jaws.get("ASYMX")))
        assert ours["jaws_mm"]["y"] == pytest.approx(jaws.get("Y", jaws.get("ASYMY")))


@pytest.mark.parametrize("name", ["rtdose.dcm", "rtdose_rle.dcm", "rtdose_1frame.dcm"])
def test_rtdose_values_and_geometry(tmp_path, name):
    out = tmp_path / "dose.h5"
    run("dicom", "import-dose", FILES / name, "-o", out)
    ds = pydicom.dcmread(FILES / name)
    expected = ds.pixel_array.astype(np.float64) * float(ds.DoseGridScaling)
    if expected.ndim == 2:
        expected = expected[np.newaxis]
    with h5py.File(out) as f:
        ours = f["/dose"][...]
        origin = f["/dose"].attrs["origin_mm"]
        spacing = f["/dose"].attrs["spacing_mm"]
    offsets = [float(v) for v in ds.GridFrameOffsetVector] if "GridFrameOffsetVector" in ds else [0]
    assert ours.shape == expected.shape  # (frames, rows, columns): axial, rows along +y
    np.testing.assert_allclose(ours, expected, rtol=1e-6, atol=1e-9)
    assert origin == pytest.approx([float(v) for v in ds.ImagePositionPatient])
    assert spacing[0] == pytest.approx(float(ds.PixelSpacing[1]))
    assert spacing[1] == pytest.approx(float(ds.PixelSpacing[0]))
    if expected.shape[0] > 1:
        assert spacing[2] == pytest.approx(offsets[1] - offsets[0])


def test_ct_hounsfield_units(tmp_path):
    d = folder_with(tmp_path, "CT_small.dcm")
    out = tmp_path / "ct.h5"
    run("dicom", "import-ct", d, "-o", out)
    ds = pydicom.dcmread(FILES / "CT_small.dcm")
    hu = ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    with h5py.File(out) as f:
        ours = f["/hu"][...]
        origin = f["/hu"].attrs["origin_mm"]
        assert f["/hu"].attrs["patient_position"].decode() if isinstance(
            f["/hu"].attrs["patient_position"], bytes) else True
    np.testing.assert_allclose(ours[0], hu)
    assert origin == pytest.approx([float(v) for v in ds.ImagePositionPatient], abs=1e-4)


def test_rtstruct_rois(tmp_path):
    d = folder_with(tmp_path, "rtstruct.dcm")
    listing = run("dicom", "list", d).stdout
    ds = pydicom.dcmread(FILES / "rtstruct.dcm", force=True)
    # Volume contours only: POINT contours (isocentre markers) enclose nothing.
    contours = {int(rc.ReferencedROINumber):
                sum(c.ContourGeometricType != "POINT" for c in getattr(rc, "ContourSequence", []))
                for rc in ds.ROIContourSequence}
    for roi in ds.StructureSetROISequence:
        n = contours.get(int(roi.ROINumber), 0)
        assert f'ROI {int(roi.ROINumber)} "{roi.ROIName}": {n} contour(s)' in listing


def test_exported_rt_dose_reads_back_and_validates(tmp_path):
    # An srtdose dose: import the pydicom RT Dose (relative units are fine for a format test).
    h5 = tmp_path / "dose.h5"
    run("dicom", "import-dose", FILES / "rtdose.dcm", "-o", h5)
    rd = tmp_path / "RD.dcm"
    plan_dir = folder_with(tmp_path, "rtplan.dcm")
    run("dicom", "export-dose", h5, "-o", rd, "--dicom-dir", plan_dir)
    ds = pydicom.dcmread(rd)
    plan = pydicom.dcmread(FILES / "rtplan.dcm")
    assert ds.ReferencedRTPlanSequence[0].ReferencedSOPInstanceUID == plan.SOPInstanceUID
    assert ds.StudyInstanceUID == plan.StudyInstanceUID
    if "FrameOfReferenceUID" in plan:
        assert ds.FrameOfReferenceUID == plan.FrameOfReferenceUID
    assert ds.Modality == "RTDOSE"
    assert ds.DoseUnits == "GY" and ds.DoseSummationType == "PLAN"
    with h5py.File(h5) as f:
        src = f["/dose"][...]
    back = ds.pixel_array.astype(np.float64) * float(ds.DoseGridScaling)
    np.testing.assert_allclose(back, src, atol=src.max() / 65535 * 0.5 + 1e-12)
    if shutil.which("dciodvfy"):
        v = subprocess.run(["dciodvfy", str(rd)], capture_output=True, text=True)
        report = v.stdout + v.stderr
        assert v.returncode == 0, report
        assert "RTDose" in report  # it recognised the IOD and checked it
        errors = [l for l in report.splitlines() if l.startswith("Error")]
        assert errors == [], report


def test_malformed_files_give_clear_errors(tmp_path):
    d = folder_with(tmp_path, "rtplan_truncated.dcm")
    r = run("dicom", "import", d, "-o", tmp_path / "p.json", check=False)
    assert r.returncode != 0
    assert "no RT Plan" in r.stderr
    assert not (tmp_path / "p.json").exists()
    r = run("dicom", "import-dose", FILES / "rtplan_truncated.dcm", "-o", tmp_path / "d.h5",
            check=False)
    assert r.returncode != 0 and "rtplan_truncated.dcm" in r.stderr
    r = run("dicom", "import-dose", FILES / "CT_small.dcm", "-o", tmp_path / "d.h5", check=False)
    assert r.returncode != 0 and "expected RTDOSE" in r.stderr
    assert not (tmp_path / "d.h5").exists()
    text = tmp_path / "notes.dcm"
    text.write_text("not DICOM at all\n")
    r = run("dicom", "import-dose", text, "-o", tmp_path / "d.h5", check=False)
    assert r.returncode != 0 and "notes.dcm" in r.stderr


DICOMPYLER = (pathlib.Path(__file__).resolve().parents[1] / "data" / "dicom"
              / "dicompyler-core-example")


def test_foreign_imrt_plan_and_structures(tmp_path):
    """dicompyler-core's example (another planning system): a 10 MV dynamic-MLC IMRT plan of
    4 beams with 92-103 control points, 10 ROIs. Read control point by control point."""
    d = tmp_path / "dicom"
    shutil.copytree(DICOMPYLER, d)
    # The plan mixes 10 MV and 6 MV beams: map both to the one machine that exists, for a
    # parser test.
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"srtdose_dicom_machines": 1, "machines": [
        {"treatment_machine": "*", "energy_mv": e, "fluence": "STANDARD",
         "machine": "ideal-6mv"} for e in (6, 10)]}))
    # The shipped map sends the 10 MV beams to generic-10mv and the 6 MV ones to generic-6mv:
    # two machines in one plan are refused (so far).
    r = run("dicom", "import", d, "-o", tmp_path / "p.json", check=False)
    assert r.returncode == 1 and "beams map to different machines" in r.stderr
    assert "generic-10mv" in r.stderr and "generic-6mv" in r.stderr
    # A map without a 10 MV rule: the beam's error says how to add one.
    only6 = tmp_path / "only6.json"
    only6.write_text(json.dumps({"srtdose_dicom_machines": 1, "machines": [
        {"treatment_machine": "*", "energy_mv": 6, "fluence": "STANDARD",
         "machine": "generic-6mv"}]}))
    r = run("dicom", "import", d, "-o", tmp_path / "p.json", "--machine-map", only6, check=False)
    assert r.returncode == 1 and "10 MV STANDARD matches no rule" in r.stderr
    # The error says how to add the linac: which file to copy, the rule's keys, the flag.
    assert "dicom-machines.json" in r.stderr and '"energy_mv": 10' in r.stderr
    assert '"fluence": "STANDARD"' in r.stderr and "--machine-map" in r.stderr
    run("dicom", "import", d, "-o", tmp_path / "p.json", "--machine-map", mapping)
    plan = json.loads((tmp_path / "p.json").read_text())
    ds = pydicom.dcmread(DICOMPYLER / "rtplan.dcm")
    assert plan["fractions"] == int(ds.FractionGroupSequence[0].NumberOfFractionsPlanned)
    assert len(plan["beams"]) == len(ds.BeamSequence)
    for ours, theirs in zip(plan["beams"], ds.BeamSequence):
        cps = theirs.ControlPointSequence
        assert ours["name"] == theirs.BeamName
        assert len(ours["control_points"]) == len(cps)
        final = float(theirs.FinalCumulativeMetersetWeight)
        state = {}
        for cp_ours, cp in zip(ours["control_points"], cps):
            assert cp_ours["meterset_weight"] == pytest.approx(float(cp.CumulativeMetersetWeight) / final)
            for p in getattr(cp, "BeamLimitingDevicePositionSequence", []):
                state[p.RTBeamLimitingDeviceType] = [float(v) for v in p.LeafJawPositions]
            n = len(state["MLCX"]) // 2
            assert cp_ours["mlc"]["a_mm"] == pytest.approx(state["MLCX"][:n])
            assert cp_ours["mlc"]["b_mm"] == pytest.approx(state["MLCX"][n:])
            assert cp_ours["jaws_mm"]["x"] == pytest.approx(state["ASYMX"])
            assert cp_ours["jaws_mm"]["y"] == pytest.approx(state["ASYMY"])
            assert cp_ours["gantry_deg"] == pytest.approx(float(cps[0].GantryAngle))
    listing = run("dicom", "list", d).stdout
    rs = pydicom.dcmread(DICOMPYLER / "rtss.dcm")
    contours = {int(rc.ReferencedROINumber):
                sum(c.ContourGeometricType != "POINT" for c in getattr(rc, "ContourSequence", []))
                for rc in rs.ROIContourSequence}
    for roi in rs.StructureSetROISequence:
        n = contours.get(int(roi.ROINumber), 0)
        assert f'ROI {int(roi.ROINumber)} "{roi.ROIName}": {n} contour(s)' in listing
