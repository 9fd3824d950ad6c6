#include "host/engine/pb/pb_engine.h"

#include <climits>
#include <cmath>

#include "host/core/error.h"
#include "host/core/materials.h"
#include "host/geometry/iec61217.h"
#include "host/io/hdf5_file.h"
#include "host/machine/electron_contamination.h"
#include "host/machine/machine_file.h"
#include "host/physics/constants.h"
#include "host/physics/photon_cross_sections.h"
#include "kernels/common/launch_cpu.h"
#include "kernels/common/pb_executors.h"

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
  // One array for both paths (PbTablesView); the kernels keep their geometry only.
  b.slab_depth_cm = b.kernels.front().depth_cm;
  for (FspbKernel& k : b.kernels) {
    b.table_offsets.push_back(static_cast<std::int64_t>(b.table_values.size()));
    b.table_halves.push_back(k.half_cells);
    b.max_half = std::max(b.max_half, k.half_cells);
    b.table_values.insert(b.table_values.end(), k.value.begin(), k.value.end());
    k.value = {};
  }
  b.energy_fluence_per_mu = f.read_attr_double("/calibration", "energy_fluence_mev_cm2_per_mu");
  b.head = read_head_model(f);
  b.build_softening(read_spectrum(f));
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

void PbBeamData::build_softening(const physics::Spectrum& spectrum) {
  softening_radius_mm.clear(), softening.clear();
  if (head.off_axis_spectrum.empty()) return;
  if (head.off_axis_spectrum.size() != head.off_axis.size())
    throw IoError("machine file: /head/off_axis spectra and radii differ in number");
  // Water TERMA per unit energy fluence, sum_b w_b mu_b exp(-mu_b d), w_b the share of the
  // energy fluence in bin b (as the collapsed cone's TERMA, host/engine/ccc/terma.cpp).
  const std::size_t nb = spectrum.fluence.size();
  std::vector<double> e(nb), mu(nb);
  for (std::size_t i = 0; i < nb; ++i) {
    e[i] = std::max(0.011, spectrum.bin_mid(i));
    const physics::MassCoefficients c = physics::attenuation_coefficients(MaterialId::Water, e[i]);
    mu[i] = c.incoherent + c.photoelectric + c.pair;
  }
  auto terma = [&](const std::vector<double>& photons, double d_cm) {
    if (photons.size() != nb)
      throw IoError("machine file: /head/off_axis/photon_fluence has the wrong number of bins");
    double t = 0, sum = 0;
    for (std::size_t i = 0; i < nb; ++i) {
      t += photons[i] * e[i] * mu[i] * std::exp(-mu[i] * d_cm);
      sum += photons[i] * e[i];
    }
    return t / sum;
  };
  for (std::size_t r = 0; r < head.off_axis.size(); ++r) {
    softening_radius_mm.push_back(head.off_axis[r].first);
    for (double d : slab_depth_cm)
      softening.push_back(terma(head.off_axis_spectrum[r], d) / terma(spectrum.fluence, d));
  }
}

PbSofteningView PbBeamData::softening_view() const {
  if (softening.empty()) return {};
  return {softening.data(), softening_radius_mm.data(),
          static_cast<int>(softening_radius_mm.size()), static_cast<int>(slab_depth_cm.size())};
}

PbTablesView PbBeamData::tables() const {
  return {table_values.data(),
          table_offsets.data(),
          table_halves.data(),
          scales.data(),
          slab_depth_cm.data(),
          static_cast<int>(scales.size()),
          static_cast<int>(slab_depth_cm.size())};
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
  // Energy fluence at the point's depth: the isocentre value times the inverse square; the
  // kernel is that of the beamlet magnified to this depth (offsets in beamlets).
  const PbPoint p = data.prepare(depth_cm, scale);
  return data.energy_fluence_per_mu * b.fluence *
         data.kernel_at((bev.x - b.x_mm) / data.beamlet_mm, (bev.y - b.y_mm) / data.beamlet_mm, p) *
         physics::kGyPerMeVPerG / (scale * scale) *
         data.softening_view().factor(std::hypot(bev.x, bev.y), p);
}

BeamletBox beamlet_box(const std::vector<Beamlet>& beamlets) {
  BeamletBox box;
  for (const Beamlet& b : beamlets)
    box.x0 = std::min(box.x0, b.x_mm), box.x1 = std::max(box.x1, b.x_mm),
    box.y0 = std::min(box.y0, b.y_mm), box.y1 = std::max(box.y1, b.y_mm);
  return box;
}

FanDepthView segment_fan_layout(const Grid3& g, const BeamFrame& frame, const BeamletBox& box,
                                const PbBeamData& data) {
  const Vec3 s = g.spacing_mm();
  const double r = data.reach_iso_mm;
  return FanDepthMap::layout(g, frame, box.x0 - r, box.x1 + r, box.y0 - r, box.y1 + r,
                             std::min({s.x, s.y, s.z}));
}

FanDepthMap segment_fan_depths(const PatientModel& patient, const BeamFrame& frame,
                               const BeamletBox& box, const PbBeamData& data) {
  return FanDepthMap(patient.density_g_cm3, frame,
                     segment_fan_layout(patient.grid(), frame, box, data));
}

PbSegment::PbSegment(const PatientModel& patient, const BeamSegment& s, const PbBeamData& data)
    : frame(beam_frame(s.gantry_deg, s.collimator_deg, s.couch_deg, s.isocenter_mm, s.sad_mm,
                       patient.position)),
      beamlets(segment_beamlets(s, data)),
      box(beamlet_box(beamlets)),
      electrons(s.aperture, data.head) {
  if (beamlets.empty()) return;
  fan_layout = segment_fan_layout(patient.grid(), frame, box, data);
  const double b_mm = data.beamlet_mm;
  auto index = [&](double x) { return static_cast<int>(std::lround(x / b_mm - 0.5)); };
  m0 = index(box.x0), n0 = index(box.y0);
  nx = index(box.x1) - m0 + 1, ny = index(box.y1) - n0 + 1;
  fluence.assign(static_cast<std::size_t>(nx) * ny, 0.0);
  for (const Beamlet& b : beamlets)
    fluence[static_cast<std::size_t>(index(b.y_mm) - n0) * nx + (index(b.x_mm) - m0)] += b.fluence;
}

PbSegmentView PbSegment::view(const PbBeamData& data, const float* depth_data,
                              const float* lateral_rho, double min_density) const {
  PbSegmentView v;
  v.frame = frame.view();
  v.depths = fan_layout;
  v.depths.depth = depth_data;
  v.electrons = electrons.view();
  v.tables = data.tables();
  v.softening = data.softening_view();
  v.box_x0 = box.x0, v.box_x1 = box.x1, v.box_y0 = box.y0, v.box_y1 = box.y1;
  v.reach_mm = data.reach_iso_mm;
  v.beamlet_mm = data.beamlet_mm;
  v.min_density = min_density;
  v.lateral_density = lateral_rho;
  return v;
}

Volume<float> pb_dose_per_mu(const PatientModel& patient, const BeamSegment& s,
                             const PbBeamData& data, double min_density,
                             const Volume<std::uint8_t>* mask, const Volume<float>* lateral_rho) {
  if (lateral_rho && !data.lateral_scaling)
    throw InputError("pencil beam: lateral scaling needs beam data built for it");
  const Grid3& g = patient.grid();
  Volume<float> dose(g, 0.0f);
  const PbSegment seg(patient, s, data);
  if (seg.beamlets.empty()) return dose;
  // Radiological depths along fan lines over the beamlets' box widened by the kernels' reach,
  // interpolated at the voxels.
  const FanDepthMap depths(patient.density_g_cm3, seg.frame, seg.fan_layout);
  const PbSegmentView view =
      seg.view(data, depths.view().depth, lateral_rho ? lateral_rho->data() : nullptr, min_density);
  const GridView gv = g.view();

  // 1. Per voxel in reach: where it reads the tables (kernels/common/pb_lattice.h).
  struct Entry {
    std::int64_t idx;
    PbQuery q;
  };
  // The GPU keeps every voxel's query; the CPU keeps those in reach, slice by slice.
  std::vector<std::vector<Entry>> per_slice(static_cast<std::size_t>(g.nz()));
  const PbQueryExecutor query{view, gv, patient.density_g_cm3.data(), nullptr};
  const std::int64_t per_k = static_cast<std::int64_t>(g.nx()) * g.ny();
#pragma omp parallel for schedule(dynamic)
  for (int k = 0; k < g.nz(); ++k)
    for (std::int64_t idx = k * per_k; idx < (k + 1) * per_k; ++idx) {
      if (mask && !(*mask)[idx]) continue;
      PbQuery q;
      if (query.query(idx, q)) per_slice[static_cast<std::size_t>(k)].push_back({idx, q});
    }

  // 2. The lattice convolutions those voxels read (one per table and slab used).
  const int n_slabs = view.tables.n_slabs;
  const int n_pairs = view.tables.n_tables * n_slabs;
  std::vector<int> slot(static_cast<std::size_t>(n_pairs), -1);
  for (const auto& slice : per_slice)
    for (const Entry& e : slice) {
      int pairs[4];
      pb_query_pairs(e.q, n_slabs, pairs);
      for (int p : pairs) slot[static_cast<std::size_t>(p)] = 0;
    }
  std::vector<int> pair_of_slot;
  for (int p = 0; p < n_pairs; ++p)
    if (slot[static_cast<std::size_t>(p)] == 0) {
      slot[static_cast<std::size_t>(p)] = static_cast<int>(pair_of_slot.size());
      pair_of_slot.push_back(p);
    }
  // Only the lattice points the voxels read.
  int i_lo = INT_MAX, i_hi = INT_MIN, j_lo = INT_MAX, j_hi = INT_MIN;
  for (const auto& slice : per_slice)
    for (const Entry& e : slice) {
      int a = 0, b = 0, c = 0, d = 0;
      pb_query_points(e.q, a, b, c, d);
      i_lo = std::min(i_lo, a), i_hi = std::max(i_hi, b), j_lo = std::min(j_lo, c),
      j_hi = std::max(j_hi, d);
    }
  const PbLatticeView lattice = seg.lattice();
  const PbConvLayout layout =
      pb_conv_clip(pb_conv_layout(lattice, data.max_half), i_lo, i_hi, j_lo, j_hi);
  std::vector<double> conv(pair_of_slot.size() * static_cast<std::size_t>(layout.size()));
  launch_cpu(static_cast<std::int64_t>(conv.size()),
             PbConvExecutor{lattice, view.tables, layout, pair_of_slot.data(), conv.data()}, 32);
  const PbConvView cv{conv.data(), slot.data(), n_slabs, layout};

  // 3. Each voxel: bilinear in the lattice, linear in depth and scale (= kernel_at summed over
  // the beamlets, exactly).
  const double to_gy = data.energy_fluence_per_mu * physics::kGyPerMeVPerG;
#pragma omp parallel for schedule(dynamic)
  for (int k = 0; k < g.nz(); ++k)
    for (const Entry& e : per_slice[static_cast<std::size_t>(k)])
      dose[e.idx] = PbGatherExecutor::voxel_dose(cv, e.q, to_gy);
  return dose;
}

}  // namespace srtdose
