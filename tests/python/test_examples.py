"""The three Python examples run end to end (python/examples), with a quick machine file."""

import os
import pathlib
import subprocess
import sys

import pytest

import srtdose

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "python" / "examples"


@pytest.fixture(scope="module")
def machine(tmp_path_factory):
    m = tmp_path_factory.mktemp("m") / "m.h5"
    srtdose.build_machine("ideal-6mv", m, histories=20000, seed=2)
    return m


def example(name, machine, out):
    env = dict(os.environ, MPLBACKEND="Agg")
    r = subprocess.run([sys.executable, str(EXAMPLES / name), "--machine", str(machine), "--out",
                        str(out)], capture_output=True, text=True, env=env, cwd=EXAMPLES)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def test_lung_dvh(machine, tmp_path):
    out = example("lung_dvh.py", machine, tmp_path)
    assert (tmp_path / "lung_dvh.png").stat().st_size > 10000
    # The pencil beam puts more dose in the small lung tumour than the collapsed cone.
    ccc, pb = [float(x.split("/")[0]) for x in out.split("collapsed cone ")[1].split(", pencil beam ")]
    assert pb > ccc


def test_spine_dij_nnls(machine, tmp_path):
    out = example("spine_dij_nnls.py", machine, tmp_path)
    gamma = float(out.split("sequenced plan: ")[1].split(" %")[0])
    assert gamma > 90
    cord = [float(l.split("cord D0.035cc")[1].split("Gy")[0]) for l in out.splitlines() if "cord" in l]
    assert max(cord) < 8  # the optimisation spares the cord (24 Gy prescribed to the PTV)
    assert (tmp_path / "spine_nnls_ccc.h5").exists()


def test_fractionation_table(machine, tmp_path):
    out = example("fractionation_table.py", machine, tmp_path)
    lines = [l for l in out.splitlines() if "x" in l.split()[0]]
    assert [l.split()[0] for l in lines] == ["1x34", "3x18", "5x11", "8x7.5"]
    bed50 = [float(l.split()[3]) for l in lines]
    # Lower doses per fraction, lower target BED (1x34 and 3x18 are close to iso-effective).
    assert bed50[3] < bed50[2] < min(bed50[0], bed50[1])
