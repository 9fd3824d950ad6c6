#!/usr/bin/env python3
"""Packs the reference data srtdose's tests and validation use into validation/reference/ and
tests/data/, in compact form, from the team's reference collection (a folder given on the
command line, laid out as its README describes). Run once when a reference is added; the
project never reads that collection at build or test time.

    python3 validation/reference/pack_reference.py COLLECTION_DIR

Needs numpy and h5py (the test virtual environment has both).
"""
import json
import pathlib
import shutil
import sys

import h5py
import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]

MC_CASES = ["caseA", "caseC", "caseF"]
NIST_TABLES = ["air", "lung", "adipose", "tissue", "water", "muscle", "bone"]
MACKIE_KEV = [150, 200, 300, 400, 500, 600, 800, 1000, 1250, 1500, 2000, 3000, 4000, 5000, 6000]


def pack_mc(src: pathlib.Path, dst: pathlib.Path) -> None:
    """Monte Carlo doses: float64 raw -> float32 HDF5 datasets dose and unc (gzip 9, shuffle);
    the geometry stays in <case>.json; the tables and plan-format cases are copied."""
    (dst / "cases").mkdir(parents=True, exist_ok=True)
    for case in MC_CASES:
        meta = json.loads((src / f"{case}.json").read_text())
        shape = (meta["nz"], meta["ny"], meta["nx"])
        with h5py.File(dst / f"{case}.h5", "w") as f:
            for name in ("dose", "unc"):
                values = np.fromfile(src / f"{case}_{name}.bin", "<f8").reshape(shape)
                f.create_dataset(name, data=values.astype("<f4"), compression="gzip",
                                 compression_opts=9, shuffle=True)
        shutil.copyfile(src / f"{case}.json", dst / f"{case}.json")
        for table in ("cax", "prof10"):
            shutil.copyfile(src / f"{case}_{table}.txt", dst / f"{case}_{table}.txt")
        shutil.copyfile(src / "cases" / f"{case}.json", dst / "cases" / f"{case}.json")


def pack_nist(src: pathlib.Path, dst: pathlib.Path) -> None:
    """NIST SRD 126 tables of the materials srtdose knows (public domain), copied as they are."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in NIST_TABLES:
        shutil.copyfile(src / f"{name}.csv", dst / f"{name}.csv")


def write_spectrum(path: pathlib.Path, header: list[str], energies, weights) -> None:
    lines = [f"# {h}" for h in header] + ["e_mev,photons_per_bin"]
    lines += [f"{e:.6g},{w:.6g}" for e, w in zip(energies, weights)]
    path.write_text("\n".join(lines) + "\n")


def pack_spectra(src: pathlib.Path, dst: pathlib.Path) -> None:
    """Published spectra as (bin energy, photons per bin): only the numbers the tests use."""
    dst.mkdir(parents=True, exist_ok=True)
    # EGSnrc spectrum format: title; "N, Emin, mode"; N lines "E_top weight".
    lines = (src / "cerr" / "6MVVarian.spectrum").read_text().splitlines()
    n, lo, mode = lines[1].replace(",", " ").split()[:3]
    lo, mode = float(lo), int(mode)
    energies, weights = [], []
    for row in lines[2:2 + int(n)]:
        top, w = map(float, row.replace(",", " ").split()[:2])
        energies.append(0.5 * (lo + top))
        weights.append(w * (top - lo) if mode == 1 else w)
        lo = top
    write_spectrum(dst / "sheikh-bagheri-rogers-2002-varian-6mv.csv",
                   ["Varian 6 MV (Clinac) photon spectrum on the axis, Monte Carlo (BEAM):",
                    "D. Sheikh-Bagheri and D. W. O. Rogers, Med. Phys. 29, 391-402 (2002).",
                    "Bin mid-point energies; weights are photons per bin (un-normalised)."],
                   energies, weights)
    energies, weights = [], []
    for row in (src / "ucla-cccs" / "spec_10XFFF.spec").read_text().splitlines():
        cols = row.split()
        if len(cols) >= 2:
            energies.append(float(cols[0]))
            weights.append(float(cols[1]))
    write_spectrum(dst / "ucla-cccs-10xfff.csv",
                   ["10 MV flattening-filter-free spectrum of the UCLA GPU collapsed-cone code",
                    "(Neph et al.); origin of the spectrum undocumented there: a comparison only.",
                    "Representative bin energies; weights are photons per bin (fluence weights)."],
                   energies, weights)


def pack_mackie(src: pathlib.Path, dst: pathlib.Path) -> None:
    """Mackie et al. 1988 point kernels reduced to what the tests compare: for each energy and
    radial shell, the fraction of the interacting photon's energy deposited in the shell (all
    five records, and the primary record alone), and its backward-hemisphere part."""
    dst.mkdir(parents=True, exist_ok=True)
    radii = [float(r) for r in (src / "radii.dat").read_text().split()]
    assert len(radii) == 24
    out = ["# Mackie, Bielajew, Rogers, Battista, Phys. Med. Biol. 33, 1-20 (1988): EGS4 point",
           "# energy-deposition kernels in water, summed over the 48 polar cones per radial shell.",
           "# total = primary + first scatter + second scatter + multiple scatter + brems/annihilation;",
           "# backward = the total of the cones with polar angle > 90 degrees. Fractions of the",
           "# interacting photon's energy deposited in the shell.",
           "energy_kev,outer_radius_cm,total,primary,backward"]
    for kev in MACKIE_KEV:
        values = np.loadtxt(src / f"scaf{kev}")[:, 0].reshape(48, 24, 7)
        total = values[:, :, :5].sum(axis=2)
        shell_total = total.sum(axis=0)
        shell_primary = values[:, :, 0].sum(axis=0)
        shell_back = total[24:, :].sum(axis=0)
        for r in range(24):
            out.append(f"{kev},{radii[r]:g},{shell_total[r]:.6e},{shell_primary[r]:.6e},"
                       f"{shell_back[r]:.6e}")
    (dst / "mackie1988_shells.csv").write_text("\n".join(out) + "\n")


def pack_dicom(src: pathlib.Path, dst: pathlib.Path) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("ct.0.dcm", "rtplan.dcm", "rtss.dcm"):
        shutil.copyfile(src / name, dst / name)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    src = pathlib.Path(sys.argv[1]).resolve()
    pack_mc(src / "mc", HERE / "mc")
    pack_nist(src / "attenuation" / "nist", HERE / "attenuation" / "nist")
    pack_spectra(src / "spectra", HERE / "spectra")
    pack_mackie(src / "kernels" / "mackie-monoenergetic", HERE / "kernels")
    pack_dicom(src / "dicom" / "dicompyler-core-example",
               ROOT / "tests" / "data" / "dicom" / "dicompyler-core-example")
    return 0


if __name__ == "__main__":
    sys.exit(main())
