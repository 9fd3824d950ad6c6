"""Plan-check batches from Python, on one machine or a Dask cluster.

``check(paths, client=None, out=..., machine=...)`` finds every RT Plan under the folders (as
``srtdose check`` does), checks each one as a separate task (``client.map`` when a
``dask.distributed.Client`` is given, else in this process), gathers the results and writes the
same summary as the command line (index.html, summary.csv, summary.json). For Slurm job arrays,
use the command line's ``--shard i/N`` instead (docs/check.md).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from . import _srtdose


@dataclass
class Summary:
    plans: list[dict]
    all_passed: bool
    out: Path

    def __repr__(self) -> str:
        passed = sum(p["status"] == "pass" for p in self.plans)
        return f"Summary({len(self.plans)} plans, {passed} passed, out={str(self.out)!r})"


def check_one(plan_uid: str, dirs: Sequence[str], out: str, options_json: str) -> str:
    """Checks one plan (a Dask task): writes its report, returns its result as JSON text."""
    return _srtdose.check_plan(list(dirs), plan_uid, out, options_json)


def check(paths: Sequence[str | os.PathLike], client: Any = None, out: str | os.PathLike = "srtdose-check",
          machine: str | os.PathLike | None = None, criteria: tuple[float, float, float] = (3, 2, 10),
          pass_rate: float = 95, device: str = "auto", directions: tuple[int, int] = (16, 12),
          machine_map: str | os.PathLike | None = None, constraints: str = "tg101",
          engine: str = "ccc") -> Summary:
    """Checks every RT Plan under ``paths``; one task per plan on ``client`` (Dask) if given.
    The options and defaults of ``srtdose check``."""
    dirs = [str(Path(p).resolve()) for p in paths]
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    options = json.dumps({
        "dd": criteria[0], "dta": criteria[1], "threshold": criteria[2], "pass_rate": pass_rate,
        "machine": str(Path(machine).resolve()) if machine else "", "device": device,
        "zenith": directions[0], "azimuths": directions[1], "engine": engine,
        "machine_map": str(machine_map or ""), "constraints": constraints,
    })
    plans = _srtdose.find_plans(dirs)
    uids = [p["plan_uid"] for p in plans]
    if client is None:
        results = [check_one(u, dirs, str(out), options) for u in uids]
    else:
        futures = client.map(check_one, uids, dirs=dirs, out=str(out), options_json=options, pure=False)
        results = client.gather(futures)
    all_passed = _srtdose.write_summary(dirs, str(out), options, results)
    return Summary([json.loads(r) for r in results], bool(all_passed), out)
