"""Example 3: the fractionation comparison table of one plan: its dose rescaled to 1, 3, 5 and
8 fractions (prescription = the scheme's total), with target BED/EQD2 and constraint failures.

    python python/examples/fractionation_table.py [--machine m.h5]
"""

import srtdose
from _common import ROOT, arguments

a = arguments(__doc__)
plan = srtdose.Plan.from_json(ROOT / "plans" / "examples" / "ideal_lung_srt.json")
dose = srtdose.compute_dose(plan, a.machine, directions=a.directions)
rows = srtdose.compare_schemes(dose, plan, ["1x34", "3x18", "5x11", "8x7.5"])
print(f"{'scheme':>8} {'total':>7} {'BED D98':>8} {'BED D50':>8} {'EQD2 D50':>9} {'constraints failed':>19}")
for r in rows:
    print(f"{r['scheme']:>8} {r['total_gy']:7.1f} {r['bed_d98_gy']:8.1f} {r['bed_d50_gy']:8.1f} "
          f"{r['eqd2_d50_gy']:9.1f} {r['constraints_failed']:>10} of {r['constraints_evaluated']}")
