#include "host/engine/ccc/terma.h"

#include <cmath>

#include "host/geometry/iec61217.h"
#include "host/machine/electron_contamination.h"
#include "kernels/common/radiological_depth.h"

namespace srtdose {

Volume<float> terma_per_mu(const PatientModel& patient, const BeamSegment& s,
                           const CccBeamData& data, double pixel_mm, Volume<float>* electron_dose) {
  const BeamFrame frame = beam_frame(s.gantry_deg, s.collimator_deg, s.couch_deg, s.isocenter_mm,
                                     s.sad_mm, patient.position);
  const FluenceMap fluence = aperture_fluence(s.aperture, data.head, pixel_mm);
  const ElectronContamination electrons(s.aperture, data.head);
  const bool with_electrons = electron_dose && electrons.active();
  const bool softening = !data.off_axis_energy_fraction.empty();
  const Grid3& g = patient.grid();
  const GridView view = g.view();
  const float* rho = patient.density_g_cm3.data();
  Volume<float> terma(g, 0.0f);
  const std::size_t nb = data.energy_mev.size();
  const std::vector<double>& mu_w = data.mu_rho[static_cast<std::size_t>(MaterialId::Water)];
#pragma omp parallel for collapse(2) schedule(dynamic)
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const std::int64_t idx = g.index(i, j, k);
        const Vec3 bev = frame.to_bev(g.position_mm(i, j, k));
        if (!(bev.z > 0)) continue;
        const double f = fluence.sample(bev.x, bev.y);
        const double fe = with_electrons ? electrons.relative_fluence(bev.x, bev.y) : 0.0;
        if (f <= 0 && fe <= 0) continue;
        const double inv_sq = (s.sad_mm / bev.z) * (s.sad_mm / bev.z);
        // Radiological depth only where the field is open: small fields skip most voxels.
        const double d_cm = 0.1 * radiological_depth_to_voxel_mm(view, rho, frame.source_mm, idx);
        if (fe > 0)
          (*electron_dose)[idx] +=
              static_cast<float>(electrons.dose_per_mu_gy(bev.x, bev.y, d_cm, inv_sq));
        if (f <= 0) continue;
        const std::vector<double>& mu = data.mu_rho[patient.material[idx]];
        const std::vector<double>*lo = &data.energy_fraction, *hi = lo;
        double w = 0;
        if (softening) {
          const OffAxisRow row = off_axis_row(data.head, std::hypot(bev.x, bev.y));
          lo = &data.off_axis_energy_fraction[row.lo], hi = &data.off_axis_energy_fraction[row.hi];
          w = row.t;
        }
        double t = 0;
        for (std::size_t b = 0; b < nb; ++b)
          t += ((1 - w) * (*lo)[b] + w * (*hi)[b]) * std::exp(-mu_w[b] * d_cm) * mu[b];
        terma[idx] = static_cast<float>(data.energy_fluence_per_mu * f * inv_sq * t);
      }
  return terma;
}

}  // namespace srtdose
