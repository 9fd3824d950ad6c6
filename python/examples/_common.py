"""Shared by the examples: the project folder and a machine file (built quickly if none given)."""

import argparse
import pathlib
import tempfile

import srtdose

ROOT = pathlib.Path(__file__).resolve().parents[2]


def arguments(description: str) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--machine", help="machine file (default: a quick ideal-6mv one, ~5 s)")
    p.add_argument("--out", default="out/examples", help="output folder")
    p.add_argument("--directions", default="8x6", help="collapsed-cone directions ZxA")
    a = p.parse_args()
    a.out = pathlib.Path(a.out)
    a.out.mkdir(parents=True, exist_ok=True)
    a.directions = tuple(int(x) for x in a.directions.split("x"))
    if not a.machine:
        a.machine = pathlib.Path(tempfile.mkdtemp()) / "ideal-6mv.h5"
        srtdose.build_machine("ideal-6mv", a.machine, histories=20000, seed=1)
    return a
