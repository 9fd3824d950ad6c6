"""The bad-input suite's runner: every srtdose run is classified (clean error, success, crash,
hang, memory blow-up) and counted; the counts are printed at the end of the session and written
to $SRTDOSE_ROBUSTNESS_REPORT when set."""

import json
import os
import pathlib
import resource
import signal
import subprocess
from dataclasses import dataclass

import pytest

SRTDOSE = os.environ.get("SRTDOSE_BIN", "srtdose")
SOURCE = pathlib.Path(__file__).resolve().parents[2]
# A run is a blow-up when it needs more than this (srtdose checks its 4 GiB budget first; a
# sanitizer build's shadow memory stays far below).
BLOWUP_KB = 3 * 1024 * 1024
COUNTS = {"runs": 0, "clean_errors": 0, "successes": 0, "crashes": 0, "hangs": 0, "blowups": 0}
EXIT_CODES = {1: "invalid input", 2: "usage", 3: "device", 4: "file", 5: "plans failed"}


@dataclass
class Run:
    args: list
    rc: int
    out: str
    err: str
    hung: bool = False
    maxrss_kb: int = 0

    @property
    def crashed(self):
        return (self.rc < 0 or self.rc not in (0, 1, 2, 3, 4, 5) or "Sanitizer" in self.err
                or "runtime error:" in self.err or "internal error" in self.err)

    @property
    def clean_error(self):
        lines = [l for l in self.err.splitlines() if l.strip()]
        return (self.rc in EXIT_CODES and not self.crashed and not self.hung and len(lines) >= 1
                and lines[-1].startswith("srtdose: error: ") and "\ufffd" not in self.err)

    def describe(self):
        return (f"srtdose {' '.join(map(str, self.args))}\n  rc={self.rc} hung={self.hung} "
                f"maxrss={self.maxrss_kb} kB\n  stderr: {self.err[-2000:]}")


def _limits(fsize_bytes):
    def apply():
        if fsize_bytes is not None:
            # Writes past the limit fail with EFBIG instead of killing the process: a full disk.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize_bytes, fsize_bytes))
    return apply


def srtdose(*args, timeout=120, fsize_bytes=None, cwd=None) -> Run:
    """Runs srtdose, classifies and counts the run; never raises for what srtdose does."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p = subprocess.Popen([SRTDOSE, *map(str, args)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, errors="replace",
                         preexec_fn=_limits(fsize_bytes), cwd=cwd)
    hung = False
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        hung = True
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    r = Run(list(args), p.returncode, out, err, hung, after if after > before else 0)
    COUNTS["runs"] += 1
    if r.hung:
        COUNTS["hangs"] += 1
    elif r.crashed:
        COUNTS["crashes"] += 1
    elif r.maxrss_kb > BLOWUP_KB:
        COUNTS["blowups"] += 1
    elif r.rc in (0, 5):  # 5: check finished with a verdict (a plan failed or had an error)
        COUNTS["successes"] += 1
    elif r.clean_error:
        COUNTS["clean_errors"] += 1
    return r


def expect_clean_error(r: Run, *phrases, rc=None):
    """The run ended with one clear error line naming what it must, and nothing worse."""
    assert not r.hung, r.describe()
    assert not r.crashed, r.describe()
    assert r.maxrss_kb <= BLOWUP_KB, r.describe()
    assert r.clean_error, r.describe()
    if rc is not None:
        assert r.rc == rc, r.describe()
    for p in phrases:
        assert p in r.err, f"expected {p!r} in the error\n" + r.describe()


def expect_no_crash(r: Run):
    """Success or a clean error: no crash, hang or blow-up."""
    assert not r.hung, r.describe()
    assert not r.crashed, r.describe()
    assert r.maxrss_kb <= BLOWUP_KB, r.describe()
    assert r.rc == 0 or r.clean_error or r.rc == 5, r.describe()


def leftovers(folder: pathlib.Path):
    """Files of a folder, hidden temporaries included."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def pytest_terminal_summary(terminalreporter):
    line = ", ".join(f"{k} {v}" for k, v in COUNTS.items())
    terminalreporter.write_line(f"srtdose robustness: {line}")
    report = os.environ.get("SRTDOSE_ROBUSTNESS_REPORT")
    if report:
        pathlib.Path(report).write_text(json.dumps(COUNTS, indent=1) + "\n")


def small_plan(name, half_mm, field_mm, mu, dose_gy, z_half_mm=None):
    """A water cube of half-size half_mm (4 mm voxels) with a 16 mm PTV sphere and one AP field
    of field_mm on the ideal 6 MV source."""
    z = z_half_mm or half_mm
    return {
        "srtdose_plan": 1, "name": name,
        "patient": {"phantom": {
            "extent_mm": {"x": [-half_mm, half_mm], "y": [-half_mm, half_mm], "z": [-z, z]},
            "voxel_mm": [4, 4, 4], "medium": {"material": "water", "density": 1},
            "objects": [{"type": "sphere", "center_mm": [0, 0, 0], "radius_mm": 8,
                         "material": "water", "density": 1, "structure": "PTV"}]}},
        "machine": "ideal-6mv",
        "beams": [{"name": "AP", "gantry_deg": 0, "isocenter_mm": [0, 0, 0],
                   "jaws_mm": {"x": [-field_mm / 2, field_mm / 2],
                               "y": [-field_mm / 2, field_mm / 2]}, "mu": mu}],
        "prescription": {"target": "PTV", "dose_gy": dose_gy, "fractions": 1}, "fractions": 1}


@pytest.fixture(scope="session")
def machine():
    return SOURCE / "plans" / "machines" / "ideal-6mv.h5"
