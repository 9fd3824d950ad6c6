"""Bad plans: every class of defect that reached the engines (numbers out of range, values that
overflow, duplicate keys, names that are not names, sizes beyond memory), then random mutations
of a valid plan. Each run: a clear one-line error naming the file and the JSON path, exit 1, no
output file; or success with the output; never a crash, hang or blow-up."""

import copy
import json
import random

import pytest

from conftest import expect_clean_error, expect_no_crash, leftovers, srtdose

BASE = {
    "srtdose_plan": 1,
    "name": "robust",
    "patient": {"phantom": {
        "extent_mm": {"x": [-20, 20], "y": [-20, 20], "z": [-20, 20]},
        "voxel_mm": [2, 2, 2],
        "medium": {"material": "water", "density": 1.0},
        "objects": [
            {"type": "box", "min_mm": [-20, -20, 0], "max_mm": [20, 20, 20],
             "material": "lung", "density": 0.3},
            {"type": "sphere", "center_mm": [0, 0, 0], "radius_mm": 6,
             "material": "water", "density": 1.0, "structure": "PTV"},
            {"type": "cylinder", "center_mm": [0, 12, 0], "radius_mm": 3, "axis": "z",
             "length_mm": 40, "material": "water", "density": 1.0, "structure": "CORD"}]}},
    "machine": "ideal-6mv",
    "beams": [
        {"name": "AP", "gantry_deg": 0, "collimator_deg": 0, "couch_deg": 0,
         "isocenter_mm": [0, 0, 0], "jaws_mm": {"x": [-10, 10], "y": [-10, 10]}, "mu": 100},
        {"name": "ARC", "isocenter_mm": [0, 0, 0], "cone_mm": 10, "mu": 200,
         "arc": {"start_deg": 181, "stop_deg": 179, "direction": "CW", "spacing_deg": 10}}],
    "dose_grid": {"voxel_mm": [2, 2, 2]},
    "prescription": {"target": "PTV", "dose_gy": 20, "fractions": 1},
    "fractions": 1,
}


def phantom(tmp_path, text):
    plan = tmp_path / "plan.json"
    plan.write_bytes(text if isinstance(text, bytes) else text.encode())
    out = tmp_path / "out" / "patient.h5"
    out.parent.mkdir(exist_ok=True)
    return srtdose("phantom", plan, "-o", out, timeout=120), out


def mutated(change):
    doc = copy.deepcopy(BASE)
    change(doc)
    return json.dumps(doc)


def test_the_base_plan_is_valid(tmp_path):
    r, out = phantom(tmp_path, json.dumps(BASE))
    assert r.rc == 0, r.describe()
    assert out.exists()


CASES = {
    # (defect 9) a beam of 1e308 MU gave an all-NaN dose reported as 0 Gy
    "mu 1e308": (lambda d: d["beams"][0].update(mu=1e308), "beams[0].mu"),
    "mu negative": (lambda d: d["beams"][0].update(mu=-1), "beams[0].mu"),
    # (defect 9) a box at -9e18 mm was painted empty
    "box at -9e18 mm": (lambda d: d["patient"]["phantom"]["objects"][0].update(
        min_mm=[-9e18, -20, 0]), "objects[0].min_mm"),
    "isocentre at 1e300 mm": (lambda d: d["beams"][0].update(isocenter_mm=[1e300, 0, 0]),
                              "beams[0].isocenter_mm"),
    # (defect 8) arc spacing 1e-5 took 3 GB; 1e-7 overflowed an int
    "arc spacing 1e-5": (lambda d: d["beams"][1]["arc"].update(spacing_deg=1e-5),
                         "beams[1].arc.spacing_deg"),
    "arc spacing 1e-7": (lambda d: d["beams"][1]["arc"].update(spacing_deg=1e-7),
                         "beams[1].arc.spacing_deg"),
    # (defect 8) 0.25 mm voxels over a large box allocated 6.7 GB
    "0.01 mm voxels": (lambda d: d["patient"]["phantom"].update(voxel_mm=[0.01, 0.01, 0.01]),
                       "GiB"),
    "0.1 mm voxels over 60 cm": (lambda d: d["patient"]["phantom"].update(
        extent_mm={"x": [-300, 300], "y": [-300, 300], "z": [-300, 300]},
        voxel_mm=[0.1, 0.1, 0.1]), "memory budget"),
    "0.05 mm dose grid": (lambda d: d["dose_grid"].update(voxel_mm=[0.05, 0.05, 0.05]),
                          "dose_grid"),
    # (defect 10) duplicate or unusable structure names ended naming a hidden temporary file
    "duplicate structure": (lambda d: d["patient"]["phantom"]["objects"][2].update(
        structure="PTV"), "duplicate structure name"),
    "structure named .": (lambda d: d["patient"]["phantom"]["objects"][1].update(structure="."),
                          "objects[1].structure"),
    "structure named a/b": (lambda d: d["patient"]["phantom"]["objects"][1].update(
        structure="a/b"), "objects[1].structure"),
    "meterset weight 1e300": (lambda d: d["beams"].__setitem__(0, {
        "name": "CP", "isocenter_mm": [0, 0, 0], "mu": 10, "control_points": [
            {"gantry_deg": 0, "meterset_weight": 0, "jaws_mm": {"x": [-5, 5], "y": [-5, 5]}},
            {"gantry_deg": 10, "meterset_weight": 1e300}]}), "meterset_weight"),
    "HU table to 1e300": (lambda d: d.__setitem__("patient", {"ct": {
        "hdf5": "ct.h5", "hu_to_density": [[-1000, 0.001], [1e300, 2]]}}),
        "patient.ct.hu_to_density[1]"),
    "density 1e300": (lambda d: d["patient"]["phantom"]["medium"].update(density=1e300),
                      "medium.density"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_named_bad_plans(tmp_path, case):
    change, phrase = CASES[case]
    r, out = phantom(tmp_path, mutated(change))
    expect_clean_error(r, "plan.json", phrase, rc=1)
    assert leftovers(out.parent) == [], "no output, not even a temporary"


RAW = {
    # (defect 10) duplicate keys were accepted, the last one winning
    "duplicate key": ('"mu": 100}', '"mu": 100, "mu": 5}', 'key "mu" is given twice'),
    # (defect 10) a number beyond double's range: "internal error", exit 4, no file named
    "number 1e309": ('"mu": 100}', '"mu": 1e309}', "number overflow"),
    "truncated": ('"fractions": 1', '"fractions": ', "invalid JSON"),
    "not UTF-8": ('"robust"', b'"rob\xffust"', "invalid JSON"),
}


@pytest.mark.parametrize("case", sorted(RAW))
def test_malformed_json(tmp_path, case):
    old, new, phrase = RAW[case]
    text = json.dumps(BASE)
    assert old in text
    if isinstance(new, bytes):
        head, tail = text.encode().split(old.encode(), 1)
        r, out = phantom(tmp_path, head + new + tail)
    else:
        r, out = phantom(tmp_path, text.replace(old, new, 1))
    expect_clean_error(r, "plan.json", phrase, rc=1)
    assert leftovers(out.parent) == []


EXTREMES = [1e308, -1e308, 0, -1, 1e-300, 2**31, -(2**63), 1e6, 360, -360, 0.5, "x", None, [],
            {}, True, [1e308, 1e308, 1e308]]


def leaves(doc, path=()):
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from leaves(v, path + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from leaves(v, path + (i,))
    yield path


def set_at(doc, path, value):
    for p in path[:-1]:
        doc = doc[p]
    doc[path[-1]] = value


def delete_at(doc, path):
    for p in path[:-1]:
        doc = doc[p]
    del doc[path[-1]]


@pytest.mark.parametrize("seed", range(160))
def test_random_mutations(tmp_path, seed):
    rng = random.Random(seed)
    doc = copy.deepcopy(BASE)
    paths = [p for p in leaves(doc) if p]
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(paths)
        try:
            if rng.random() < 0.15:
                delete_at(doc, path)
            else:
                set_at(doc, path, copy.deepcopy(rng.choice(EXTREMES)))
        except (KeyError, IndexError, TypeError):
            pass
        paths = [p for p in leaves(doc) if p]
    r, out = phantom(tmp_path, json.dumps(doc))
    expect_no_crash(r)
    if r.rc == 0:
        assert out.exists(), r.describe()
    else:
        assert "plan.json" in r.err, r.describe()
        assert leftovers(out.parent) == [], r.describe()
