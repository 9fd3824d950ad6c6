"""The srtdose Python package (nanobind extension): plans from dicts, files and DICOM; doses,
Dij, DVH, metrics, gamma, BED and schemes; numpy dtypes and strides; errors with the command
line's messages; and agreement with the command line on the same plan.
"""

import json
import os
import subprocess

import h5py
import numpy as np
import pytest

import srtdose

SRTDOSE = os.environ.get("SRTDOSE_BIN", "srtdose")

PLAN = {
    "srtdose_plan": 1,
    "name": "py-check",
    "patient": {"phantom": {
        "extent_mm": {"x": [-36, 36], "y": [-36, 36], "z": [-24, 24]},
        "voxel_mm": [3, 3, 3],
        "medium": {"material": "water", "density": 1.0},
        "objects": [
            {"type": "box", "min_mm": [-36, -12, -24], "max_mm": [36, 12, 24],
             "material": "lung", "density": 0.3, "structure": "LUNG"},
            {"type": "sphere", "center_mm": [0, 0, 0], "radius_mm": 9,
             "material": "water", "density": 1.0, "structure": "PTV"}]}},
    "machine": "ideal-6mv",
    "beams": [
        {"name": "AP", "gantry_deg": 0, "collimator_deg": 0, "couch_deg": 0,
         "isocenter_mm": [0, 0, 0], "jaws_mm": {"x": [-12, 12], "y": [-12, 12]}, "mu": 300},
        {"name": "LAT", "gantry_deg": 90, "collimator_deg": 0, "couch_deg": 0,
         "isocenter_mm": [0, 0, 0], "jaws_mm": {"x": [-12, 12], "y": [-12, 12]}, "mu": 300}],
    "prescription": {"target": "PTV", "dose_gy": 15, "fractions": 3},
    "fractions": 3,
}


def run(*args):
    return subprocess.run([SRTDOSE, *map(str, args)], check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def machine(tmp_path_factory):
    m = tmp_path_factory.mktemp("m") / "m.h5"
    srtdose.build_machine("ideal-6mv", m, histories=20000, seed=7)
    return m


@pytest.fixture(scope="module")
def plan():
    return srtdose.Plan.from_json(PLAN)


@pytest.fixture(scope="module")
def dose(plan, machine):
    return srtdose.compute_dose(plan, machine, directions=(8, 6), device="cpu", per_beam=True)


def test_plan_properties(plan, tmp_path):
    assert plan.name == "py-check" and plan.fractions == 3 and plan.machine == "ideal-6mv"
    assert plan.beam_names == ["AP", "LAT"] and plan.monitor_units == [300, 300]
    assert plan.prescription == ("PTV", 15)
    assert plan.to_dict() == PLAN
    f = tmp_path / "p.json"
    f.write_text(json.dumps(PLAN))
    assert srtdose.Plan.from_json(f).beam_names == ["AP", "LAT"]


def test_dose_matches_the_command_line(plan, dose, machine, tmp_path):
    assert dose.array.dtype == np.float32 and dose.array.flags["C_CONTIGUOUS"]
    assert dose.shape == (16, 24, 24)
    assert dose.origin_mm == pytest.approx((-34.5, -34.5, -22.5))
    assert dose.spacing_mm == pytest.approx((3, 3, 3))
    assert set(dose.per_beam) == {"AP", "LAT"}
    np.testing.assert_allclose(dose.per_beam["AP"].array + dose.per_beam["LAT"].array,
                               dose.array, rtol=1e-5, atol=1e-6)
    f = tmp_path / "p.json"
    f.write_text(json.dumps(PLAN))
    run("dose", f, "-o", tmp_path / "d.h5", "--machine", machine, "--directions", "8x6",
        "--device", "cpu")
    with h5py.File(tmp_path / "d.h5") as h:
        np.testing.assert_array_equal(h["/dose"][...], dose.array)
    # read/write round trip, readable by the command line
    srtdose.write(tmp_path / "w.h5", dose, attrs={"fractions_note": "3"})
    back = srtdose.read(tmp_path / "w.h5")
    np.testing.assert_array_equal(back.array, dose.array)
    assert back.origin_mm == dose.origin_mm
    out = run("gamma", tmp_path / "d.h5", tmp_path / "w.h5", "--preset", "2%/1mm").stdout
    assert "pass rate 100.00%" in out


def test_dij_reproduces_the_pencil_beam_dose(plan, machine):
    d = srtdose.dij(plan, machine, beamlet_mm=3, cutoff_mm=200, threshold=0)
    pb = srtdose.compute_dose(plan, machine, engine="pb", beamlet_mm=3)
    assert d.matrix.shape == (len(d.open_weight), int(np.prod(d.shape_zyx)))
    assert d.matrix.dtype == np.float32
    via = d.dose(d.open_weight)
    assert via.shape == pb.shape
    np.testing.assert_allclose(via.array, pb.array, atol=1e-4 * pb.max())
    assert set(np.unique(d.beam)) == {0, 1}
    with pytest.raises(srtdose.InputError, match="weights"):
        d.dose(np.ones(3))


def test_qa_functions(plan, dose):
    h = srtdose.dvh(dose, plan, ["PTV"])
    assert len(h) == 1 and h[0]["name"] == "PTV"
    assert h[0]["volume_cm3"] == pytest.approx(4 / 3 * np.pi * 0.9**3, rel=0.03)
    assert h[0]["min_gy"] <= h[0]["d98_gy"] <= h[0]["d50_gy"] <= h[0]["d2_gy"] <= h[0]["max_gy"]
    m = srtdose.metrics(dose, plan, ["D98%", "V100%", "D0.035cc"])
    assert m["PTV"]["D98%"] == pytest.approx(h[0]["d98_gy"])
    assert set(m) == {"LUNG", "PTV"}
    # BED of a uniform dose: n d (1 + d / (a/b))
    uniform = srtdose.Dose(np.full((2, 3, 4), 30.0, np.float32), (0, 0, 0), (1, 1, 1))
    b = srtdose.bed(uniform, fractions=3, alpha_beta=10)
    np.testing.assert_allclose(b.array, 30 * (1 + 10 / 10))
    schemes = srtdose.compare_schemes(dose, plan, ["1x20", "3x10", "5x7"])
    assert [s["scheme"] for s in schemes] == ["1x20", "3x10", "5x7"]
    assert schemes[0]["bed_d50_gy"] > schemes[2]["bed_d50_gy"]
    # gamma: identical doses pass; a shifted copy does not at 1 %/1 mm
    g = srtdose.gamma(dose, dose, 1, 1)
    assert g["pass_rate_pct"] == 100 and g["gamma"].shape == dose.shape
    shifted = srtdose.Dose(dose.array * 1.05, dose.origin_mm, dose.spacing_mm)
    assert srtdose.gamma(dose, shifted, 1, 1)["pass_rate_pct"] < 90


def test_qa_front_ends_give_the_same_report(plan, dose, tmp_path):
    """One QA front door: `srtdose dvh --json`, `srtdose bed --json/-o` and Python's qa/bed
    give the same numbers on the same plan and dose."""
    plan_file = tmp_path / "p.json"
    plan_file.write_text(json.dumps(PLAN))
    dose_file = tmp_path / "d.h5"
    srtdose.write(dose_file, dose, attrs={})
    run("dvh", dose_file, "--plan", plan_file, "--metrics", "D95%,V20Gy,V100%",
        "--json", tmp_path / "dvh.json")
    cli = json.loads((tmp_path / "dvh.json").read_text())
    py = srtdose.qa(dose, plan, metrics=["D95%", "V20Gy", "V100%"])
    for report in (cli, py):
        report.pop("dose_file"), report.pop("plan_file")
    assert py == cli
    assert {s["name"] for s in py["structures"]} == {"LUNG", "PTV"}
    assert py["conformity"]["target"] == "PTV" and py["constraints"]["set"]

    run("bed", dose_file, "--plan", plan_file, "--schemes", "1x20,3x10", "--tumour-ab", "8",
        "--json", tmp_path / "bed.json", "-o", tmp_path / "bed.h5")
    cli_bed = json.loads((tmp_path / "bed.json").read_text())
    py_bed = srtdose.qa(dose, plan, bed={"schemes": ["1x20", "3x10"], "tumour_alpha_beta": 8})["bed"]
    for report in (cli_bed, py_bed):
        report.pop("dose_file"), report.pop("plan_file")
    assert py_bed == cli_bed
    # Voxel maps with each structure's alpha/beta: the PTV (target) 8 Gy, LUNG from the table.
    maps = srtdose.bed(dose, plan=plan, alpha_beta=8)
    with h5py.File(tmp_path / "bed.h5") as h:
        np.testing.assert_array_equal(h["/bed"][...], maps.array)
        np.testing.assert_array_equal(h["/alpha_beta"][...], maps.alpha_beta.array)
        np.testing.assert_array_equal(h["/eqd2"][...], maps.eqd2.array)
    assert 8.0 in np.unique(maps.alpha_beta.array)
    assert len(np.unique(maps.alpha_beta.array)) >= 2


def test_arrays_of_any_layout_and_clear_rejections(plan, dose):
    # Fortran order, float64 and a strided view are copied to C float32, same result.
    f64 = srtdose.Dose(np.asfortranarray(dose.array.astype(np.float64)), dose.origin_mm, dose.spacing_mm)
    assert srtdose.dvh(f64, plan, ["PTV"])[0]["d98_gy"] == pytest.approx(
        srtdose.dvh(dose, plan, ["PTV"])[0]["d98_gy"], rel=1e-6)
    big = np.zeros((16, 24, 48), np.float32)
    big[:, :, ::2] = dose.array
    view = srtdose.Dose(big[:, :, ::2], dose.origin_mm, dose.spacing_mm)
    assert not view.array.flags["C_CONTIGUOUS"]
    assert srtdose.gamma(dose, view, 1, 1)["pass_rate_pct"] == 100
    with pytest.raises(srtdose.InputError, match="3-D"):
        srtdose.dvh(srtdose.Dose(dose.array[0], dose.origin_mm, dose.spacing_mm), plan)
    with pytest.raises(TypeError):
        srtdose.dvh(dose.array, plan)


def test_errors_carry_the_command_line_messages(tmp_path, machine):
    bad = dict(PLAN, beams=[dict(PLAN["beams"][0], gantry_deg=400)])
    with pytest.raises(srtdose.InputError) as e:
        srtdose.Plan.from_json(bad)
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(bad))
    cli = subprocess.run([SRTDOSE, "dose", str(f), "-o", str(tmp_path / "x.h5"), "--machine",
                          str(machine)], capture_output=True, text=True)
    assert cli.returncode == 1
    # Same message, apart from the label naming the source (file vs dict).
    assert str(e.value).split(": ", 1)[1] in cli.stderr
    assert isinstance(e.value, ValueError)
    with pytest.raises(srtdose.FileError):
        srtdose.read(tmp_path / "missing.h5")
    with pytest.raises(srtdose.InputError, match="engine"):
        srtdose.compute_dose(srtdose.Plan.from_json(PLAN), machine, engine="mc")
    with pytest.raises(srtdose.InputError, match="machine"):  # neither built-in nor a file
        srtdose.compute_dose(srtdose.Plan.from_json(dict(PLAN, machine="no-such-linac")))


def test_plan_from_dicom(plan, dose, tmp_path, machine):
    f = tmp_path / "p.json"
    f.write_text(json.dumps(PLAN))
    h5 = tmp_path / "d.h5"
    srtdose.write(h5, dose)
    run("dicom", "export-plan", f, "-o", tmp_path / "dicom", "--dose", h5)
    p2 = srtdose.Plan.from_dicom(tmp_path / "dicom")
    assert p2.beam_names == ["AP", "LAT"] and p2.fractions == 3 and p2.prescription == ("PTV", 15)
    d2 = srtdose.compute_dose(p2, machine, directions=(8, 6), device="cpu")
    assert np.abs(d2.array - dose.array).max() < 0.015 * dose.max()
    assert json.loads(json.dumps(p2.to_dict()))["patient"]["dicom"]["dir"]


def test_help_is_useful():
    doc = srtdose.compute_dose.__doc__
    assert "engine" in doc and "device" in doc and "machine" in doc
    assert srtdose.Plan.from_json.__doc__ and srtdose.dij.__doc__ and srtdose.gamma.__doc__


def test_pencil_beam_lateral_scaling(plan, machine):
    # The PTV (water) sits in lung: with the kernel widened in the lung the small fields' dose
    # in the PTV drops; the collapsed cone has no such option.
    a = srtdose.compute_dose(plan, machine, engine="pb")
    b = srtdose.compute_dose(plan, machine, engine="pb", lateral_scaling=True)
    centre = tuple(n // 2 for n in a.array.shape)
    assert b.array[centre] < 0.99 * a.array[centre]
    with pytest.raises(srtdose.InputError, match="lateral-scaling"):
        srtdose.compute_dose(plan, machine, lateral_scaling=True)


def test_sum_courses_matches_the_command_line_and_the_hand_formula(plan, tmp_path):
    # An earlier 5 x 6 Gy course and the current 3 x 5 Gy one (PLAN), both uniform: the PTV's
    # cumulative EQD2 (alpha/beta 10) is 5*6*(6+10)/12 + 3*5*(5+10)/12.
    shape, origin, spacing = (16, 24, 24), (-34.5, -34.5, -22.5), (3, 3, 3)
    srtdose.write(tmp_path / "early.h5", srtdose.Dose(np.full(shape, 30, np.float32), origin,
                                                      spacing))
    srtdose.write(tmp_path / "now.h5", srtdose.Dose(np.full(shape, 15, np.float32), origin,
                                                    spacing))
    (tmp_path / "plan.json").write_text(json.dumps(PLAN))
    courses = {"srtdose_courses": 1, "limits": False, "courses": [
        {"name": "early", "dose": "early.h5", "fractions": 5, "date": "2025-02-01",
         "placement": "same_frame"},
        {"name": "now", "dose": "now.h5", "fractions": 3, "date": "2026-02-01",
         "plan": "plan.json"}]}
    r = srtdose.sum_courses(courses, output=tmp_path / "py.h5", report=tmp_path / "py.html",
                            base_dir=tmp_path)
    ptv = next(o for o in r["organs"] if o["name"] == "PTV")
    expected = 5 * 6 * (6 + 10) / 12 + 3 * 5 * (5 + 10) / 12
    assert ptv["eqd2_mean_gy"] == pytest.approx(expected, rel=1e-5)
    assert r["eqd2"].array.shape == shape and r["eqd2"].origin_mm == pytest.approx(origin)
    assert len(r["course_eqd2"]) == 2
    np.testing.assert_allclose(r["physical_sum"].array, 45)
    assert (tmp_path / "py.html").stat().st_size > 1000
    (tmp_path / "courses.json").write_text(json.dumps(courses))
    run("courses", tmp_path / "courses.json", "-o", tmp_path / "cli.h5", "--json",
        tmp_path / "cli.json")
    cli = json.loads((tmp_path / "cli.json").read_text())
    assert cli["organs"] == json.loads(json.dumps(r["organs"]))
    with h5py.File(tmp_path / "cli.h5") as a, h5py.File(tmp_path / "py.h5") as b:
        np.testing.assert_array_equal(a["/eqd2"][...], b["/eqd2"][...])
        np.testing.assert_array_equal(a["/eqd2"][...], r["eqd2"].array)
    with pytest.raises(srtdose.InputError, match="fractions"):
        bad = json.loads(json.dumps(courses))
        bad["courses"][0]["fractions"] = 0
        srtdose.sum_courses(bad, base_dir=tmp_path)
