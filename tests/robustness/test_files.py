"""Bad HDF5 inputs of gamma, dvh and bed, and the outputs' rules: refuse anything but a regular
file, all outputs of a command or none, stale temporaries cleaned, a full disk reported cleanly.
"""

import json
import os
import pathlib
import stat
import subprocess

import h5py
import numpy as np
import pytest

from conftest import expect_clean_error, expect_no_crash, leftovers, small_plan, srtdose

PLAN = small_plan("qa", 20, 20, 100, 20)


def write_dose(path, values, origin=(-18, -18, -18), spacing=(4, 4, 4), name="dose", attrs=None):
    with h5py.File(path, "w") as f:
        d = f.create_dataset(name, data=values)
        if origin is not None:
            d.attrs["origin_mm"] = np.asarray(origin, dtype=float)
        if spacing is not None:
            d.attrs["spacing_mm"] = np.asarray(spacing, dtype=float)
        for k, v in (attrs or {}).items():
            d.attrs[k] = v
    return path


def good_values():
    z, y, x = np.mgrid[0:10, 0:10, 0:10]
    return (20 * np.exp(-((x - 4.5) ** 2 + (y - 4.5) ** 2 + (z - 4.5) ** 2) / 20)).astype("f4")


@pytest.fixture
def qa(tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    ok = write_dose(tmp_path / "ok.h5", good_values(), attrs={"fractions": 1})
    return tmp_path, plan, ok


def broken_doses(tmp_path):
    v = good_values()
    yield "one voxel along x (defect 1)", write_dose(tmp_path / "b1.h5", v[:, :, :1])
    yield "spacing 1e300 (defect 1)", write_dose(tmp_path / "b2.h5", v, spacing=(1e300, 4, 4))
    yield "spacing 0", write_dose(tmp_path / "b3.h5", v, spacing=(0, 4, 4))
    yield "spacing negative", write_dose(tmp_path / "b4.h5", v, spacing=(-4, 4, 4))
    yield "origin NaN", write_dose(tmp_path / "b5.h5", v, origin=(np.nan, 0, 0))
    yield "no geometry", write_dose(tmp_path / "b6.h5", v, origin=None, spacing=None)
    yield "rank 2", write_dose(tmp_path / "b7.h5", v[0])
    yield "negative dose (defect 9)", write_dose(tmp_path / "b8.h5", v - 5)
    yield "NaN dose", write_dose(tmp_path / "b9.h5", np.where(v > 10, np.nan, v))
    yield "1e6 Gy voxel (defect 8)", write_dose(tmp_path / "b10.h5",
                                                np.where(v == v.max(), 1e6, v).astype("f4"))
    yield "int16 dose", write_dose(tmp_path / "b11.h5", (v * 100).astype("i2"))
    yield "wrong dataset name", write_dose(tmp_path / "b12.h5", v, name="other")
    yield "cGy instead of Gy (defect 7)", write_dose(tmp_path / "b13.h5", v * 100)
    yield "fractions 7", write_dose(tmp_path / "b14.h5", v, attrs={"fractions": 7})
    # (defect 8) 2 KB on disk, 2^36 voxels declared
    p = tmp_path / "b15.h5"
    with h5py.File(p, "w") as f:
        d = f.create_dataset("dose", shape=(4096, 4096, 4096), dtype="f4", chunks=(1, 64, 64))
        d.attrs["origin_mm"] = np.zeros(3)
        d.attrs["spacing_mm"] = np.ones(3)
    yield "sparse 2^36 voxels", p
    p = tmp_path / "b16.h5"
    p.write_bytes(b"\x89HDF\r\n\x1a\n" + os.urandom(2000))
    yield "corrupt HDF5", p
    yield "spacing 1e-300", write_dose(tmp_path / "b17.h5", v, spacing=(1e-300, 4, 4))
    yield "origin 1e300", write_dose(tmp_path / "b18.h5", v, origin=(1e300, 0, 0))


def test_gamma_dvh_bed_on_broken_doses(qa):
    tmp, plan, ok = qa
    for label, bad in broken_doses(tmp):
        out = tmp / "o"
        out.mkdir(exist_ok=True)
        for args in (("gamma", ok, bad, "-o", out / "g.h5", "--json", out / "g.json"),
                     ("gamma", bad, ok, "-o", out / "g.h5"),
                     ("dvh", bad, "--plan", plan, "--json", out / "d.json", "--csv", out / "d.csv"),
                     ("bed", bad, "--plan", plan, "-o", out / "b.h5", "--json", out / "b.json")):
            r = srtdose(*args, timeout=120)
            expect_no_crash(r)
            if r.rc != 0:
                assert leftovers(out) == [], f"{label}: {r.describe()}"
            for f in out.iterdir():
                f.unlink()


def test_courses_on_broken_doses(qa):
    # Each broken dose as the earlier and as the current course of a re-treatment sum.
    tmp, plan, ok = qa
    fx = PLAN.get("fractions", 1)
    for label, bad in broken_doses(tmp):
        out = tmp / "o"
        out.mkdir(exist_ok=True)
        for first, second in ((bad, ok), (ok, bad)):
            courses = tmp / "courses.json"
            courses.write_text(json.dumps({"srtdose_courses": 1, "courses": [
                {"name": "a", "dose": str(first), "fractions": fx, "date": "2025-01-01",
                 "placement": "same_frame"},
                {"name": "b", "dose": str(second), "fractions": fx, "date": "2026-01-01",
                 "plan": str(plan)}]}))
            r = srtdose("courses", courses, "-o", out / "s.h5", "--json", out / "s.json",
                        "--report", out / "s.html", timeout=120)
            expect_no_crash(r)
            if r.rc not in (0, 5):
                assert leftovers(out) == [], f"{label}: {r.describe()}"
            for f in out.iterdir():
                f.unlink()


def test_gamma_is_bounded_on_a_unit_mix_up(qa):
    tmp, plan, ok = qa
    cgy = write_dose(tmp / "cgy.h5", good_values() * 100)
    r = srtdose("gamma", ok, cgy, timeout=60)  # (defect 7) > 300 s before the default cap
    expect_no_crash(r)
    assert r.rc == 0 and "max 2.000" in r.out, r.describe()


def test_clear_errors_on_values(qa):
    tmp, plan, ok = qa
    neg = write_dose(tmp / "neg.h5", good_values() - 5)
    expect_clean_error(srtdose("gamma", ok, neg), "negative", rc=1)
    huge = write_dose(tmp / "huge.h5", np.where(good_values() > 19, 1e6, good_values()))
    expect_clean_error(srtdose("dvh", huge, "--plan", plan, "--json", tmp / "d.json"), "huge.h5",
                       "10000 Gy", rc=1)
    expect_clean_error(srtdose("dvh", ok, "--plan", plan, "--bin-gy", "1e-6", "--json",
                               tmp / "d.json"), "bin", rc=1)
    sparse = tmp / "sparse.h5"
    with h5py.File(sparse, "w") as f:
        d = f.create_dataset("dose", shape=(4096, 4096, 4096), dtype="f4", chunks=(1, 64, 64))
        d.attrs["origin_mm"] = np.zeros(3)
        d.attrs["spacing_mm"] = np.ones(3)
    expect_clean_error(srtdose("gamma", ok, sparse), "sparse.h5", "memory budget", rc=1)
    assert not (tmp / "d.json").exists()


def test_outputs_only_replace_regular_files(qa, tmp_path):
    tmp, plan, ok = qa
    # (defect 4) --json /dev/null renamed a regular file over the device. A device node of the
    # test's own (a null device where the test may make one), so that a regression replaces
    # that node and never the machine's /dev/null.
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        device = None
    if device is not None:
        r = srtdose("gamma", ok, ok, "--json", device)
        expect_clean_error(r, str(device), "not a regular file", rc=4)
        assert stat.S_ISCHR(os.stat(device).st_mode)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    expect_clean_error(srtdose("gamma", ok, ok, "-o", fifo), "fifo", rc=4)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    target = tmp_path / "real.json"
    target.write_text("keep")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    expect_clean_error(srtdose("gamma", ok, ok, "--json", link), "symbolic link", rc=4)
    assert target.read_text() == "keep" and link.is_symlink()


def test_all_outputs_or_none(qa):
    tmp, plan, ok = qa
    out = tmp / "o"
    out.mkdir()
    # (defect 11) -o was left behind when --json could not be written
    r = srtdose("gamma", ok, ok, "-o", out / "g.h5", "--json", tmp / "missing" / "g.json")
    expect_clean_error(r, "missing", rc=4)
    assert leftovers(out) == []
    r = srtdose("dvh", ok, "--plan", plan, "--json", out / "d.json", "--csv",
                tmp / "missing" / "d.csv")
    expect_clean_error(r, "missing", rc=4)
    assert leftovers(out) == []
    r = srtdose("bed", ok, "--plan", plan, "-o", out / "b.h5", "--json", tmp / "missing" / "b")
    expect_clean_error(r, "missing", rc=4)
    assert leftovers(out) == []
    r = srtdose("gamma", ok, ok, "-o", out / "g.h5", "--json", out / "g.json")
    assert r.rc == 0 and leftovers(out) == ["g.h5", "g.json"], r.describe()


def test_stale_temporaries_are_removed(qa):
    tmp, plan, ok = qa
    out = tmp / "o"
    out.mkdir()
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = out / f".g.h5.partial-{dead.pid}"
    stale.write_bytes(b"left by a killed run")
    alive = out / f".g.h5.partial-{os.getpid()}"  # this test's own process: still running
    alive.write_bytes(b"someone else's")
    r = srtdose("gamma", ok, ok, "-o", out / "g.h5")
    assert r.rc == 0, r.describe()
    assert not stale.exists()
    assert alive.exists()


def test_full_disk_is_a_clean_error(qa):
    tmp, plan, ok = qa
    out = tmp / "o"
    out.mkdir()
    big = dict(PLAN)
    big["patient"] = json.loads(json.dumps(PLAN["patient"]))
    big["patient"]["phantom"]["voxel_mm"] = [1, 1, 1]
    p = tmp / "big.json"
    p.write_text(json.dumps(big))
    # (defect 5) the right message, then SIGSEGV in H5F__close_cb at exit
    r = srtdose("phantom", p, "-o", out / "p.h5", fsize_bytes=4096)
    expect_clean_error(r, "p.h5", rc=4)
    assert leftovers(out) == []
