#include "host/engine/pb/pb_engine.h"

#include <cmath>

#include "host/core/error.h"
#include "host/engine/radiological_depth.h"
#include "host/geometry/iec61217.h"
#include "host/io/hdf5_file.h"
#include "host/machine/machine_file.h"
#include "host/physics/constants.h"

namespace srtdose {

PbBeamData PbBeamData::from_machine_file(const std::filesystem::path& file, double beamlet_mm,
                                         double cutoff_cm) {
  const H5File f = H5File::open_read(file);
  const physics::PencilKernel p = read_pencil_kernel(f);
  PbBeamData b;
  b.beamlet_mm = beamlet_mm;
  for (double sc = 0.80; sc <= 1.451; sc += 0.05) {
    b.scales.push_back(sc);
    b.kernels.push_back(build_fspb_kernel(p, 0.1 * beamlet_mm * sc, cutoff_cm));
  }
  b.energy_fluence_per_mu = f.read_attr_double("/calibration", "energy_fluence_mev_cm2_per_mu");
  b.head = HeadModel::ideal(f.read_attr_double("/", "sad_mm"));
  return b;
}

double PbBeamData::kernel_at(double dx, double dy, double depth, double scale) const {
  if (scale <= scales.front()) return kernels.front().at(dx, dy, depth);
  if (scale >= scales.back()) return kernels.back().at(dx, dy, depth);
  const std::size_t i =
      static_cast<std::size_t>((scale - scales.front()) / (scales[1] - scales[0]));
  const std::size_t j = std::min(i + 1, scales.size() - 1);
  const double t = (scale - scales[i]) / (scales[1] - scales[0]);
  return (1 - t) * kernels[i].at(dx, dy, depth) + t * kernels[j].at(dx, dy, depth);
}

namespace {}

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
                             const Volume<std::uint8_t>* mask) {
  const BeamFrame frame = beam_frame(s.gantry_deg, s.collimator_deg, s.couch_deg, s.isocenter_mm,
                                     s.sad_mm, patient.position);
  const std::vector<Beamlet> beamlets = segment_beamlets(s, data);
  const Volume<float> depth_mm = radiological_depth_cpu(patient.density_g_cm3, frame.source_mm);
  const Grid3& g = patient.grid();
  Volume<float> dose(g, 0.0f);
#pragma omp parallel for collapse(2) schedule(dynamic)
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const std::int64_t idx = g.index(i, j, k);
        if (patient.density_g_cm3[idx] < min_density || (mask && !(*mask)[idx])) continue;
        const Vec3 bev = frame.to_bev(g.position_mm(i, j, k));
        if (!(bev.z > 0)) continue;
        double d = 0;
        for (const Beamlet& b : beamlets)
          d += beamlet_dose_per_mu(data, frame, b, bev, 0.1 * depth_mm[idx]);
        dose[idx] = static_cast<float>(d);
      }
  return dose;
}

}  // namespace srtdose
