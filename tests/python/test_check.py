"""srtdose check on a batch of three DICOM plans written by srtdose itself: one whose TPS dose
is srtdose's own (passes), one whose TPS dose is scaled by 8 % (fails gamma 3 %/2 mm), one with
a truncated CT slice (recorded as an error while the batch goes on). Then a re-run reuses the
unchanged results, and reports, CSV and JSON agree.
"""

import csv
import json
import os
import re
import shutil
import subprocess

import zlib

import h5py
import numpy as np
import pytest

SRTDOSE = os.environ.get("SRTDOSE_BIN", "srtdose")

PLAN = {
    "srtdose_plan": 1,
    "name": "check-phantom",
    "patient": {"phantom": {
        "extent_mm": {"x": [-45, 45], "y": [-45, 45], "z": [-30, 30]},
        "voxel_mm": [3, 3, 3],
        "medium": {"material": "water", "density": 1.0},
        "objects": [
            {"type": "cylinder", "center_mm": [0, 0, 0], "radius_mm": 44, "axis": "z",
             "length_mm": 60, "material": "water", "density": 1.0, "structure": "BODY"},
            {"type": "sphere", "center_mm": [0, 0, 0], "radius_mm": 10,
             "material": "water", "density": 1.0, "structure": "PTV"},
            {"type": "cylinder", "center_mm": [0, 25, 0], "radius_mm": 5, "axis": "z",
             "length_mm": 60, "material": "water", "density": 1.0, "structure": "SpinalCord"}]}},
    "machine": "ideal-6mv",
    "beams": [
        {"name": f"G{g}", "gantry_deg": g, "collimator_deg": 0, "couch_deg": 0,
         "isocenter_mm": [0, 0, 0], "jaws_mm": {"x": [-12, 12], "y": [-12, 12]}, "mu": 400}
        for g in (0, 120, 240)],
    "prescription": {"target": "PTV", "dose_gy": 24, "fractions": 3},
    "fractions": 3,
}


def run(*args, check=True):
    return subprocess.run([SRTDOSE, *map(str, args)], check=check, capture_output=True, text=True)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("check")
    machine = base / "m.h5"
    run("machine", "build", "ideal-6mv", "-o", machine, "--histories", "20000", "--seed", "5")
    plan = base / "plan.json"
    plan.write_text(json.dumps(PLAN))
    dose = base / "dose.h5"
    run("dose", plan, "-o", dose, "--machine", machine, "--directions", "8x6")
    scaled = base / "scaled.h5"
    with h5py.File(dose) as src, h5py.File(scaled, "w") as dst:
        d = dst.create_dataset("dose", data=src["/dose"][...] * 1.08)
        for k, v in src["/dose"].attrs.items():
            d.attrs[k] = v
    plans = base / "plans"
    run("dicom", "export-plan", plan, "-o", plans / "good", "--dose", dose)
    run("dicom", "export-plan", plan, "-o", plans / "scaled", "--dose", scaled)
    run("dicom", "export-plan", plan, "-o", plans / "broken", "--dose", dose)
    ct = plans / "broken" / "CT_0010.dcm"
    ct.write_bytes(ct.read_bytes()[:1000])
    return base, machine, plans


def test_batch_statuses_reports_and_rerun(batch):
    base, machine, plans = batch
    out = base / "out"
    r = run("check", plans, "--out", out, "--machine", machine, "--directions", "8x6",
            "--jobs", "2", check=False)
    assert r.returncode == 5, r.stdout + r.stderr
    assert "3 plan(s): 1 passed" in r.stdout
    rows = list(csv.DictReader(open(out / "summary.csv")))
    assert len(rows) == 3
    by_folder = {}
    summary = json.loads((out / "summary.json").read_text())
    for p in summary["plans"]:
        folder = os.path.basename(os.path.dirname(p["plan_file"]))
        by_folder[folder] = p
        assert (out / p["report"]).exists()
    good, scaled, broken = by_folder["good"], by_folder["scaled"], by_folder["broken"]
    assert good["status"] == "pass" and good["gamma_pass_pct"] > 99
    assert scaled["status"] == "fail" and scaled["gamma_pass_pct"] < 95
    # The 8 % scaled TPS dose: srtdose 7.4 % below it, i.e. -7.4 % x (metric / prescription).
    assert -15 < scaled["largest_metric_diff_pct"] < -6
    assert broken["status"] == "error" and "CT_0010.dcm" in broken["error"]
    assert summary["all_passed"] is False
    report = (out / good["report"]).read_text()
    for part in ["Gamma", "data:image/png;base64,", "<svg", "DVH metrics", "Constraints",
                 "Target BED", "SpinalCord", "Gamma histogram", "Provenance", "SHA-256",
                 "Sign-off", "Pass rule"]:
        assert part in report
    index = (out / "index.html").read_text()
    assert index.count("report.html") == 3
    # Every plan's name in the index is its own (name / patient ID / UID suffix, and the
    # folder when two are copies of one RT Plan), with the date it was checked.
    names = re.findall(r'report.html">([^<]*)</a>', index)
    assert len(set(names)) == 3, names
    assert all(p["checked_utc"] in index for p in summary["plans"])

    # Unchanged inputs: results reused, nothing recomputed; --force recomputes.
    r2 = run("check", plans, "--out", out, "--machine", machine, "--directions", "8x6",
             check=False)
    assert r2.returncode == 5
    assert r2.stderr.count("[reused]") == 2  # the errored plan is checked again
    r3 = run("check", plans / "good", "--out", base / "out_good", "--machine", machine,
             "--directions", "8x6", "--force")
    assert r3.returncode == 0 and "1 passed" in r3.stdout


def test_front_ends_give_the_same_dose(batch, tmp_path):
    """One front door: `srtdose check`, `srtdose dicom import` + `srtdose dose`, and Python's
    compute_dose on the imported plan give the same dose, bit for bit, with the same file
    attributes."""
    import srtdose

    base, machine, plans = batch
    out = tmp_path / "out"
    run("check", plans / "good", "--out", out, "--machine", machine, "--directions", "8x6")
    summary = json.loads((out / "summary.json").read_text())
    checked = out / os.path.dirname(summary["plans"][0]["report"]) / "srtdose_dose.h5"
    imported = tmp_path / "imported.json"
    run("dicom", "import", plans / "good", "-o", imported)
    cli = tmp_path / "cli.h5"
    run("dose", imported, "-o", cli, "--machine", machine, "--directions", "8x6")
    py = srtdose.compute_dose(srtdose.Plan.from_json(imported), machine, directions=(8, 6))
    with h5py.File(checked) as c, h5py.File(cli) as d:
        np.testing.assert_array_equal(c["/dose"][...], d["/dose"][...])
        np.testing.assert_array_equal(d["/dose"][...], py.array)
        for attr in ["units", "fractions", "engine", "device", "machine", "machine_file",
                     "options", "srtdose_version"]:
            assert c["/dose"].attrs[attr] == d["/dose"].attrs[attr], attr
        assert d["/dose"].attrs["options"].decode() == py.options
        assert d["/dose"].attrs["machine"].decode() == py.machine == "ideal-6mv"


def test_check_errors(batch, tmp_path):
    base, machine, plans = batch
    # A machine mapping to a built-in machine: its committed file is used (no --machine).
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"srtdose_dicom_machines": 1, "machines": [
        {"treatment_machine": "*", "energy_mv": 6, "fluence": "STANDARD", "machine": "generic-6fff"}]}))
    run("check", plans / "good", "--out", tmp_path / "o", "--machine-map", mapping,
        "--directions", "8x6", check=False)
    summary = json.loads((tmp_path / "o" / "summary.json").read_text())
    assert not summary["plans"][0].get("error"), summary["plans"][0]
    # ... and one mapping to a machine file that is not there: the plan is an error naming it.
    mapping.write_text(json.dumps({"srtdose_dicom_machines": 1, "machines": [
        {"treatment_machine": "*", "energy_mv": 6, "fluence": "STANDARD",
         "machine": str(tmp_path / "no-such-linac.h5")}]}))
    r = run("check", plans / "good", "--out", tmp_path / "o2", "--machine-map", mapping,
            check=False)
    assert r.returncode == 5
    summary = json.loads((tmp_path / "o2" / "summary.json").read_text())
    assert "no-such-linac.h5" in summary["plans"][0]["error"]
    r = run("check", plans / "good", "--criteria", "3,2", "--machine", machine, check=False)
    assert r.returncode == 1 and "--criteria" in r.stderr


def screenshot(html, png):
    subprocess.run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", "--window-size=1300,1400", f"--screenshot={png}",
                    html.as_uri()], check=True, capture_output=True, timeout=120)
    return read_png(png)


def read_png(path):
    """8-bit RGB/RGBA PNG -> (height, width, channels) array (PNG filters undone)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, colour = (int.from_bytes(body[0:4], "big"),
                                   int.from_bytes(body[4:8], "big"), body[8], body[9])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and colour in (2, 6)
    ch = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    img = np.zeros((h, w * ch), dtype=np.int32)
    prev = np.zeros(w * ch, dtype=np.int32)
    stride = w * ch + 1
    for y in range(h):
        f, line = raw[y * stride], np.frombuffer(raw[y * stride + 1:(y + 1) * stride], np.uint8).astype(np.int32)
        out = line.copy()
        if f == 2:
            out = (line + prev) & 255
        elif f in (1, 3, 4):
            for x in range(w * ch):
                a = out[x - ch] if x >= ch else 0
                b, c = prev[x], (prev[x - ch] if x >= ch else 0)
                if f == 1:
                    pred = a
                elif f == 3:
                    pred = (a + b) // 2
                else:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                out[x] = (line[x] + pred) & 255
        img[y], prev = out, out
    return img.reshape(h, w, ch)[:, :, :3]


def saturated_pixels(img):
    """Pixels of strong colour (dose wash, maps): channel spread above 120."""
    return int(((img.max(axis=2) - img.min(axis=2)) > 120).sum())


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_report_renders_in_headless_chromium(batch, tmp_path):
    base, machine, plans = batch
    out = tmp_path / "out"
    run("check", plans / "scaled", "--out", out, "--machine", machine, "--directions", "8x6",
        check=False)
    summary = json.loads((out / "summary.json").read_text())
    report = out / summary["plans"][0]["report"]
    text = report.read_text()
    assert text.count("data:image/png;base64,") == 14  # 3 dose, 3 difference, 3 gamma, 5 PTV
    # Every slice has its orientation letters, a scale bar, a colour bar and its position.
    assert text.count('class="ori ') == 56 and text.count("cm</text></svg>") == 14
    assert text.count('<svg class="colourbar"') == 14 and text.count("linearGradient id=") == 14
    for letters in ('>R<', '>L<', '>A<', '>P<', '>S<', '>I<'):
        assert letters in text
    assert text.count("axial at z = ") == 8 and text.count("sagittal at x = ") == 3
    assert "Axial slices through PTV" in text
    assert "&lt;span" not in text  # the isodose legend is markup, not escaped text
    full = saturated_pixels(screenshot(report, tmp_path / "full.png"))
    # The same page with its images blanked (the colour bars stay), then without the colour
    # bars too: the colour must come from the slices and maps, and the bars must show.
    # The isodose legend's coloured squares and the orientation letters go from both.
    no_images = re.sub(r'data:image/png;base64,[A-Za-z0-9+/=]+|<span class="ori [^"]*">.</span>|'
                       r'<span style="color:[^"]*">[^<]*</span>', "", text)
    bars = tmp_path / "bars.html"
    bars.write_text(no_images)
    bare = tmp_path / "bare.html"
    bare.write_text(re.sub(r'<svg class="colourbar".*?</svg>', "", no_images))
    with_bars = saturated_pixels(screenshot(bars, tmp_path / "bars.png"))
    stripped = saturated_pixels(screenshot(bare, tmp_path / "bare.png"))
    assert full > 20000 and full > 5 * stripped, (full, stripped)
    assert with_bars > stripped + 3000, (with_bars, stripped)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_pdf_of_each_report(batch, tmp_path):
    base, machine, plans = batch
    out = tmp_path / "out"
    r = run("check", plans / "good", "--out", out, "--machine", machine, "--directions", "8x6",
            "--pdf")
    summary = json.loads((out / "summary.json").read_text())
    pdf = out / summary["plans"][0]["label"] / "report.pdf"
    data = pdf.read_bytes()
    # A PDF of the whole report: several pages of text and images, not an empty page.
    assert data.startswith(b"%PDF-") and len(data) > 50000, len(data)
    assert data.count(b"/Type /Page") + data.count(b"/Type/Page") >= 2
    assert "report.pdf" in (out / "index.html").read_text()
    # No Chromium: refused before anything is computed, naming the flag, no output folder.
    env = dict(os.environ, SRTDOSE_CHROMIUM=str(tmp_path / "no-chromium"))
    bad = subprocess.run([SRTDOSE, "check", plans / "good", "--out", tmp_path / "out2",
                          "--machine", machine, "--pdf"], capture_output=True, text=True, env=env)
    assert bad.returncode == 1 and "--pdf" in bad.stderr, bad.stderr  # input error
    assert not (tmp_path / "out2").exists()


def test_what_cannot_be_checked_is_refused_before_any_computation(batch, tmp_path):
    """No TPS dose, or a CT shorter than the field: an error status at once, no dose computed,
    nothing reported as passing; --no-tps-dose computes and says no-reference."""
    base, machine, plans = batch
    plan = base / "plan.json"
    nodose = tmp_path / "nodose"
    run("dicom", "export-plan", plan, "-o", nodose)
    r = run("check", nodose, "--out", tmp_path / "o1", "--machine", machine, check=False)
    assert r.returncode == 5, r.stdout + r.stderr
    p = json.loads((tmp_path / "o1" / "summary.json").read_text())["plans"][0]
    assert p["status"] == "error" and "no TPS dose" in p["error"] and p["seconds"] < 20
    assert not list((tmp_path / "o1").rglob("srtdose_dose.h5"))
    r = run("check", nodose, "--out", tmp_path / "o2", "--machine", machine, "--directions",
            "8x6", "--no-tps-dose", check=False)
    assert r.returncode == 5
    p = json.loads((tmp_path / "o2" / "summary.json").read_text())["plans"][0]
    assert p["status"] == "no-reference" and p["gamma_pass_pct"] is None
    # One line per stage on a non-terminal.
    assert re.search(r"check: .*: dose done at [0-9.]+ s", r.stderr), r.stderr

    short = tmp_path / "short"
    shutil.copytree(plans / "good", short)
    cts = sorted(short.glob("CT_*.dcm"))
    for f in cts[:len(cts) // 2 - 1] + cts[len(cts) // 2 + 2:]:  # 3 slices (9 mm) remain
        f.unlink()
    r = run("check", short, "--out", tmp_path / "o3", "--machine", machine, check=False)
    p = json.loads((tmp_path / "o3" / "summary.json").read_text())["plans"][0]
    assert p["status"] == "error" and "the CT covers z" in p["error"], p


def test_dvh_tolerance_is_part_of_the_pass_rule(batch, tmp_path):
    """The 8 % scaled TPS dose passes a loose gamma (10 %/5 mm) but its DVH metrics differ by
    6-12 % of the prescription: it fails at the default 3 % and passes at --dvh-tolerance
    5,15; a bad tolerance is an input error."""
    base, machine, plans = batch
    common = ["--machine", machine, "--directions", "8x6", "--criteria", "10,5,10"]
    r = run("check", plans / "scaled", "--out", tmp_path / "a", *common, check=False)
    p = json.loads((tmp_path / "a" / "summary.json").read_text())["plans"][0]
    assert p["gamma_pass_pct"] >= 95 and p["status"] == "fail", p
    r = run("check", plans / "scaled", "--out", tmp_path / "b", *common, "--dvh-tolerance",
            "5,15", check=False)
    p = json.loads((tmp_path / "b" / "summary.json").read_text())["plans"][0]
    assert p["status"] == "pass" and r.returncode == 0 and abs(p["largest_metric_diff_pct"]) > 3, p
    r = run("check", plans / "scaled", "--out", tmp_path / "c", *common, "--dvh-tolerance", "3",
            check=False)
    assert r.returncode == 1 and "--dvh-tolerance" in r.stderr


def test_a_clinic_hu_curve_changes_the_dose_behind_bone(tmp_path):
    """A plan through a bone slab, exported (CT numbers from the generic curve), checked with
    the generic curve and with a clinic curve that reads the same bone HU as denser bone: the
    dose behind the bone falls, in front of it stays."""
    machine = tmp_path / "m.h5"
    run("machine", "build", "ideal-6mv", "-o", machine, "--histories", "20000", "--seed", "5")
    plan = json.loads(json.dumps(PLAN))
    plan["name"] = "bone-slab"
    plan["patient"]["phantom"]["objects"].insert(1, {
        "type": "box", "min_mm": [-40, -25, -30], "max_mm": [40, -15, 30],
        "material": "bone", "density": 1.5, "structure": "Bone"})
    plan["beams"] = [dict(plan["beams"][0], gantry_deg=0)]
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(plan))
    dose = tmp_path / "dose.h5"
    run("dose", p, "-o", dose, "--machine", machine, "--directions", "8x6")
    run("dicom", "export-plan", p, "-o", tmp_path / "dicom", "--dose", dose)
    curve = tmp_path / "clinic.csv"
    # Generic: 1.5 g/cm3 bone is about 760 HU; the clinic curve reads 760 HU as 1.8 g/cm3.
    curve.write_text("HU,Density\n-1000,0.0012\n0,1.0\n100,1.1\n760,1.8\n3000,2.5\n")
    doses = []
    for name, extra in (("generic", []), ("clinic", ["--hu-curve", curve])):
        run("check", tmp_path / "dicom", "--out", tmp_path / name, "--machine", machine,
            "--directions", "8x6", *extra, check=False)
        summary = json.loads((tmp_path / name / "summary.json").read_text())
        report = tmp_path / name / summary["plans"][0]["report"]
        with h5py.File(report.parent / "srtdose_dose.h5") as h:
            doses.append(h["/dose"][...])
        if name == "clinic":
            assert "clinic.csv" in report.read_text()
    g, c = doses
    nz, ny, nx = g.shape
    col = lambda d, j: float(d[nz // 2, j, nx // 2])  # noqa: E731
    # The beam (gantry 0) enters at y = -45 mm and meets the bone at y -25..-15 mm (3 mm voxels).
    behind = [j for j in range(ny) if -5 < -45 + 1.5 + 3 * j < 25]
    front = [j for j in range(ny) if -42 < -45 + 1.5 + 3 * j < -30]
    # 1 cm of bone 0.3 g/cm3 denser: about 0.3 g/cm2 more attenuation, 1 % less dose.
    ratios = [col(c, j) / col(g, j) for j in behind]
    assert all(0.98 < r < 0.996 for r in ratios), ratios
    assert all(abs(col(c, j) / col(g, j) - 1) < 0.01 for j in front)


def test_independent_mu_check_per_beam(batch, tmp_path):
    """The RT Plan's BeamDose at its dose point against srtdose's per-beam dose there: equal
    doses pass; one beam's BeamDose 10 % high fails the plan and says the MU that would give
    it."""
    import pydicom

    base, machine, plans = batch
    per_beam = tmp_path / "beams.h5"
    run("dose", base / "plan.json", "-o", per_beam, "--machine", machine, "--directions", "8x6",
        "--per-beam")
    with h5py.File(per_beam) as h:
        origin = h["/dose"].attrs["origin_mm"]
        spacing = h["/dose"].attrs["spacing_mm"]
        doses = {name: h["/beams/" + name][...] for name in h["/beams"]}

    def at_isocentre(d):  # trilinear at (0, 0, 0): the isocentre lies between voxel centres
        c = (-origin) / spacing
        i0 = np.floor(c).astype(int)
        t = c - i0
        v = 0.0
        for dz in (0, 1):
            for dy in (0, 1):
                for dx in (0, 1):
                    w = ((t[0] if dx else 1 - t[0]) * (t[1] if dy else 1 - t[1]) *
                         (t[2] if dz else 1 - t[2]))
                    v += w * d[i0[2] + dz, i0[1] + dy, i0[0] + dx]
        return v

    def with_beam_doses(folder, scale_first):
        shutil.copytree(plans / "good", folder)
        rp = next(f for f in folder.iterdir() if pydicom.dcmread(f).Modality == "RTPLAN")
        ds = pydicom.dcmread(rp)
        names = {b.BeamNumber: b.BeamName for b in ds.BeamSequence}
        for k, ref in enumerate(ds.FractionGroupSequence[0].ReferencedBeamSequence):
            dose = at_isocentre(doses[names[ref.ReferencedBeamNumber]]) / PLAN["fractions"]
            ref.BeamDose = f"{dose * (scale_first if k == 0 else 1):.6f}"
            ref.BeamDoseSpecificationPoint = ["0", "0", "0"]
        point = pydicom.Dataset()
        point.DoseReferenceNumber = 7
        point.DoseReferenceStructureType = "POINT"
        point.DoseReferenceDescription = "Iso point"
        point.DoseReferenceType = "TARGET"
        point.DoseReferencePointCoordinates = ["3", "0", "0"]
        ds.DoseReferenceSequence.append(point)
        ds.save_as(rp)

    with_beam_doses(tmp_path / "same", 1.0)
    with_beam_doses(tmp_path / "high", 1.10)
    for name, status, failed in (("same", "pass", 0), ("high", "fail", 1)):
        run("check", tmp_path / name, "--out", tmp_path / ("o" + name), "--machine", machine,
            "--directions", "8x6", check=False)
        p = json.loads((tmp_path / ("o" + name) / "summary.json").read_text())["plans"][0]
        assert p["status"] == status and p["beams_failed"] == failed, p
        assert len(p["beam_problems"]) == failed and p["checked_utc"].endswith(" UTC"), p
    # The index: one line per beam problem, the check's date, a name unique to the RT Plan.
    index = (tmp_path / "ohigh" / "index.html").read_text()
    assert p["checked_utc"] in index and "/ ..." + p["plan_uid"][-8:] in index
    row = next(csv.DictReader(open(tmp_path / "ohigh" / "summary.csv")))
    assert row["beams_failed"] == "1" and "beam G0" in row["beam_problems"] and row["checked_utc"]
    report = (tmp_path / "ohigh" / p["report"]).read_text()
    assert "Independent MU check" in report and "MU for the TPS dose" in report
    # The TPS's BeamDose is srtdose's on the water phantom; on the exported CT (soft tissue,
    # dose to medium 0.99 of water's) the unchanged beams are at 0.99 of it, and G0, whose
    # BeamDose is 10 % higher, at 0.99 / 1.1 = 0.90: 400 MU / 0.90 would give the TPS dose.
    rows = {m[0]: (float(m[1]), float(m[2]), m[3]) for m in re.findall(
        r"<td>(G\d+)</td><td>[^<]*</td><td>400\.0</td><td>[0-9.]+</td><td>[0-9.]+</td>"
        r"<td>([0-9.]+)</td><td>([0-9.]+)</td><td>(\w+)</td>", report)}
    assert set(rows) == {"G0", "G120", "G240"}, rows
    for beam in ("G120", "G240"):
        assert 0.98 < rows[beam][0] < 1.0 and rows[beam][2] == "pass", rows
    ratio, mu, status = rows["G0"]
    assert ratio == pytest.approx(rows["G120"][0] / 1.1, abs=0.002) and status == "fail", rows
    assert mu == pytest.approx(400 / ratio, rel=0.003), rows
    index = (tmp_path / "ohigh" / "index.html").read_text()
    assert f"beam G0: srtdose / TPS {ratio:.3f}" in index and f"{mu:.1f} MU would give" in index
    # The plan's dose reference point, TPS and srtdose side by side. The TPS dose is srtdose's
    # on the phantom (water); checked on the exported CT (HU 0: soft tissue, dose to medium
    # 0.99 of water's) it is within 2 %.
    assert "Dose reference points" in report and "Iso point" in report
    m = re.search(r"3\.0, 0\.0, 0\.0</td><td>([0-9.]+)</td><td>([0-9.]+)</td><td>([-+][0-9.]+) %",
                  report)
    assert m and abs(float(m[2]) / float(m[1]) - 1) < 0.02 and abs(float(m[3])) < 2, m
