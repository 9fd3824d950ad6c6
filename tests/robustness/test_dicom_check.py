"""Bad DICOM into the importer and the plan-check batch: numbers out of range are refused at
import exactly as a plan file would be; a broken plan is an error in a batch that goes on and
always writes its summary; no text reaches a report unescaped; a second run into the same
folder is refused; temporaries of a killed run are cleaned."""

import fcntl
import json
import os
import pathlib
import shutil
import subprocess

import pydicom
import pytest

from conftest import expect_clean_error, expect_no_crash, leftovers, small_plan, srtdose

PLAN = small_plan("dicom-robust", 24, 24, 300, 2, z_half_mm=12)


@pytest.fixture(scope="module")
def exported(tmp_path_factory, machine):
    base = tmp_path_factory.mktemp("dicom")
    plan = base / "plan.json"
    plan.write_text(json.dumps(PLAN))
    dose = base / "dose.h5"
    r = srtdose("dose", plan, "-o", dose, "--machine", machine, "--directions", "8x6")
    assert r.rc == 0, r.describe()
    r = srtdose("dicom", "export-plan", plan, "-o", base / "case", "--dose", dose)
    assert r.rc == 0, r.describe()
    return base / "case"


def copy_case(exported, tmp_path, name="case"):
    d = tmp_path / name / "p1"
    shutil.copytree(exported, d)
    return d


def edit(folder, modality, change):
    for f in folder.iterdir():
        ds = pydicom.dcmread(f)
        if ds.Modality == modality:
            change(ds)
            ds.save_as(f)
            return f
    raise AssertionError(f"no {modality} in {folder}")


def check(folders, out, machine, *extra):
    """srtdose check on one folder or several (each scanned on its own: copies of one export
    share their UIDs, so they must not be scanned together)."""
    folders = folders if isinstance(folders, list) else [folders]
    return srtdose("check", *folders, "--out", out, "--machine", machine, "--directions", "8x6",
                   *extra, timeout=600)


def beam0(ds):
    return ds.BeamSequence[0]


IMPORT_CASES = {
    "GantryAngle 1e300": ("RTPLAN", lambda d: setattr(
        beam0(d).ControlPointSequence[0], "GantryAngle", "1e300"), "gantry_deg"),
    "BeamMeterset -100": ("RTPLAN", lambda d: setattr(
        d.FractionGroupSequence[0].ReferencedBeamSequence[0], "BeamMeterset", "-100"), "mu"),
    "SourceAxisDistance 0": ("RTPLAN", lambda d: setattr(beam0(d), "SourceAxisDistance", "0"),
                             "sad_mm"),
    "2^31-1 fractions": ("RTPLAN", lambda d: setattr(
        d.FractionGroupSequence[0], "NumberOfFractionsPlanned", "2147483647"),
        "NumberOfFractionsPlanned"),
    "BeamNumber 1e12": ("RTPLAN", lambda d: setattr(beam0(d), "BeamNumber", "1000000000000"),
                        "BeamNumber"),
    "isocentre 1e300": ("RTPLAN", lambda d: setattr(
        beam0(d).ControlPointSequence[0], "IsocenterPosition", ["1e300", "0", "0"]),
        "isocenter_mm"),
    "contour point 1e300": ("RTSTRUCT", lambda d: setattr(
        d.ROIContourSequence[0].ContourSequence[0], "ContourData",
        ["1e300"] + list(d.ROIContourSequence[0].ContourSequence[0].ContourData[1:])),
        "ContourData"),
}


@pytest.mark.parametrize("case", sorted(IMPORT_CASES))
def test_import_refuses_what_a_plan_file_may_not_hold(exported, tmp_path, case):
    modality, change, phrase = IMPORT_CASES[case]
    d = copy_case(exported, tmp_path)
    edit(d, modality, change)
    out = tmp_path / "out"
    out.mkdir()
    r = srtdose("dicom", "import", d, "-o", out / "plan.json")
    expect_clean_error(r, phrase)
    assert leftovers(out) == []


@pytest.mark.parametrize("scaling", ["1e300", "-0.001", "0"])
def test_dose_grid_scaling_out_of_range(exported, tmp_path, scaling):
    d = copy_case(exported, tmp_path)
    rd = edit(d, "RTDOSE", lambda ds: setattr(ds, "DoseGridScaling", scaling))
    r = srtdose("dicom", "import-dose", rd, "-o", tmp_path / "d.h5")
    expect_clean_error(r, "DoseGridScaling")
    assert not (tmp_path / "d.h5").exists()


def test_batch_survives_broken_plans_and_escapes_every_text(exported, tmp_path, machine):
    hostile = "<script>alert(1)</script>&\"'<img src=x onerror=alert(2)>"
    plans = tmp_path / "plans"
    shutil.copytree(exported, plans / "good")
    shutil.copytree(exported, plans / "bad")

    def hostile_texts(ds):
        ds.RTPlanLabel = hostile[:16]
        ds.RTPlanName = hostile[:60]
        ds.PatientID = hostile[:60]
        beam0(ds).BeamName = hostile[:60]
    edit(plans / "good", "RTPLAN", hostile_texts)
    edit(plans / "good", "RTSTRUCT",
         lambda ds: setattr(ds.StructureSetROISequence[0], "ROIName", hostile[:60]))
    # (defect 3) the label landed verbatim in the report
    out = tmp_path / "out_good"
    r = check(plans / "good", out, machine)
    expect_no_crash(r)
    assert json.loads((out / "summary.json").read_text())["plans"][0]["status"] in ("pass", "fail")
    for html in out.rglob("*.html"):
        text = html.read_text()
        assert "<script>alert" not in text and "<img src=x" not in text, html
    report = next(out.rglob("report.html")).read_text()
    assert "&lt;script&gt;alert(1)" in report
    # (defect 2) one contour point at 1e300 mm crashed the whole batch
    edit(plans / "bad", "RTSTRUCT", IMPORT_CASES["contour point 1e300"][1])
    out = tmp_path / "out"
    r = check([plans / "good", plans / "bad"], out, machine, "--jobs", "2")
    expect_no_crash(r)
    assert r.rc == 5, r.describe()
    summary = json.loads((out / "summary.json").read_text())
    statuses = {p["plan_file"].split("/")[-2]: p["status"] for p in summary["plans"]}
    # The hostile plan is checked (its texts reach the report); the broken one is an error.
    assert statuses["bad"] == "error" and statuses["good"] in ("pass", "fail"), summary


def test_unwritable_report_is_an_error_and_the_summary_is_written(exported, tmp_path, machine):
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copytree(exported, plans / "p")
    out = tmp_path / "out"
    rp = next(f for f in (plans / "p").iterdir() if pydicom.dcmread(f).Modality == "RTPLAN")
    uid = pydicom.dcmread(rp).SOPInstanceUID
    # The plan's folder in the output, as srtdose names it (host/check/plan_check.cpp).
    label = "".join(c if c.isalnum() or c in "-." else "_" for c in f"p_{rp.stem}_{uid[-8:]}")
    (out / label / "report.html").mkdir(parents=True)  # a folder where the report goes
    # (defect 6) --jobs 2 aborted ("terminate called without an active exception")
    r = check(plans, out, machine, "--jobs", "2")
    expect_no_crash(r)
    assert r.rc == 5, r.describe()
    summary = json.loads((out / "summary.json").read_text())
    assert [p["status"] for p in summary["plans"]] == ["error"], summary
    assert "report could not be written" in summary["plans"][0]["error"]


def test_one_run_per_output_folder_and_stale_temporaries(exported, tmp_path, machine):
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copytree(exported, plans / "p")
    out = tmp_path / "out"
    out.mkdir()
    # (defect 11) two runs into one folder both did all the work
    with open(out / ".srtdose.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        r = check(plans, out, machine)
        expect_clean_error(r, "another srtdose run", rc=4)
    # (defect 11) a SIGKILLed run's temporaries were never cleaned
    dead = subprocess.Popen(["true"])
    dead.wait()
    r = check(plans, out, machine)
    expect_no_crash(r)
    plan_dir = next(p for p in out.iterdir() if p.is_dir())
    stale = plan_dir / f".srtdose_dose.h5.partial-{dead.pid}"
    stale.write_bytes(b"killed")
    r = check(plans, out, machine, "--force")
    expect_no_crash(r)
    assert not stale.exists()
    assert not any(".partial-" in p.name for p in out.rglob("*"))
