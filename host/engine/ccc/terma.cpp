#include "host/engine/ccc/terma.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "host/core/materials.h"
#include "host/engine/fan_depth.h"
#include "host/geometry/iec61217.h"
#include "host/machine/electron_contamination.h"
#include "host/machine/fluence_box_average.h"
#include "kernels/common/radiological_depth.h"

namespace srtdose {

namespace {

struct Vec2 {
  double x, y;
};

/// The energy fluence averaged over the voxel's beam's-eye footprint (its bounding rectangle at
/// the isocentre plane), not at its centre: a field a few voxels wide keeps its width (a 1 x 1
/// cm field on 2.5 mm voxels sampled at the centres spread its TERMA over 5 voxels, 12.5 mm).
/// Voxels whose footprint lies in a uniform part of the map (the centre and the footprint's
/// corners agree) keep the centre value.
double voxel_fluence(const FluenceMap& fluence, const FluenceBoxAverage& box, const Vec3& bev,
                     const Vec2& half_iso) {
  const double f = fluence.sample(bev.x, bev.y);
  const double hx = half_iso.x / bev.z, hy = half_iso.y / bev.z;
  if (fluence.sample(bev.x - hx, bev.y - hy) == f && fluence.sample(bev.x + hx, bev.y + hy) == f &&
      fluence.sample(bev.x - hx, bev.y + hy) == f && fluence.sample(bev.x + hx, bev.y - hy) == f)
    return f;
  return box.mean(bev.x - hx, bev.y - hy, bev.x + hx, bev.y + hy);
}

}  // namespace

Volume<float> terma_per_mu(const PatientModel& patient, const BeamSegment& s,
                           const CccBeamData& data, double pixel_mm, Volume<float>* electron_dose) {
  std::vector<Volume<float>> groups =
      terma_per_mu_by_group(patient, s, data, pixel_mm, electron_dose);
  Volume<float> total = std::move(groups.front());
  for (std::size_t q = 1; q < groups.size(); ++q)
    for (std::int64_t v = 0; v < total.size(); ++v) total[v] += groups[q][v];
  return total;
}

std::vector<Volume<float>> terma_per_mu_by_group(const PatientModel& patient, const BeamSegment& s,
                                                 const CccBeamData& data, double pixel_mm,
                                                 Volume<float>* electron_dose) {
  const BeamFrame frame = beam_frame(s.gantry_deg, s.collimator_deg, s.couch_deg, s.isocenter_mm,
                                     s.sad_mm, patient.position);
  const FluenceMap fluence = aperture_fluence(s.aperture, data.head, pixel_mm);
  const FluenceBoxAverage box(fluence);
  const ElectronContamination electrons(s.aperture, data.head);
  const bool with_electrons = electron_dose && electrons.active();
  const bool softening = !data.off_axis_energy_fraction.empty();
  const Grid3& g = patient.grid();
  const GridView view = g.view();
  const float* rho = patient.density_g_cm3.data();
  const physics::EnergyGroups& groups = data.groups;
  const int n_groups = groups.groups();
  if (n_groups < 1 || groups.first_bin.back() != static_cast<int>(data.energy_mev.size()))
    throw std::logic_error("TERMA: the energy groups do not cover the spectrum's bins");
  std::vector<Volume<float>> terma(static_cast<std::size_t>(n_groups), Volume<float>(g, 0.0f));
  // Where the fluence is only leakage (below 5 % of the open field: transmission, the far
  // penumbra) and for the (smooth, shallow) electron dose outside it, the depth comes from fan
  // lines every two voxels instead of a trace per voxel; in the field every voxel is traced.
  double x0 = fluence.x_mm(0), x1 = fluence.x_mm(fluence.nx - 1), y0 = fluence.y_mm(0),
         y1 = fluence.y_mm(fluence.ny - 1);
  if (with_electrons) {
    double ex0 = 0, ex1 = 0, ey0 = 0, ey1 = 0;
    electrons.extent(ex0, ex1, ey0, ey1);
    x0 = std::min(x0, ex0), x1 = std::max(x1, ex1), y0 = std::min(y0, ey0), y1 = std::max(y1, ey1);
  }
  const Vec3 sp = g.spacing_mm();
  const FanDepthMap fan(patient.density_g_cm3, frame, x0, x1, y0, y1,
                        2 * std::min({sp.x, sp.y, sp.z}));
  constexpr double kTraced = 0.05;  // fluence above which each voxel's depth is traced
  // Half-extent of a voxel's beam's-eye footprint, per unit of SAD / depth (x, y).
  const Vec2 half_iso{0.5 *
                          (std::abs(frame.bld_x.x) * sp.x + std::abs(frame.bld_x.y) * sp.y +
                           std::abs(frame.bld_x.z) * sp.z) *
                          s.sad_mm,
                      0.5 *
                          (std::abs(frame.bld_y.x) * sp.x + std::abs(frame.bld_y.y) * sp.y +
                           std::abs(frame.bld_y.z) * sp.z) *
                          s.sad_mm};
  const std::vector<double>& mu_w = data.mu_rho[static_cast<std::size_t>(MaterialId::Water)];
  std::array<double, 256> electron_ratio{};
  for (const Material& m : materials())
    electron_ratio[static_cast<std::size_t>(m.id)] =
        electrons_per_gram_ratio(m.id, m.nominal_density_g_cm3);
#pragma omp parallel for collapse(2) schedule(dynamic)
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const std::int64_t idx = g.index(i, j, k);
        const Vec3 bev = frame.to_bev(g.position_mm(i, j, k));
        if (!(bev.z > 0)) continue;
        const double f = voxel_fluence(fluence, box, bev, half_iso);
        const double fe = with_electrons ? electrons.relative_fluence(bev.x, bev.y) : 0.0;
        if (f <= 0 && fe <= 0) continue;
        const double inv_sq = (s.sad_mm / bev.z) * (s.sad_mm / bev.z);
        // Radiological depth only where some fluence arrives: small fields skip most voxels.
        const double d_cm =
            0.1 * (f > kTraced ? radiological_depth_to_voxel_mm(view, rho, frame.source_mm, idx)
                               : fan.depth_mm(bev));
        if (fe > 0)
          (*electron_dose)[idx] +=
              static_cast<float>(electrons.dose_per_mu_gy(bev.x, bev.y, d_cm, inv_sq));
        if (f <= 0) continue;
        const std::vector<double>& mu = data.mu_rho[patient.material[idx]];
        // On a water-equivalent patient the release is per water-equivalent gram: the
        // material's mu/rho over its electrons-per-gram ratio (its cross-section per electron).
        const double per_gram =
            patient.water_equivalent ? 1 / electron_ratio[patient.material[idx]] : 1.0;
        const std::vector<double>*lo = &data.energy_fraction, *hi = lo;
        double w = 0;
        if (softening) {
          const OffAxisRow row = off_axis_row(data.head, std::hypot(bev.x, bev.y));
          lo = &data.off_axis_energy_fraction[row.lo], hi = &data.off_axis_energy_fraction[row.hi];
          w = row.t;
        }
        const double scale = data.energy_fluence_per_mu * f * inv_sq * per_gram;
        for (int q = 0; q < n_groups; ++q) {
          double t = 0;
          for (int b = groups.first_bin[static_cast<std::size_t>(q)];
               b < groups.first_bin[static_cast<std::size_t>(q) + 1]; ++b) {
            const std::size_t bin = static_cast<std::size_t>(b);
            t += ((1 - w) * (*lo)[bin] + w * (*hi)[bin]) * std::exp(-mu_w[bin] * d_cm) * mu[bin];
          }
          terma[static_cast<std::size_t>(q)][idx] = static_cast<float>(scale * t);
        }
      }
  return terma;
}

}  // namespace srtdose
