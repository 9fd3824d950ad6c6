#include "host/engine/pb/pb_engine.h"

#include <cmath>

#include "host/core/error.h"
#include "host/geometry/iec61217.h"
#include "host/io/hdf5_file.h"
#include "host/machine/electron_contamination.h"
#include "host/machine/machine_file.h"
#include "host/physics/constants.h"
#include "kernels/common/radiological_depth.h"

namespace srtdose {

PbBeamData PbBeamData::from_machine_file(const std::filesystem::path& file, double beamlet_mm,
                                         double cutoff_cm, bool lateral_scaling) {
  const H5File f = H5File::open_read(file);
  const physics::PencilKernel p = read_pencil_kernel(f);
  PbBeamData b;
  b.beamlet_mm = beamlet_mm;
  b.lateral_scaling = lateral_scaling;
  // Equal steps of 0.05 from the first scale (prepare() relies on it). Below 0.8 (low density
  // only) the cutoff shrinks with the beamlet, keeping the table's size.
  for (double sc = lateral_scaling ? 0.15 : 0.80; sc <= 1.451; sc += 0.05) {
    b.scales.push_back(sc);
    const double cutoff = sc < 0.8 - 1e-9 ? cutoff_cm * sc / 0.8 : cutoff_cm;
    b.kernels.push_back(build_fspb_kernel(p, 0.1 * beamlet_mm * sc, cutoff));
    const FspbKernel& k = b.kernels.back();
    b.reach_iso_mm = std::max(b.reach_iso_mm, 10 * (k.half_cells + 1) * k.beamlet_cm / sc);
  }
  // A point between two tables uses both: allow for the step between neighbouring scales.
  b.reach_iso_mm *= (b.scales[0] + 0.05) / b.scales[0];
  b.energy_fluence_per_mu = f.read_attr_double("/calibration", "energy_fluence_mev_cm2_per_mu");
  b.head = read_head_model(f);
  return b;
}

Volume<float> lateral_density(const PatientModel& patient, double radius_mm) {
  const Grid3& g = patient.grid();
  Volume<float> out = patient.density_g_cm3;
  // Separable box mean, one axis at a time (clamped at the grid's faces).
  for (int axis = 0; axis < 3; ++axis) {
    const int r = static_cast<int>(std::lround(radius_mm / g.spacing_mm()[axis]));
    if (r < 1) continue;
    const Volume<float> in = out;
#pragma omp parallel for collapse(2)
    for (int k = 0; k < g.nz(); ++k)
      for (int j = 0; j < g.ny(); ++j)
        for (int i = 0; i < g.nx(); ++i) {
          double sum = 0;
          int n = 0;
          for (int t = -r; t <= r; ++t) {
            int ijk[3] = {i, j, k};
            ijk[axis] += t;
            if (ijk[axis] < 0 || ijk[axis] >= g.dims()[axis]) continue;
            sum += in.at(ijk[0], ijk[1], ijk[2]);
            ++n;
          }
          out.at(i, j, k) = static_cast<float>(sum / n);
        }
  }
  return out;
}

PbBeamData::Point PbBeamData::prepare(double depth, double scale) const {
  Point p;
  p.depth = kernels.front().depth_at(depth);  // every kernel has the pencil kernel's slabs
  if (scale <= scales.front()) return p;
  if (scale >= scales.back()) {
    p.lo = p.hi = scales.size() - 1;
    return p;
  }
  p.lo = static_cast<std::size_t>((scale - scales.front()) / (scales[1] - scales[0]));
  p.hi = std::min(p.lo + 1, scales.size() - 1);
  p.t = (scale - scales[p.lo]) / (scales[1] - scales[0]);
  return p;
}

double PbBeamData::kernel_at(double dx, double dy, const Point& p) const {
  const double a = kernels[p.lo].at(dx, dy, p.depth);
  return p.t > 0 ? (1 - p.t) * a + p.t * kernels[p.hi].at(dx, dy, p.depth) : a;
}

double PbBeamData::kernel_at(double dx, double dy, double depth, double scale) const {
  return kernel_at(dx, dy, prepare(depth, scale));
}

std::vector<Beamlet> segment_beamlets(const BeamSegment& s, const PbBeamData& data) {
  const double b_mm = data.beamlet_mm;
  // Beamlet fluence: the aperture fluence averaged over each beamlet (fine pixels).
  const FluenceMap fine = aperture_fluence(s.aperture, data.head, std::min(0.25, b_mm / 4), b_mm);
  std::vector<Beamlet> out;
  const double x_lo = fine.x_mm(0), x_hi = fine.x_mm(fine.nx - 1), y_lo = fine.y_mm(0),
               y_hi = fine.y_mm(fine.ny - 1);
  for (double y = std::floor(y_lo / b_mm) * b_mm + 0.5 * b_mm; y < y_hi; y += b_mm)
    for (double x = std::floor(x_lo / b_mm) * b_mm + 0.5 * b_mm; x < x_hi; x += b_mm) {
      double sum = 0;
      int n = 0;
      for (double v = y - 0.5 * b_mm + 0.5 * fine.pixel_mm; v < y + 0.5 * b_mm; v += fine.pixel_mm)
        for (double u = x - 0.5 * b_mm + 0.5 * fine.pixel_mm; u < x + 0.5 * b_mm;
             u += fine.pixel_mm, ++n)
          sum += fine.sample(u, v);
      if (n > 0 && sum > 0) out.push_back({x, y, sum / n});
    }
  return out;
}

double beamlet_dose_per_mu(const PbBeamData& data, const BeamFrame& frame, const Beamlet& b,
                           const Vec3& bev, double depth_cm) {
  const double scale = bev.z / frame.sad_mm;  // isocentre plane -> the point's depth
  const double dx = 0.1 * (bev.x - b.x_mm) * scale, dy = 0.1 * (bev.y - b.y_mm) * scale;
  // Energy fluence at the point's depth: the isocentre value times the inverse square; the
  // kernel is that of the beamlet magnified to this depth.
  return data.energy_fluence_per_mu * b.fluence * data.kernel_at(dx, dy, depth_cm, scale) *
         physics::kGyPerMeVPerG / (scale * scale);
}

Volume<float> pb_dose_per_mu(const PatientModel& patient, const BeamSegment& s,
                             const PbBeamData& data, double min_density,
                             const Volume<std::uint8_t>* mask, const Volume<float>* lateral_rho) {
  if (lateral_rho && !data.lateral_scaling)
    throw InputError("pencil beam: lateral scaling needs beam data built for it");
  const BeamFrame frame = beam_frame(s.gantry_deg, s.collimator_deg, s.couch_deg, s.isocenter_mm,
                                     s.sad_mm, patient.position);
  const std::vector<Beamlet> beamlets = segment_beamlets(s, data);
  const ElectronContamination electrons(s.aperture, data.head);
  const Grid3& g = patient.grid();
  Volume<float> dose(g, 0.0f);
  if (beamlets.empty()) return dose;
  // The beamlets' box at the isocentre plane, widened by the kernels' reach.
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
  for (const Beamlet& b : beamlets)
    x0 = std::min(x0, b.x_mm), x1 = std::max(x1, b.x_mm), y0 = std::min(y0, b.y_mm),
    y1 = std::max(y1, b.y_mm);
  const double reach = data.reach_iso_mm;
  const GridView view = g.view();
  const float* rho = patient.density_g_cm3.data();
#pragma omp parallel for collapse(2) schedule(dynamic)
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const std::int64_t idx = g.index(i, j, k);
        if (patient.density_g_cm3[idx] < min_density || (mask && !(*mask)[idx])) continue;
        const Vec3 bev = frame.to_bev(g.position_mm(i, j, k));
        if (!(bev.z > 0)) continue;
        if (bev.x < x0 - reach || bev.x > x1 + reach || bev.y < y0 - reach || bev.y > y1 + reach)
          continue;
        const double scale = bev.z / frame.sad_mm;  // isocentre plane -> the point's depth
        // Radiological depth only for voxels the beamlets reach.
        const double depth_cm =
            0.1 * radiological_depth_to_voxel_mm(view, rho, frame.source_mm, idx);
        // Lateral scaling: the water kernel of a beamlet rho times smaller, at rho times the
        // offset (1 without scaling).
        const double r = lateral_rho ? std::clamp<double>((*lateral_rho)[idx], 0.19, 1.0) : 1.0;
        const PbBeamData::Point p = data.prepare(depth_cm, scale * r);
        const double f = 0.1 * scale * r;
        double d = 0;
        for (const Beamlet& b : beamlets)
          d += b.fluence * data.kernel_at(f * (bev.x - b.x_mm), f * (bev.y - b.y_mm), p);
        // As beamlet_dose_per_mu: energy fluence at the isocentre x inverse square.
        dose[idx] = static_cast<float>((d * data.energy_fluence_per_mu * physics::kGyPerMeVPerG +
                                        electrons.dose_per_mu_gy(bev.x, bev.y, depth_cm, 1.0)) /
                                       (scale * scale));
      }
  return dose;
}

}  // namespace srtdose
