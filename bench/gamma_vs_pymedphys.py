"""Times srtdose gamma and pymedphys.gamma side by side on the same 3D inputs and options.

Usage (from the repository root, after scripts/setup.sh):
    .venv/bin/python bench/gamma_vs_pymedphys.py [--n 60] [--spacing 2] [--dd 2] [--dta 2]

Prints both times, the ratio, and both pass rates. srtdose is timed as the whole CLI run
(reading the files included) and as the computation it reports itself.
"""

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np
import pymedphys


def dose(n, spacing, shift=(0.0, 0.0, 0.0), scale=1.0):
    axis = (np.arange(n) - (n - 1) / 2) * spacing
    z, y, x = np.meshgrid(axis, axis, axis, indexing="ij")
    blobs = [(0, 0, 0, 25, 1.0), (30, -20, 10, 15, 0.6), (-35, 25, -15, 20, 0.5), (10, 40, 30, 12, 0.4)]
    d = np.zeros((n, n, n))
    for bx, by, bz, s, a in blobs:
        d += a * np.exp(-((x - shift[2] - bx) ** 2 + (y - shift[1] - by) ** 2 + (z - shift[0] - bz) ** 2) / (2 * s * s))
    return (axis, axis, axis), (scale * 50.0 * d).astype(np.float32)


def write(path, d, spacing, origin):
    with h5py.File(path, "w") as f:
        ds = f.create_dataset("dose", data=d)
        ds.attrs["origin_mm"] = np.array([origin] * 3, dtype=float)
        ds.attrs["spacing_mm"] = np.array([spacing] * 3, dtype=float)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--spacing", type=float, default=2.0)
    ap.add_argument("--dd", type=float, default=2.0)
    ap.add_argument("--dta", type=float, default=2.0)
    ap.add_argument("--threshold", type=float, default=10.0)
    ap.add_argument("--shift", type=float, default=1.0, help="shift of the evaluated dose (mm, z)")
    ap.add_argument("--scale", type=float, default=1.01, help="scaling of the evaluated dose")
    ap.add_argument("--srtdose", default="build/srtdose")
    a = ap.parse_args()

    axes, ref = dose(a.n, a.spacing)
    _, ev = dose(a.n, a.spacing, shift=(a.shift, 0.5 * a.shift, 0.0), scale=a.scale)
    origin = axes[0][0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write(tmp / "ref.h5", ref, a.spacing, origin)
        write(tmp / "eval.h5", ev, a.spacing, origin)
        t0 = time.perf_counter()
        subprocess.run([a.srtdose, "gamma", str(tmp / "ref.h5"), str(tmp / "eval.h5"), "--dd", str(a.dd),
                        "--dta", str(a.dta), "--threshold", str(a.threshold), "--device", "cpu",
                        "--json", str(tmp / "g.json")], check=True, capture_output=True)
        t_cli = time.perf_counter() - t0
        summary = json.loads((tmp / "g.json").read_text())

    t0 = time.perf_counter()
    g = pymedphys.gamma(axes, ref, axes, ev, a.dd, a.dta, lower_percent_dose_cutoff=a.threshold,
                        interp_fraction=10)
    t_pm = time.perf_counter() - t0
    valid = ~np.isnan(g)
    print(f"grid {a.n}^3 at {a.spacing} mm, shift {a.shift} mm, scale {a.scale}, "
          f"{a.dd}%/{a.dta}mm global, threshold {a.threshold}%: "
          f"{int(valid.sum())} points")
    print(f"srtdose  : {summary['seconds']:.3f} s computing, {t_cli:.3f} s whole CLI run; "
          f"pass {summary['pass_rate_pct']:.2f}%")
    print(f"pymedphys: {t_pm:.3f} s; pass {100 * np.mean(g[valid] <= 1):.2f}%")
    print(f"ratio    : {t_pm / summary['seconds']:.0f}x (computation), {t_pm / t_cli:.0f}x (whole run)")


if __name__ == "__main__":
    main()
