"""Example 1: compute the lung-lesion phantom plan (plans/examples/ideal_lung_srt.json, 5
fields, 3 x 18 Gy) with the collapsed cone and the pencil beam, and plot both DVHs.

    python python/examples/lung_dvh.py [--machine m.h5] [--out out/examples]
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import srtdose  # noqa: E402
from _common import ROOT, arguments  # noqa: E402

a = arguments(__doc__)
plan = srtdose.Plan.from_json(ROOT / "plans" / "examples" / "ideal_lung_srt.json")
ccc = srtdose.compute_dose(plan, a.machine, engine="ccc", directions=a.directions)
pb = srtdose.compute_dose(plan, a.machine, engine="pb")
fig, ax = plt.subplots(figsize=(8, 5))
for dose, style, label in [(ccc, "-", "collapsed cone"), (pb, "--", "pencil beam")]:
    for i, h in enumerate(srtdose.dvh(dose, plan, ["PTV", "GTV", "LUNG_R", "SPINAL_CORD"])):
        v = [100 * x / h["volume_cm3"] for x in h["cumulative_volume_cm3"]]
        ax.plot(h["dose_gy"], v, style, color=f"C{i}", label=f"{h['name']} ({label})")
ax.set_xlabel("dose (Gy)")
ax.set_ylabel("volume (%)")
ax.set_title(f"{plan.name}: {plan.fractions} fractions")
ax.legend(fontsize=7)
fig.savefig(a.out / "lung_dvh.png", dpi=100)
ptv = {e: srtdose.metrics(d, plan, ["D98%", "D50%"], ["PTV"])["PTV"] for e, d in [("ccc", ccc), ("pb", pb)]}
print(f"PTV D98/D50: collapsed cone {ptv['ccc']['D98%']:.1f}/{ptv['ccc']['D50%']:.1f} Gy, "
      f"pencil beam {ptv['pb']['D98%']:.1f}/{ptv['pb']['D50%']:.1f} Gy")
print(f"wrote {a.out / 'lung_dvh.png'}")
