"""srtdose: dose engines and plan QA for stereotactic radiotherapy.

Plans in, numpy out: ``Plan.from_json`` / ``Plan.from_dicom``, ``compute_dose`` (collapsed cone
on CPU or CUDA, pencil beam), ``dij`` (pencil-beam dose-influence matrix as a
``scipy.sparse.csr_matrix``), ``dvh``, ``metrics``, ``gamma``, ``bed``, ``compare_schemes``,
``read`` / ``write`` (HDF5, the layout of the command line). Batches of plan checks:
``srtdose.batch.check`` (optionally on a Dask cluster).

Doses are ``Dose`` objects: a float32 array of shape (nz, ny, nx) (x fastest, as in the HDF5
files) with ``origin_mm`` (centre of the first voxel, x y z) and ``spacing_mm`` (x y z), in DICOM
patient coordinates (LPS, mm), Gy over all fractions. The C++ core does the work with the GIL
released; its errors arrive as ``InputError`` (a ValueError), ``FileError`` (an OSError) or
``DeviceError`` (a RuntimeError), with the same messages as the command line.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

_DATA = Path(__file__).parent / "data"
if _DATA.is_dir():  # an installed package carries its constraint and radiobiology tables
    os.environ.setdefault("SRTDOSE_DATA_DIR", str(_DATA))

from . import _srtdose  # noqa: E402
from ._srtdose import DeviceError, FileError, InputError  # noqa: E402,F401

__version__ = _srtdose.__version__
__all__ = [
    "Plan", "Dose", "Dij", "compute_dose", "dij", "dvh", "metrics", "qa", "gamma", "bed",
    "compare_schemes", "sum_courses", "read", "write", "build_machine", "InputError", "FileError",
    "DeviceError",
]


@dataclass
class Dose:
    """A dose (Gy) on a regular grid: ``array`` (nz, ny, nx) float32, ``origin_mm`` and
    ``spacing_mm`` (x, y, z). ``per_beam`` holds beam doses when they were asked for;
    ``engine``, ``machine`` and ``options`` say how a computed dose was made (as the dose
    file's attributes do)."""

    array: np.ndarray
    origin_mm: tuple[float, float, float]
    spacing_mm: tuple[float, float, float]
    per_beam: dict[str, "Dose"] = field(default_factory=dict)
    device: str = "cpu"
    seconds: float = 0.0
    engine: str = ""
    machine: str = ""
    options: str = ""

    @property
    def shape(self) -> tuple[int, int, int]:
        return tuple(self.array.shape)

    def max(self) -> float:
        return float(self.array.max())


def _dose_from(d: Mapping[str, Any]) -> Dose:
    return Dose(d["array"], tuple(d["origin_mm"]), tuple(d["spacing_mm"]))


def _array(dose: Dose, what: str = "dose") -> np.ndarray:
    """The dose's array as C-contiguous float32 (copied when it is not: views and other dtypes
    are accepted), checked to be 3-D."""
    if not isinstance(dose, Dose):
        raise TypeError(f"{what}: expected srtdose.Dose, got {type(dose).__name__}")
    a = np.ascontiguousarray(dose.array, dtype=np.float32)
    if a.ndim != 3:
        raise InputError(f"{what}: the array must be 3-D (nz, ny, nx), it has {a.ndim} dimension(s)")
    return a


class Plan:
    """A treatment plan in plan format v1 (see PLAN-FORMAT.md).

    Build one with ``Plan.from_json(path_or_dict)`` or ``Plan.from_dicom(folder)``.
    """

    def __init__(self, core: "_srtdose.Plan", source: dict | None = None):
        self._core = core
        self._source = source

    @staticmethod
    def from_json(plan: str | os.PathLike | Mapping[str, Any], base_dir: str | os.PathLike | None = None) -> "Plan":
        """Reads a plan file (path) or a plan given as a dict (relative paths in it resolve
        against ``base_dir``, default the current folder). Unknown keys, wrong types and
        impossible values raise InputError naming the key."""
        if isinstance(plan, Mapping):
            base = str(base_dir if base_dir is not None else Path.cwd())
            return Plan(_srtdose.plan_from_json_text(json.dumps(plan), "plan (dict)", base), dict(plan))
        path = Path(plan)
        return Plan(_srtdose.plan_from_file(str(path)), json.loads(path.read_text()))

    @staticmethod
    def from_dicom(folder: str | os.PathLike, machine_map: str | os.PathLike | None = None,
                   plan_uid: str | None = None) -> "Plan":
        """The RT Plan of a DICOM folder (with its CT series and RT Structure Set as the
        patient). ``machine_map`` maps TreatmentMachineName/energy/fluence to machines
        (default plans/machines/dicom-machines.json); ``plan_uid`` picks one of several plans."""
        return Plan(_srtdose.plan_from_dicom(str(folder), str(machine_map or ""), plan_uid or ""))

    name = property(lambda self: self._core.name, doc="Plan name.")
    fractions = property(lambda self: self._core.fractions, doc="Number of fractions.")
    machine = property(lambda self: self._core.machine, doc="Machine name or machine-file path.")
    beam_names = property(lambda self: list(self._core.beam_names), doc="Beam names, in order.")
    monitor_units = property(lambda self: list(self._core.monitor_units), doc="MU per fraction, per beam.")

    @property
    def prescription(self) -> tuple[str, float] | None:
        """(target structure, total dose in Gy), or None."""
        return self._core.prescription

    def to_dict(self) -> dict:
        """The plan as plan-format JSON (a dict)."""
        if self._source is not None:
            return json.loads(json.dumps(self._source))
        return json.loads(self._core.to_json_text(str(Path.cwd())))

    def __repr__(self) -> str:
        return f"Plan({self.name!r}, {len(self.beam_names)} beams, {self.fractions} fractions, machine {self.machine!r})"


def _machine_file(plan: Plan, machine: str | os.PathLike | None) -> str:
    """The machine file srtdose dose would use (one rule, in the library: the option, else
    the plan's machine file, else a built-in machine's committed file; built for the plan's
    machine)."""
    return _srtdose.resolve_machine(plan._core, "" if machine is None else str(machine))


def compute_dose(plan: Plan, machine: str | os.PathLike | None = None, engine: str = "ccc",
                 device: str = "auto", directions: tuple[int, int] = (16, 12),
                 beamlet_mm: float = 2.5, per_beam: bool = False,
                 lateral_scaling: bool = False, transport: str = "lattice",
                 arc_group_deg: float = 10) -> Dose:
    """Plan dose (Gy, all fractions) on the plan's dose grid.

    machine: machine file from ``build_machine`` / ``srtdose machine build`` (default: the
    plan's machine when it is a file, else the committed file of a built-in machine).
    engine: "ccc" (collapsed cone) or "pb" (pencil beam), each on the CPU or CUDA.
    device: "cpu", "cuda" or "auto" (CUDA when usable; the collapsed cone's exact transport
    runs on the CPU only).
    directions: collapsed-cone zenith bands x azimuths. beamlet_mm: pencil-beam beamlet size.
    lateral_scaling: pencil beam only, scale the kernel laterally by the surrounding density
    (lung; docs/pb-engine.md). transport: collapsed cone "lattice" or "exact" (CPU, slow).
    arc_group_deg: collapsed cone, segments within this gantry range share one transport.
    The same options and defaults as ``srtdose dose``; the dose is the same number.
    """
    if not isinstance(plan, Plan):
        raise TypeError("plan: expected srtdose.Plan")
    zen, az = directions
    r = _srtdose.compute_dose(plan._core, "" if machine is None else str(machine), engine, device,
                              int(zen), int(az), float(beamlet_mm), bool(per_beam),
                              bool(lateral_scaling), str(transport), float(arc_group_deg))
    d = _dose_from(r)
    d.per_beam = {k: _dose_from(v) for k, v in r["per_beam"].items()}
    d.device, d.seconds = r["device"], r["seconds"]
    d.engine, d.machine, d.options = r["engine"], r["machine"], r["options"]
    return d


@dataclass
class Dij:
    """A pencil-beam dose-influence matrix: ``matrix`` (beamlets x voxels, Gy per unit weight,
    CSR float32), so that the dose is ``matrix.T @ w`` reshaped to ``shape_zyx``; the beamlet
    geometry (``beam``, ``segment``, ``x_mm``, ``y_mm`` at the isocentre) and ``open_weight``
    (the weights that give the plan's own dose)."""

    matrix: Any
    beam: np.ndarray
    segment: np.ndarray
    x_mm: np.ndarray
    y_mm: np.ndarray
    open_weight: np.ndarray
    origin_mm: tuple[float, float, float]
    spacing_mm: tuple[float, float, float]
    shape_zyx: tuple[int, int, int]
    beamlet_mm: float

    def dose(self, weights: np.ndarray) -> Dose:
        """The dose of beamlet weights (one per beamlet)."""
        w = np.asarray(weights, dtype=np.float64)
        if w.shape != (self.matrix.shape[0],):
            raise InputError(f"weights: expected {self.matrix.shape[0]} values, got shape {w.shape}")
        a = (self.matrix.T @ w).astype(np.float32).reshape(self.shape_zyx)
        return Dose(a, self.origin_mm, self.spacing_mm)


def dij(plan: Plan, machine: str | os.PathLike | None = None, beamlet_mm: float = 2.5,
        cutoff_mm: float = 30, threshold: float = 1e-4, device: str = "auto") -> Dij:
    """Pencil-beam dose-influence matrix of the plan's beams (all segments): beamlets of
    beamlet_mm at the isocentre, lateral cutoff_mm, entries below threshold x a beamlet's
    maximum dropped. machine as for compute_dose; device "cpu", "cuda" or "auto"."""
    import scipy.sparse

    machine = _machine_file(plan, machine)
    r = _srtdose.dij(plan._core, str(machine), float(beamlet_mm), float(cutoff_mm), float(threshold),
                     str(device))
    rows, cols = r["shape"]
    m = scipy.sparse.csr_matrix((r["data"], r["indices"], r["indptr"]), shape=(rows, cols))
    nx, ny, nz = r["dims"]
    return Dij(m, r["beam"], r["segment"], r["x_mm"], r["y_mm"], r["open_weight"],
               tuple(r["origin_mm"]), tuple(r["spacing_mm"]), (nz, ny, nx), r["beamlet_mm"])


def dvh(dose: Dose, plan: Plan, structures: Sequence[str] | None = None) -> list[dict]:
    """Cumulative DVHs of the plan's structures (all, or the names given; aliases match):
    per structure its volume, min/mean/max, D98/D50/D2, D0.035cc, HI and the curve
    (``dose_gy``, ``cumulative_volume_cm3``)."""
    return _srtdose.dvh(plan._core, _array(dose), dose.origin_mm, dose.spacing_mm, list(structures or []))


def metrics(dose: Dose, plan: Plan, metrics: Iterable[str], structures: Sequence[str] | None = None,
            rx_gy: float | None = None) -> dict[str, dict[str, float]]:
    """DVH metrics by name ("D95%", "D0.035cc", "V20Gy", "V100%", "CV700cc", ...) per structure.
    V..% metrics use rx_gy (default the plan's prescription)."""
    return _srtdose.metrics(plan._core, _array(dose), dose.origin_mm, dose.spacing_mm,
                            list(metrics), list(structures or []), float(rx_gy or 0))


def gamma(reference: Dose, evaluated: Dose, dd: float = 3.0, dta: float = 2.0, threshold: float = 10.0,
          local: bool = False, norm_gy: float | None = None, device: str = "auto") -> dict:
    """3D gamma (Low 1998) of evaluated against reference (grids may differ): pass rate (%),
    mean, median, max, points evaluated/passed, and the gamma map (on the reference grid,
    NaN where not evaluated). dd in %, dta in mm, threshold in % of the normalisation
    (default the reference maximum); global unless local=True."""
    return _srtdose.gamma(_array(reference, "reference"), reference.origin_mm, reference.spacing_mm,
                          _array(evaluated, "evaluated"), evaluated.origin_mm, evaluated.spacing_mm,
                          float(dd), float(dta), float(threshold), bool(local), norm_gy, device)


def bed(dose: Dose, fractions: int | None = None, alpha_beta: float = 10.0, model: str = "lq",
        plan: Plan | None = None, oar_alpha_beta: float | None = None,
        alpha_beta_table: str | os.PathLike | None = None) -> Dose:
    """Voxel BED (Gy) of a dose given in ``fractions`` equal fractions: model "lq", "lq-l"
    or "usc", alpha/beta in Gy.

    With ``plan``, each voxel takes the alpha/beta of the structure covering it, as
    ``srtdose bed -o`` does: targets ``alpha_beta``, organs from the alpha/beta table
    (``alpha_beta_table``, default the built-in one), elsewhere ``oar_alpha_beta`` (default
    the table's); fractions default to the plan's, which needs a prescription. The result
    then also has ``eqd2`` and ``alpha_beta`` maps (as ``Dose`` attributes)."""
    if plan is None:
        if fractions is None:
            raise InputError("bed: give fractions (or a plan)")
        a = _srtdose.bed_map(_array(dose), int(fractions), float(alpha_beta), model)
        return Dose(a, dose.origin_mm, dose.spacing_mm)
    if fractions is not None and int(fractions) != plan.fractions:
        raise InputError(f"bed: fractions {fractions} but the plan has {plan.fractions}")
    m = _srtdose.plan_bed_maps(plan._core, _array(dose), dose.origin_mm, dose.spacing_mm, model,
                               float(alpha_beta), float(oar_alpha_beta or 0),
                               str(alpha_beta_table or ""))
    out = Dose(m["bed"], dose.origin_mm, dose.spacing_mm)
    out.eqd2 = Dose(m["eqd2"], dose.origin_mm, dose.spacing_mm)
    out.alpha_beta = Dose(m["alpha_beta"], dose.origin_mm, dose.spacing_mm)
    return out


def sum_courses(courses: str | os.PathLike | Mapping[str, Any],
                output: str | os.PathLike | None = None, report: str | os.PathLike | None = None,
                base_dir: str | os.PathLike | None = None) -> dict:
    """Cumulative EQD2 of several radiotherapy courses (re-treatment), as ``srtdose courses``
    computes it: ``courses`` is a course list (a COURSES.json path, or the same as a dict whose
    paths are relative to ``base_dir``, default the working folder; docs/courses.md).

    Returns the results of ``srtdose courses --json`` (status, courses, organs with each
    course's contribution and the total, limit results, assumptions) with the maps added as
    ``Dose`` objects on the current course's grid: ``eqd2``, ``bed``, ``alpha_beta``,
    ``physical_sum`` (a physical sum across fractionations: not iso-effective) and
    ``course_eqd2`` (a list, one per course). ``output`` writes the HDF5 file and ``report`` the
    HTML report. A failed limit is a result (``status`` "FAIL"), not an exception."""
    if isinstance(courses, Mapping):
        text, label = json.dumps(courses), "<courses>"
        base = Path(base_dir) if base_dir is not None else Path.cwd()
    else:
        path = Path(courses)
        if not path.is_file():
            raise InputError(f"{path}: no such course list")
        text, label, base = path.read_text(), str(path), path.parent
    r = _srtdose.sum_courses(text, label, str(base), str(output or ""), str(report or ""))
    result = json.loads(r["report_json"])
    origin, spacing = tuple(r["origin_mm"]), tuple(r["spacing_mm"])
    for key in ("eqd2", "bed", "alpha_beta", "physical_sum"):
        result[key] = Dose(r[key], origin, spacing)
    result["course_eqd2"] = [Dose(a, origin, spacing) for a in r["course_eqd2"]]
    return result


def qa(dose: Dose, plan: Plan, structures: Sequence[str] | None = None, metrics: Iterable[str] = (),
       rx_gy: float | None = None, constraints: str | None = "tg101", bin_gy: float = 0.01,
       supersample: int = 0, bed: Mapping[str, Any] | None = None) -> dict:
    """The whole plan-QA report, as ``srtdose dvh --json`` writes it: per structure the DVH
    metrics, extra ``metrics`` and the cumulative DVH; conformity of the prescription target;
    the ``constraints`` set (None: none) for the plan's fractions. With ``bed`` (a dict with
    any of model, lql_transition_gy, usc_alpha, usc_d0, usc_dq, tumour, tumour_alpha_beta,
    oar_alpha_beta, alpha_beta_table, schemes, iso_bed, iso_scheme: the options of
    ``srtdose bed``, same defaults), also ``report["bed"]`` as ``srtdose bed --json`` writes it.
    The same library call as the command line, so the same numbers."""
    options = {"structures": list(structures or []), "metrics": list(metrics),
               "rx_gy": float(rx_gy or 0), "constraints": constraints or "",
               "bin_gy": float(bin_gy), "supersample": int(supersample),
               "bed": dict(bed) if bed is not None else None}
    return json.loads(_srtdose.qa_report(plan._core, _array(dose), dose.origin_mm,
                                         dose.spacing_mm, json.dumps(options)))


def compare_schemes(dose: Dose, plan: Plan, schemes: Iterable[str] = ("1x24", "3x15", "5x10", "8x7.5"),
                    constraints: str = "tg101") -> list[dict]:
    """The plan rescaled to each fractionation scheme ("5x10" = 5 fractions of 10 Gy; the
    prescription becomes the scheme's total): target BED/EQD2 and constraints failed."""
    return _srtdose.compare_schemes(plan._core, _array(dose), dose.origin_mm, dose.spacing_mm,
                                    list(schemes), constraints)


def read(path: str | os.PathLike, dataset: str = "dose") -> Dose:
    """A dose from an srtdose HDF5 file (/dose with origin_mm and spacing_mm)."""
    return _dose_from(_srtdose.read_dose(str(path), dataset))


def write(path: str | os.PathLike, dose: Dose, dataset: str = "dose",
          attrs: Mapping[str, str] | None = None) -> None:
    """Writes a dose as srtdose HDF5 (atomically), readable by the command line."""
    _srtdose.write_dose(str(path), _array(dose), dose.origin_mm, dose.spacing_mm, dataset,
                        {str(k): str(v) for k, v in (attrs or {}).items()})


def build_machine(spec: str | os.PathLike, out: str | os.PathLike, histories: int | None = None,
                  seed: int | None = None) -> None:
    """Builds a machine file (``srtdose machine build``): spec "ideal-6mv" or a spec file."""
    _srtdose.build_machine(str(spec), str(out), int(histories or 0), int(seed or 0))
