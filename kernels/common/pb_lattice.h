// Finite-size pencil beam on the beamlet lattice (Gu et al., PMB 54:6287, 2009), shared by the
// CPU and CUDA paths: each voxel's sum over beamlets of the finite-size kernel is a convolution
// of the beamlet fluence lattice with the kernel table of the voxel's depth and scale, read
// bilinearly at the voxel's beam's-eye-view position (host/engine/pb/pb_engine.h).
#pragma once

#include <cstdint>
#include <type_traits>

#include "kernels/common/bev_frame.h"
#include "kernels/common/electron_dose.h"
#include "kernels/common/fan_depth_view.h"
#include "kernels/common/grid_view.h"
#include "kernels/common/hd.h"

namespace srtdose {

/// The finite-size kernel tables of a beam: table t (beamlet magnified by scales[t]) holds
/// n_slabs planes of side x side cells, side = 2 half[t] + 1, cell (i, j) the kernel at
/// (i - half, j - half) beamlets from the beamlet's centre.
struct PbTablesView {
  const double* value = nullptr;  ///< table t's planes from value + offset[t]
  const std::int64_t* offset = nullptr;
  const int* half = nullptr;
  const double* scales = nullptr;         ///< n_tables, equal steps
  const double* slab_depth_cm = nullptr;  ///< n_slabs slab centres, increasing
  int n_tables = 0, n_slabs = 0;

  SRTDOSE_HD_INLINE int side(int t) const { return 2 * half[t] + 1; }
  SRTDOSE_HD_INLINE const double* plane(int t, int slab) const {
    return value + offset[t] + static_cast<std::int64_t>(slab) * side(t) * side(t);
  }
};

/// Where a point reads the tables: scales lo and hi (weight t of hi), slabs slab and slab + 1
/// (weight of slab + 1).
struct PbPoint {
  int lo = 0, hi = 0;
  double t = 0;
  int slab = 0;
  double weight = 0;
};

/// Linear in depth (clamped to the slab centres) and in the beamlet's scale (clamped to the
/// tables).
SRTDOSE_HD_INLINE PbPoint pb_prepare(const PbTablesView& k, double depth_cm, double scale) {
  PbPoint p;
  const double* d = k.slab_depth_cm;
  const int nz = k.n_slabs;
  if (nz < 2 || depth_cm <= d[0]) {
    p.slab = 0, p.weight = 0;
  } else if (depth_cm >= d[nz - 1]) {
    p.slab = nz - 2, p.weight = 1;
  } else {
    int a = 0, b = nz - 1;  // d[a] <= depth < d[b]
    while (b - a > 1) {
      const int m = (a + b) / 2;
      if (d[m] <= depth_cm)
        a = m;
      else
        b = m;
    }
    p.slab = a, p.weight = (depth_cm - d[a]) / (d[a + 1] - d[a]);
  }
  const double* s = k.scales;
  const int last = k.n_tables - 1;
  if (scale <= s[0]) return p;
  if (scale >= s[last]) {
    p.lo = p.hi = last;
    return p;
  }
  const double step = s[1] - s[0];
  p.lo = static_cast<int>((scale - s[0]) / step);
  p.hi = p.lo + 1 < last ? p.lo + 1 : last;
  p.t = (scale - s[p.lo]) / step;
  return p;
}

/// Table t at (fx, fy) cells from its corner, bilinear between cells with the table continued
/// by zeros, linear between the point's slabs.
SRTDOSE_HD_INLINE double pb_table_value(const PbTablesView& k, int t, double fx, double fy,
                                        const PbPoint& p) {
  const int n = k.side(t);
  if (fx <= -1 || fy <= -1 || fx >= n || fy >= n) return 0;
  const int i = static_cast<int>(floor(fx)), j = static_cast<int>(floor(fy));
  const double tx = fx - i, ty = fy - j;
  const bool inside = i >= 0 && j >= 0 && i + 1 < n && j + 1 < n;
  auto plane_value = [&](int slab) {
    const double* v = k.plane(t, slab);
    auto cell = [&](int a, int b) {
      return inside || !(a < 0 || b < 0 || a >= n || b >= n) ? v[b * n + a] : 0.0;
    };
    return (1 - ty) * ((1 - tx) * cell(i, j) + tx * cell(i + 1, j)) +
           ty * ((1 - tx) * cell(i, j + 1) + tx * cell(i + 1, j + 1));
  };
  const double a = plane_value(p.slab);
  if (!(p.weight > 0)) return a;
  const int s1 = p.slab + 1 < k.n_slabs ? p.slab + 1 : k.n_slabs - 1;
  return (1 - p.weight) * a + p.weight * plane_value(s1);
}

/// The kernel of one beamlet at offset (du, dv) beamlets (at the isocentre plane) from its
/// centre, per unit energy fluence: linear between the point's scales.
SRTDOSE_HD_INLINE double pb_kernel_value(const PbTablesView& k, double du, double dv,
                                         const PbPoint& p) {
  const double a = pb_table_value(k, p.lo, du + k.half[p.lo], dv + k.half[p.lo], p);
  if (!(p.t > 0)) return a;
  return (1 - p.t) * a + p.t * pb_table_value(k, p.hi, du + k.half[p.hi], dv + k.half[p.hi], p);
}

/// Off-axis softening (Gu et al. 2009 apply the axis kernel everywhere): the kernels are
/// those of the axis spectrum, so the dose at off-axis radius r and water-equivalent depth d is
/// scaled by the ratio of the water TERMA per unit energy fluence of the spectrum at r to that
/// of the axis spectrum, value[ri * n_slabs + slab] at the kernels' slab depths.
struct PbSofteningView {
  const double* value = nullptr;      ///< null: no softening (factor 1)
  const double* radius_mm = nullptr;  ///< n_radii, increasing (isocentre plane)
  int n_radii = 0, n_slabs = 0;

  /// Linear in radius (clamped) and between the point's slabs.
  SRTDOSE_HD_INLINE double factor(double r_mm, const PbPoint& p) const {
    if (!value) return 1;
    int lo = 0, hi = 0;
    double t = 0;
    if (r_mm >= radius_mm[n_radii - 1]) {
      lo = hi = n_radii - 1;
    } else if (r_mm > radius_mm[0]) {
      hi = 1;
      while (radius_mm[hi] < r_mm) ++hi;
      lo = hi - 1;
      t = (r_mm - radius_mm[lo]) / (radius_mm[hi] - radius_mm[lo]);
    }
    const int s1 = p.slab + 1 < n_slabs ? p.slab + 1 : n_slabs - 1;
    auto at = [&](int ri) {
      const double* v = value + static_cast<std::int64_t>(ri) * n_slabs;
      return (1 - p.weight) * v[p.slab] + p.weight * v[s1];
    };
    return (1 - t) * at(lo) + t * at(hi);
  }
};

/// The beamlet fluence on its lattice: beamlet m sits at x = (m + 0.5) beamlet_mm.
struct PbLatticeView {
  const double* f = nullptr;  ///< [(n - n0) * nx + (m - m0)]
  int m0 = 0, n0 = 0, nx = 0, ny = 0;
};

/// The lattice points where the convolutions are kept (the same for every table: the beamlet
/// lattice widened by the largest half-size and one point).
struct PbConvLayout {
  int i0 = 0, j0 = 0, nx = 0, ny = 0;
  SRTDOSE_HD_INLINE std::int64_t size() const { return static_cast<std::int64_t>(nx) * ny; }
};

SRTDOSE_HD_INLINE PbConvLayout pb_conv_layout(const PbLatticeView& L, int max_half) {
  return {L.m0 - max_half - 1, L.n0 - max_half - 1, L.nx + 2 * max_half + 2,
          L.ny + 2 * max_half + 2};
}

/// The layout cut to the lattice points [i_lo, i_hi] x [j_lo, j_hi], those the voxels read
/// (a patient smaller than the kernels' reach needs only part of the convolution).
SRTDOSE_HD_INLINE PbConvLayout pb_conv_clip(PbConvLayout l, int i_lo, int i_hi, int j_lo,
                                            int j_hi) {
  const int a = l.i0 > i_lo ? l.i0 : i_lo, b = l.i0 + l.nx - 1 < i_hi ? l.i0 + l.nx - 1 : i_hi;
  const int c = l.j0 > j_lo ? l.j0 : j_lo, d = l.j0 + l.ny - 1 < j_hi ? l.j0 + l.ny - 1 : j_hi;
  l.i0 = a, l.j0 = c;
  l.nx = b >= a ? b - a + 1 : 0, l.ny = d >= c ? d - c + 1 : 0;
  return l;
}

/// C[i, j] = sum_mn f[m, n] T[i - m, j - n] for one table plane of half-size h (T = 0 beyond it).
SRTDOSE_HD_INLINE double pb_conv_point(const PbLatticeView& L, const double* plane, int h, int i,
                                       int j) {
  const int side = 2 * h + 1;
  const int m_lo = (i - h > L.m0 ? i - h : L.m0) - L.m0;
  const int m_hi = (i + h < L.m0 + L.nx - 1 ? i + h : L.m0 + L.nx - 1) - L.m0;
  const int n_lo = (j - h > L.n0 ? j - h : L.n0) - L.n0;
  const int n_hi = (j + h < L.n0 + L.ny - 1 ? j + h : L.n0 + L.ny - 1) - L.n0;
  double sum = 0;
  for (int n = n_lo; n <= n_hi; ++n) {
    const double* frow = L.f + static_cast<std::int64_t>(n) * L.nx;
    // Table row (j - n) + h; column (i - m) + h.
    const double* trow =
        plane + static_cast<std::int64_t>(j - (n + L.n0) + h) * side + (i - L.m0 + h);
#if defined(_OPENMP) && !defined(__CUDA_ARCH__)
#pragma omp simd reduction(+ : sum)
#endif
    for (int m = m_lo; m <= m_hi; ++m) sum += frow[m] * trow[-m];
  }
  return sum;
}

/// The convolutions of one segment: pair (table, slab) is kept at c + slot[pair] * layout.size()
/// when slot[pair] >= 0 (pair = table * n_slabs + slab).
struct PbConvView {
  const double* c = nullptr;
  const int* slot = nullptr;
  int n_slabs = 0;
  PbConvLayout layout;

  SRTDOSE_HD_INLINE double at(int table, int slab, int i, int j) const {
    const int s = slot[table * n_slabs + slab];
    i -= layout.i0, j -= layout.j0;
    if (s < 0 || i < 0 || j < 0 || i >= layout.nx || j >= layout.ny) return 0;
    return c[static_cast<std::int64_t>(s) * layout.size() +
             static_cast<std::int64_t>(j) * layout.nx + i];
  }
};

/// What a voxel needs from the segment: its beam's-eye-view position in beamlets (lattice
/// point m at u = m), where it reads the tables, the inverse square and its electron dose.
struct PbQuery {
  double u = 0, v = 0;
  PbPoint p;
  double inv_sq = 0, electrons = 0;
  double softening = 1;  ///< off-axis softening factor of the photon dose
};

/// The lattice points a query reads (bilinear: floor(u) .. floor(u) + 1, the same in v).
SRTDOSE_HD_INLINE void pb_query_points(const PbQuery& q, int& i_lo, int& i_hi, int& j_lo,
                                       int& j_hi) {
  i_lo = static_cast<int>(floor(q.u)), i_hi = i_lo + 1;
  j_lo = static_cast<int>(floor(q.v)), j_hi = j_lo + 1;
}

/// One segment as the per-voxel functions see it.
struct PbSegmentView {
  BevFrame frame;
  FanDepthView depths;
  ElectronView electrons;
  PbTablesView tables;
  PbSofteningView softening;
  double box_x0 = 0, box_x1 = 0, box_y0 = 0, box_y1 = 0;  ///< beamlet centres, iso plane (mm)
  double reach_mm = 0;  ///< the kernels' lateral reach at the isocentre plane
  double beamlet_mm = 2.5;
  double min_density = 0.01;
  const float* lateral_density = nullptr;  ///< lateral density scaling when not null
};

/// The query of voxel (i, j, k), or false when the segment gives it nothing (below the
/// density floor, behind the source, beyond the kernels' reach).
/// Lateral scaling (Gu et al., PMB 56:3087, 2011): the water kernel of a beamlet rho times
/// smaller, at rho times the offset; in beamlet units the offset is the same, only the table
/// changes (rho clamped to [0.19, 1]).
SRTDOSE_HD_INLINE bool pb_query(const PbSegmentView& s, const GridView& g,
                                const float* density_g_cm3, int i, int j, int k, PbQuery& q) {
  const std::int64_t idx = g.index(i, j, k);
  if (density_g_cm3[idx] < s.min_density) return false;
  const Vec3 bev = s.frame.to_bev(g.centre_mm(i, j, k));
  if (!(bev.z > 0)) return false;
  if (bev.x < s.box_x0 - s.reach_mm || bev.x > s.box_x1 + s.reach_mm ||
      bev.y < s.box_y0 - s.reach_mm || bev.y > s.box_y1 + s.reach_mm)
    return false;
  const double scale = bev.z / s.frame.sad_mm;  // isocentre plane -> the voxel's depth
  const double depth_cm = 0.1 * s.depths.depth_mm(bev);
  double r = 1;
  if (s.lateral_density) {
    r = s.lateral_density[idx];
    r = r < 0.19 ? 0.19 : (r > 1 ? 1 : r);
  }
  q.u = bev.x / s.beamlet_mm - 0.5, q.v = bev.y / s.beamlet_mm - 0.5;
  q.p = pb_prepare(s.tables, depth_cm, scale * r);
  q.inv_sq = 1 / (scale * scale);
  q.softening = s.softening.factor(sqrt(bev.x * bev.x + bev.y * bev.y), q.p);
  q.electrons = s.electrons.dose_per_mu_gy(bev.x, bev.y, depth_cm, q.inv_sq);
  return true;
}

/// The (table, slab) pairs a query reads, as pair indices (table * n_slabs + slab).
SRTDOSE_HD_INLINE void pb_query_pairs(const PbQuery& q, int n_slabs, int pairs[4]) {
  const int s1 = q.p.slab + 1 < n_slabs ? q.p.slab + 1 : n_slabs - 1;
  pairs[0] = q.p.lo * n_slabs + q.p.slab, pairs[1] = q.p.lo * n_slabs + s1;
  pairs[2] = q.p.hi * n_slabs + q.p.slab, pairs[3] = q.p.hi * n_slabs + s1;
}

/// One unit-fluence beamlet centred at (xb, yb) mm at the isocentre plane at a voxel (the
/// dose-influence matrix's entry before the MeV/g -> Gy factor): 0 beyond cutoff_mm from the
/// beamlet's centre at the voxel's depth.
SRTDOSE_HD_INLINE double pb_beamlet_value(const PbTablesView& k, const PbQuery& q, double xb_mm,
                                          double yb_mm, double beamlet_mm, double cutoff_mm) {
  const double du = q.u + 0.5 - xb_mm / beamlet_mm, dv = q.v + 0.5 - yb_mm / beamlet_mm;
  const double r_mm = beamlet_mm * sqrt((du * du + dv * dv) / q.inv_sq);  // at the voxel's depth
  if (r_mm > cutoff_mm) return 0;
  return pb_kernel_value(k, du, dv, q.p) * q.inv_sq * q.softening;
}

/// The voxel's sum over beamlets of kernel x fluence (MeV/g per unit energy fluence at the
/// isocentre plane): bilinear in the lattice, linear in depth and scale. The photon dose per
/// MU is this x the MeV/g -> Gy factor x inverse square x softening (pb_voxel_dose).
SRTDOSE_HD_INLINE double pb_gather(const PbConvView& C, const PbQuery& q) {
  const int i = static_cast<int>(floor(q.u)), j = static_cast<int>(floor(q.v));
  const double tx = q.u - i, ty = q.v - j;
  auto bilinear = [&](int table, int slab) {
    return (1 - ty) * ((1 - tx) * C.at(table, slab, i, j) + tx * C.at(table, slab, i + 1, j)) +
           ty * ((1 - tx) * C.at(table, slab, i, j + 1) + tx * C.at(table, slab, i + 1, j + 1));
  };
  auto table_value = [&](int table) {
    const double a = bilinear(table, q.p.slab);
    if (!(q.p.weight > 0)) return a;
    const int s1 = q.p.slab + 1 < C.n_slabs ? q.p.slab + 1 : C.n_slabs - 1;
    return (1 - q.p.weight) * a + q.p.weight * bilinear(table, s1);
  };
  const double d = table_value(q.p.lo);
  return q.p.t > 0 ? (1 - q.p.t) * d + q.p.t * table_value(q.p.hi) : d;
}

/// Dose per MU (Gy) of a voxel from its gathered sum.
SRTDOSE_HD_INLINE double pb_voxel_dose(const PbQuery& q, double gathered, double to_gy) {
  return gathered * to_gy * q.inv_sq * q.softening + q.electrons;
}

}  // namespace srtdose
