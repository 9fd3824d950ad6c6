"""srtdose gamma checked against pymedphys.gamma (code we did not write) on smooth random
2D and 3D distributions with shifts and scalings, with the same options on both sides.

Both interpolate the evaluated dose trilinearly and search it on sub-voxel points at steps of
DTA / interp_fraction: pymedphys on spherical shells, srtdose on a cubic lattice (Wendling et
al. 2007) followed by a continuous refinement, so srtdose reports the continuous minimum that
defines gamma (Low et al. 1998) whatever the step. A sampled search can only overestimate it,
by up to ~(dose gradient x step / dose criterion)^2; measured here at interp_fraction 10 that
is up to 0.12 in gamma on some points (pymedphys's shells meet an isodose at distance 2.0 mm
and report exactly 1.000 where the continuum gives 0.96). Refining pymedphys's step makes it
converge to srtdose's values, which is what the fine-step cases check.

Acceptance, on reference points at least one DTA inside the evaluated grid (pymedphys's shells
sample a grid's boundary face sparsely):
- pass rates within 0.2 percentage points (global gamma at the default step; every case at the
  fine steps);
- at the fine steps, per-point gamma within 0.02 for >= 99 % of points where both are below 2;
- srtdose never above pymedphys (+0.002): no sampled search can undercut the continuum;
- where the two differ most, an independent continuous minimisation (scipy) agrees with
  srtdose to 0.002.
"""

import json
import os
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pymedphys
import pytest
from scipy.interpolate import RegularGridInterpolator
from scipy.optimize import minimize

SRTDOSE = os.environ.get("SRTDOSE_BIN", "srtdose")


def smooth_dose(shape, spacing, origin, seed, shift=(0.0, 0.0, 0.0), scale=1.0):
    """Sum of Gaussian blobs on a grid (shape and vectors in z, y, x order); Gy."""
    rng = np.random.default_rng(seed)
    axes = [o + np.arange(n) * s for n, s, o in zip(shape, spacing, origin)]
    zz, yy, xx = np.meshgrid(*axes, indexing="ij")
    dose = np.zeros(shape)
    for _ in range(5):
        c = rng.uniform(-12, 12, 3)
        sigma = rng.uniform(15, 30)
        amp = rng.uniform(0.5, 2.0)
        r2 = (zz - shift[0] - c[0]) ** 2 + (yy - shift[1] - c[1]) ** 2 + (xx - shift[2] - c[2]) ** 2
        dose += amp * np.exp(-r2 / (2 * sigma * sigma))
    return tuple(axes), (scale * 20.0 * dose).astype(np.float32)


def write_dose(path, dose, spacing, origin):
    """srtdose HDF5 layout: /dose [nz][ny][nx], origin_mm and spacing_mm in x, y, z order."""
    with h5py.File(path, "w") as f:
        d = f.create_dataset("dose", data=dose)
        d.attrs["origin_mm"] = np.array(origin[::-1], dtype=float)
        d.attrs["spacing_mm"] = np.array(spacing[::-1], dtype=float)


def run_srtdose(tmp_path, ref, ev, dd, dta, threshold, local, max_gamma, interp):
    out, summary = tmp_path / "gamma.h5", tmp_path / "gamma.json"
    cmd = [SRTDOSE, "gamma", str(ref), str(ev), "--dd", str(dd), "--dta", str(dta),
           "--threshold", str(threshold), "--max-gamma", str(max_gamma), "--device", "cpu",
           "--interp-fraction", str(interp),
           "-o", str(out), "--json", str(summary)]
    if local:
        cmd.append("--local")
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    with h5py.File(out, "r") as f:
        gamma = f["gamma"][...]
    return gamma, json.loads(summary.read_text())


CASES = [
    # name, ref (shape, spacing, origin), eval grid, shift (z, y, x) mm, scale, dd, dta, local,
    # interp_fraction, pass-rate tolerance (pp; None: reported only), per-point fraction
    ("2d-global-3-2", ((1, 64, 64), (1.0, 1.0, 1.0), (0.0, -31.5, -31.5)), None,
     (0.0, 1.8, -1.4), 1.04, 3, 2, False, 10, 0.2, None),
    ("2d-global-3-2-fine", ((1, 64, 64), (1.0, 1.0, 1.0), (0.0, -31.5, -31.5)), None,
     (0.0, 1.8, -1.4), 1.04, 3, 2, False, 40, 0.2, 0.99),
    ("2d-local-2-2", ((1, 60, 60), (1.0, 1.0, 1.0), (0.0, -29.5, -29.5)), None,
     (0.0, -1.2, 1.0), 0.975, 2, 2, True, 10, None, None),
    ("2d-local-2-2-fine", ((1, 60, 60), (1.0, 1.0, 1.0), (0.0, -29.5, -29.5)), None,
     (0.0, -1.2, 1.0), 0.975, 2, 2, True, 40, 0.2, 0.99),
    ("2d-global-2-1-other-grid-fine", ((1, 50, 50), (1.2, 1.2, 1.2), (0.0, -29.4, -29.4)),
     ((1, 70, 70), (0.9, 0.9, 0.9), (0.0, -31.05, -31.05)), (0.0, 0.7, 0.5), 1.02, 2, 1, False,
     40, 0.2, 0.99),
    ("3d-global-2-2", ((24, 24, 24), (2.0, 2.0, 2.0), (-23.0, -23.0, -23.0)), None,
     (1.0, 1.5, -1.2), 1.03, 2, 2, False, 10, 0.2, None),
    ("3d-global-3-2-other-grid-fine", ((20, 22, 24), (2.5, 2.0, 2.0), (-23.75, -21.0, -23.0)),
     ((30, 30, 30), (1.7, 1.6, 1.6), (-24.65, -23.2, -23.2)), (-1.2, 0.8, 1.5), 0.96, 3, 2, False,
     20, 0.2, 0.99),
]


@pytest.mark.parametrize(
    "name,ref_grid,eval_grid,shift,scale,dd,dta,local,interp,pass_tol,close_frac", CASES,
    ids=[c[0] for c in CASES])
def test_gamma_matches_pymedphys(tmp_path, name, ref_grid, eval_grid, shift, scale, dd, dta,
                                 local, interp, pass_tol, close_frac):
    eval_grid = eval_grid or ref_grid
    threshold, max_gamma = 10, 2.5
    ref_axes, ref = smooth_dose(*ref_grid, seed=3)
    ev_axes, ev = smooth_dose(*eval_grid, seed=3, shift=shift, scale=scale)
    write_dose(tmp_path / "ref.h5", ref, ref_grid[1], ref_grid[2])
    write_dose(tmp_path / "eval.h5", ev, eval_grid[1], eval_grid[2])
    ours, summary = run_srtdose(tmp_path, tmp_path / "ref.h5", tmp_path / "eval.h5", dd, dta,
                                threshold, local, max_gamma, interp)

    two_d = ref.shape[0] == 1
    theirs = pymedphys.gamma(
        ref_axes[1:] if two_d else ref_axes, ref[0] if two_d else ref,
        ev_axes[1:] if two_d else ev_axes, ev[0] if two_d else ev,
        dd, dta, lower_percent_dose_cutoff=threshold, interp_fraction=interp,
        max_gamma=max_gamma, local_gamma=local)
    theirs = theirs[None] if two_d else theirs

    valid = ~np.isnan(theirs)
    # Both evaluate exactly the reference points above the threshold.
    assert np.array_equal(valid, ~np.isnan(ours))
    assert abs(summary["pass_rate_pct"] - 100.0 * np.mean(ours[valid] <= 1)) < 1e-9

    inner = valid & interior(ref_axes, ev_axes, dta)
    assert inner.sum() > 500
    pass_theirs = 100.0 * np.mean(theirs[inner] <= 1)
    pass_ours = 100.0 * np.mean(ours[inner] <= 1)
    assert 5 < pass_ours < 100, "a case that cannot fail proves nothing"
    if pass_tol is not None:
        assert abs(pass_ours - pass_theirs) <= pass_tol, (pass_ours, pass_theirs)

    both = inner & (theirs < 2) & (ours < 2)
    diff = np.abs(ours - theirs)
    frac_close = np.mean(diff[both] <= 0.02)
    if close_frac is not None:
        assert frac_close >= close_frac, frac_close
    # srtdose refines to the continuous minimum, which no sampled search can go below.
    assert np.all(ours[both] <= theirs[both] + 2e-3), (ours[both] - theirs[both]).max()

    # The largest disagreements: the continuous minimum decides which is right.
    dd_gy = dd / 100.0 * (1.0 if local else ref.max())
    worst = np.argsort(np.where(both, diff, -1).ravel())[::-1][:6]
    for flat in worst:
        idx = np.unravel_index(flat, ref.shape)
        point = np.array([a[i] for a, i in zip(ref_axes, idx)])
        crit = dd_gy * (ref[idx] if local else 1.0)
        truth = continuous_gamma(ev_axes, ev, point, float(ref[idx]), dta, crit)
        assert truth - 1e-4 <= ours[idx] <= truth + 2e-3, (idx, ours[idx], theirs[idx], truth)
    print(f"{name}: pass {pass_ours:.2f}% vs pymedphys {pass_theirs:.2f}%; per point "
          f"{100 * frac_close:.2f}% within 0.02, max |dgamma| {diff[both].max():.3f}, "
          f"mean {diff[both].mean():.4f} over {both.sum()} points")


def interior(ref_axes, ev_axes, margin):
    """Reference points at least `margin` mm inside the evaluated grid on every 2+ voxel axis."""
    mask = np.ones([len(a) for a in ref_axes], bool)
    for axis, (ra, ea) in enumerate(zip(ref_axes, ev_axes)):
        if len(ea) == 1:
            continue
        ok = (ra >= ea[0] + margin) & (ra <= ea[-1] - margin)
        shape = [1] * len(ref_axes)
        shape[axis] = len(ra)
        mask &= ok.reshape(shape)
    return mask


def continuous_gamma(ev_axes, ev, point, dose_ref, dta, dd_gy):
    """Gamma as the continuous minimum over the trilinear evaluated dose (multi-start simplex)."""
    keep = [i for i, a in enumerate(ev_axes) if len(a) > 1]
    axes = [ev_axes[i] for i in keep]
    interp = RegularGridInterpolator(axes, ev.squeeze().astype(np.float64))
    lo = np.array([a[0] for a in axes])
    hi = np.array([a[-1] for a in axes])
    r = point[keep]

    def g2(p):
        if np.any(p < lo) or np.any(p > hi):
            return 1e9
        return np.sum((p - r) ** 2) / dta**2 + (interp(p)[0] - dose_ref) ** 2 / dd_gy**2

    rng = np.random.default_rng(0)
    starts = [r] + [r + rng.normal(0, 0.7 * dta, r.size) for _ in range(24)]
    best = min((minimize(g2, s, method="Nelder-Mead",
                         options=dict(xatol=1e-7, fatol=1e-12, maxiter=4000)) for s in starts),
               key=lambda o: o.fun)
    return float(np.sqrt(best.fun))
