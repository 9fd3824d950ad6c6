#include "host/engine/pb/pb_engine.h"

#include <cmath>

#include "host/core/error.h"
#include "host/geometry/iec61217.h"
#include "host/io/hdf5_file.h"
#include "host/machine/electron_contamination.h"
#include "host/machine/machine_file.h"
#include "host/physics/constants.h"

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

double PbBeamData::kernel_at(double du, double dv, const Point& p) const {
  const FspbKernel& lo = kernels[p.lo];
  const double a = lo.at(du * lo.beamlet_cm, dv * lo.beamlet_cm, p.depth);
  if (!(p.t > 0)) return a;
  const FspbKernel& hi = kernels[p.hi];
  return (1 - p.t) * a + p.t * hi.at(du * hi.beamlet_cm, dv * hi.beamlet_cm, p.depth);
}

double PbBeamData::kernel_at(double du, double dv, double depth, double scale) const {
  return kernel_at(du, dv, prepare(depth, scale));
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
  return data.energy_fluence_per_mu * b.fluence *
         data.kernel_at((bev.x - b.x_mm) / data.beamlet_mm, (bev.y - b.y_mm) / data.beamlet_mm,
                        depth_cm, scale) *
         physics::kGyPerMeVPerG / (scale * scale);
}

BeamletBox beamlet_box(const std::vector<Beamlet>& beamlets) {
  BeamletBox box;
  for (const Beamlet& b : beamlets)
    box.x0 = std::min(box.x0, b.x_mm), box.x1 = std::max(box.x1, b.x_mm),
    box.y0 = std::min(box.y0, b.y_mm), box.y1 = std::max(box.y1, b.y_mm);
  return box;
}

FanDepthMap segment_fan_depths(const PatientModel& patient, const BeamFrame& frame,
                               const BeamletBox& box, const PbBeamData& data) {
  const Vec3 s = patient.grid().spacing_mm();
  const double r = data.reach_iso_mm;
  return FanDepthMap(patient.density_g_cm3, frame, box.x0 - r, box.x1 + r, box.y0 - r, box.y1 + r,
                     std::min({s.x, s.y, s.z}));
}

namespace {

/// The beamlet fluence on its lattice: beamlet m sits at x = (m + 0.5) beamlet_mm.
struct BeamletLattice {
  int m0 = 0, n0 = 0, nx = 0, ny = 0;
  std::vector<double> f;  ///< [(n - n0) * nx + (m - m0)]
};

BeamletLattice beamlet_lattice(const std::vector<Beamlet>& beamlets, double b_mm) {
  BeamletLattice L;
  int m1 = 0, n1 = 0;
  bool first = true;
  auto index = [&](double x) { return static_cast<int>(std::lround(x / b_mm - 0.5)); };
  for (const Beamlet& b : beamlets) {
    const int m = index(b.x_mm), n = index(b.y_mm);
    if (first) L.m0 = m1 = m, L.n0 = n1 = n, first = false;
    L.m0 = std::min(L.m0, m), m1 = std::max(m1, m), L.n0 = std::min(L.n0, n), n1 = std::max(n1, n);
  }
  L.nx = m1 - L.m0 + 1, L.ny = n1 - L.n0 + 1;
  L.f.assign(static_cast<std::size_t>(L.nx) * L.ny, 0.0);
  for (const Beamlet& b : beamlets)
    L.f[static_cast<std::size_t>(index(b.y_mm) - L.n0) * L.nx + (index(b.x_mm) - L.m0)] +=
        b.fluence;
  return L;
}

/// The beamlet lattice convolved with one kernel table at one depth slab, C[i, j] =
/// sum_mn f[m, n] T[i - m, j - n], at lattice points i0 .. i0 + nx - 1 (0 outside).
struct LatticeConvolution {
  int i0 = 0, j0 = 0, nx = 0, ny = 0;
  std::vector<double> c;
  double at(int i, int j) const {
    i -= i0, j -= j0;
    if (i < 0 || j < 0 || i >= nx || j >= ny) return 0;
    return c[static_cast<std::size_t>(j) * nx + i];
  }
};

LatticeConvolution convolve(const BeamletLattice& L, const FspbKernel& k, int slab) {
  const int h = k.half_cells, side = k.side();
  LatticeConvolution C;
  C.i0 = L.m0 - h - 1, C.j0 = L.n0 - h - 1;
  C.nx = L.nx + 2 * h + 2, C.ny = L.ny + 2 * h + 2;
  C.c.assign(static_cast<std::size_t>(C.nx) * C.ny, 0.0);
  const double* t = &k.value[static_cast<std::size_t>(slab) * side * side];
  for (int n = 0; n < L.ny; ++n)
    for (int m = 0; m < L.nx; ++m) {
      const double f = L.f[static_cast<std::size_t>(n) * L.nx + m];
      if (f == 0) continue;
      // Beamlet (m, n) spreads its table over output points (m + di, n + dj), |di|, |dj| <= h.
      for (int dj = -h; dj <= h; ++dj) {
        double* row = &C.c[static_cast<std::size_t>(n + dj + h + 1) * C.nx + (m + 1)];
        const double* trow = t + static_cast<std::size_t>(dj + h) * side;
        for (int di = 0; di < side; ++di) row[di] += f * trow[di];
      }
    }
  return C;
}

/// What the first pass learns about a voxel the beamlets reach.
struct VoxelQuery {
  std::int64_t idx;
  double u, v;  ///< beam's-eye-view position in beamlets (lattice point m at u = m)
  PbBeamData::Point p;
  double inv_sq, electrons;
};

}  // namespace

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
  // The beamlets' box at the isocentre plane, widened by the kernels' reach; radiological
  // depths along fan lines over it, interpolated at the voxels.
  const BeamletBox box = beamlet_box(beamlets);
  const double reach = data.reach_iso_mm, b_mm = data.beamlet_mm;
  const FanDepthMap depths = segment_fan_depths(patient, frame, box, data);

  // 1. Per voxel in reach: radiological depth, the kernel tables and slabs it needs.
  std::vector<std::vector<VoxelQuery>> per_slice(static_cast<std::size_t>(g.nz()));
#pragma omp parallel for schedule(dynamic)
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const std::int64_t idx = g.index(i, j, k);
        if (patient.density_g_cm3[idx] < min_density || (mask && !(*mask)[idx])) continue;
        const Vec3 bev = frame.to_bev(g.position_mm(i, j, k));
        if (!(bev.z > 0)) continue;
        if (bev.x < box.x0 - reach || bev.x > box.x1 + reach || bev.y < box.y0 - reach ||
            bev.y > box.y1 + reach)
          continue;
        const double scale = bev.z / frame.sad_mm;  // isocentre plane -> the point's depth
        const double depth_cm = 0.1 * depths.depth_mm(bev);
        // Lateral scaling: the water kernel of a beamlet rho times smaller, at rho times the
        // offset; in beamlet units the offset is the same, only the table changes.
        const double r = lateral_rho ? std::clamp<double>((*lateral_rho)[idx], 0.19, 1.0) : 1.0;
        const double inv_sq = 1 / (scale * scale);
        per_slice[static_cast<std::size_t>(k)].push_back(
            {idx, bev.x / b_mm - 0.5, bev.y / b_mm - 0.5, data.prepare(depth_cm, scale * r), inv_sq,
             electrons.dose_per_mu_gy(bev.x, bev.y, depth_cm, inv_sq)});
      }

  // 2. The lattice convolutions those voxels read (one per table and slab used).
  const int n_slabs = static_cast<int>(data.kernels.front().depth_cm.size());
  const std::size_t n_pairs = data.kernels.size() * static_cast<std::size_t>(n_slabs);
  std::vector<std::uint8_t> needed(n_pairs, 0);
  auto pair_of = [&](std::size_t table, int slab) {
    return table * static_cast<std::size_t>(n_slabs) + static_cast<std::size_t>(slab);
  };
  for (const auto& slice : per_slice)
    for (const VoxelQuery& q : slice) {
      const int s1 = std::min(q.p.depth.slab + 1, n_slabs - 1);
      needed[pair_of(q.p.lo, q.p.depth.slab)] = needed[pair_of(q.p.lo, s1)] = 1;
      needed[pair_of(q.p.hi, q.p.depth.slab)] = needed[pair_of(q.p.hi, s1)] = 1;
    }
  const BeamletLattice lattice = beamlet_lattice(beamlets, b_mm);
  std::vector<std::size_t> todo;
  for (std::size_t q = 0; q < n_pairs; ++q)
    if (needed[q]) todo.push_back(q);
  std::vector<LatticeConvolution> conv(n_pairs);
#pragma omp parallel for schedule(dynamic)
  for (std::size_t t = 0; t < todo.size(); ++t) {
    const std::size_t q = todo[t];
    conv[q] = convolve(lattice, data.kernels[q / static_cast<std::size_t>(n_slabs)],
                       static_cast<int>(q % static_cast<std::size_t>(n_slabs)));
  }

  // 3. Each voxel: bilinear in the lattice, linear in depth and scale (= kernel_at summed over
  // the beamlets, exactly).
  const double to_gy = data.energy_fluence_per_mu * physics::kGyPerMeVPerG;
#pragma omp parallel for schedule(dynamic)
  for (int k = 0; k < g.nz(); ++k)
    for (const VoxelQuery& q : per_slice[static_cast<std::size_t>(k)]) {
      const int i = static_cast<int>(std::floor(q.u)), j = static_cast<int>(std::floor(q.v));
      const double tx = q.u - i, ty = q.v - j;
      auto bilinear = [&](std::size_t table, int slab) {
        const LatticeConvolution& c = conv[pair_of(table, slab)];
        return (1 - ty) * ((1 - tx) * c.at(i, j) + tx * c.at(i + 1, j)) +
               ty * ((1 - tx) * c.at(i, j + 1) + tx * c.at(i + 1, j + 1));
      };
      auto table_value = [&](std::size_t table) {
        const double a = bilinear(table, q.p.depth.slab);
        if (!(q.p.depth.weight > 0)) return a;
        const int s1 = std::min(q.p.depth.slab + 1, n_slabs - 1);
        return (1 - q.p.depth.weight) * a + q.p.depth.weight * bilinear(table, s1);
      };
      double d = table_value(q.p.lo);
      if (q.p.t > 0) d = (1 - q.p.t) * d + q.p.t * table_value(q.p.hi);
      dose[q.idx] = static_cast<float>(d * to_gy * q.inv_sq + q.electrons);
    }
  return dose;
}

}  // namespace srtdose
