// Collapsed-cone transport along lattice lines (Ahnesjo, Med Phys 16:577, 1989, section II.D and
// eq. 9-11): for one direction, a family of parallel digital lines covers every voxel exactly
// once; along each line the energy released by the TERMA is carried downstream by a recursion
// over a sum-of-exponentials kernel, so a direction costs voxels x components.
// Shared by the CPU and CUDA paths: no allocation, no exceptions.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "kernels/common/grid_view.h"
#include "kernels/common/hd.h"
#include "kernels/common/vec3.h"

namespace srtdose {

constexpr int kMaxKernelComponents = 16;
/// Energy groups of the TERMA, each with its own kernel (kernel hardening:
/// host/physics/energy_groups.h); the kernels share their rates, so only release amplitudes
/// differ between groups.
constexpr int kMaxTermaGroups = 4;

/// The TERMA of each energy group on one grid (MeV/g per MU).
struct TermaGroups {
  const float* group[kMaxTermaGroups] = {};
  int count = 1;
};

/// One direction of the collapsed cone: its digital line family and its kernel.
/// Line geometry: step t (0 .. n_axis - 1) visits slice t (sign > 0) or n_axis - 1 - t
/// (sign < 0) of the dominant axis, and voxel offset + floor(t * slope + 0.5) along the other
/// two axes; lines differ only by their integer offsets, so each voxel lies on exactly one line.
struct LatticeDirection {
  int axis = 2;               ///< dominant axis: the one crossed most often per unit length
  int sign = 1;               ///< direction of travel along it
  int other[2] = {0, 1};      ///< the two other axes
  double slope[2] = {0, 0};   ///< voxels moved along other[] per step, |slope| <= 1
  int offset_lo[2] = {0, 0};  ///< offset of the first line along other[]
  int lines[2] = {0, 0};      ///< number of offsets along other[]
  double step_cm = 0;         ///< geometric length of one step
  int components = 0;         ///< exponential terms of the kernel (<= kMaxKernelComponents)
  double rate_per_cm = 0;     ///< smallest rate a_0; a_c = a_0 2^c
  int groups = 1;             ///< energy groups (TermaGroups::count)
  /// Per group, A_c / a_c x the direction's share of its band: cumulative energy fraction per
  /// component (used without kernel tilting).
  double weight[kMaxTermaGroups][kMaxKernelComponents] = {};
  /// Kernel tilting: the direction's unit vector and solid angle, and the point source.
  Vec3 u;
  double solid_angle_sr = 0;
  Vec3 source_mm;
  /// Voxel box (inclusive) holding every voxel with TERMA; lines that miss it carry nothing and
  /// are skipped, the others start where they reach it. hi < lo: the whole grid.
  int release_lo[3] = {0, 0, 0};
  int release_hi[3] = {-1, -1, -1};

  SRTDOSE_HD_INLINE std::int64_t line_count() const {
    return static_cast<std::int64_t>(lines[0]) * lines[1];
  }
};

/// Kernel tilting (e.g. Liu, Mackie, McCullough, Med Phys 24:1729, 1997): the kernel at each
/// releasing voxel is aligned with the diverging ray from the source through it, not with the
/// central axis. As every band shares the same rates, tilting only changes the amplitudes at
/// release: w_c(theta) per steradian, theta = angle between the direction and the local ray,
/// tabulated at n_theta equal steps from 0 to pi, one table per energy group. A null table
/// means no tilting.
struct TiltTable {
  const double* weight_per_sr = nullptr;  ///< [group][n_theta][components], A_c / (a_c Omega)
  int n_theta = 0;
  double step_rad = 0;
};

/// Host side: finds the voxel box of terma > 0 on grid g and gives it to each direction as its
/// release box (no TERMA at all: the directions keep the whole grid, and carry nothing).
inline void restrict_to_release_box(const GridView& g, const float* terma, LatticeDirection* dirs,
                                    std::size_t n_dirs) {
  int lo[3] = {g.nx, g.ny, g.nz}, hi[3] = {-1, -1, -1};
  for (int k = 0; k < g.nz; ++k)
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i)
        if (terma[g.index(i, j, k)] > 0) {
          const int ijk[3] = {i, j, k};
          for (int a = 0; a < 3; ++a) {
            lo[a] = ijk[a] < lo[a] ? ijk[a] : lo[a];
            hi[a] = ijk[a] > hi[a] ? ijk[a] : hi[a];
          }
        }
  if (hi[0] < 0) return;
  for (std::size_t q = 0; q < n_dirs; ++q)
    for (int a = 0; a < 3; ++a) dirs[q].release_lo[a] = lo[a], dirs[q].release_hi[a] = hi[a];
}

/// The line family of unit direction u (energy flow) on grid g; kernel fields left empty.
SRTDOSE_HD inline LatticeDirection make_lattice_geometry(const GridView& g, Vec3 u) {
  LatticeDirection d;
  // Dominant axis: most voxel planes crossed per unit length, so other axes move <= 1 voxel.
  double best = -1;
  for (int ax = 0; ax < 3; ++ax) {
    const double planes = fabs(u[ax]) / g.spacing_mm[ax];
    if (planes > best) best = planes, d.axis = ax;
  }
  d.sign = u[d.axis] >= 0 ? 1 : -1;
  d.other[0] = d.axis == 0 ? 1 : 0;
  d.other[1] = d.axis == 2 ? 1 : 2;
  const double step_mm = g.spacing_mm[d.axis] / fabs(u[d.axis]);
  d.step_cm = 0.1 * step_mm;
  const int steps = g.dim(d.axis);
  for (int q = 0; q < 2; ++q) {
    const int ax = d.other[q];
    d.slope[q] = u[ax] * step_mm / g.spacing_mm[ax];
    const int drift = static_cast<int>(floor((steps - 1) * d.slope[q] + 0.5));
    d.offset_lo[q] = drift > 0 ? -drift : 0;
    d.lines[q] = g.dim(ax) + (drift > 0 ? drift : -drift);
  }
  return d;
}

/// Walks line `line` (0 .. d.line_count() - 1) from upstream to downstream and calls
/// add(voxel, value) for every voxel on it, value = sum over components of the energy arriving
/// at the voxel centre: TERMA (MeV/g) x cumulative kernel fraction, i.e. MeV/g. Each group's
/// TERMA is released with its own kernel's amplitudes: released_c = sum_g T_g w_{g,c}.
/// Recursion per component c, with Delta = density x step (radiological cm), e = e^{-a_c Delta/2}
/// and w_c = A_c / a_c (exact for a kernel dCK/dr = A_c e^{-a_c r} and TERMA and density
/// constant within a step; Ahnesjo 1989 eq. 11 in cumulative form):
///   arriving at the centre: P e + T w_c (1 - e);   leaving the voxel: P e^2 + T w_c (1 - e^2).
template <class Add>
SRTDOSE_HD inline void ccc_lattice_line(const GridView& g, const TermaGroups& terma,
                                        const float* density_g_cm3, const LatticeDirection& d,
                                        const TiltTable& tilt, std::int64_t line, Add&& add) {
  const int off0 = d.offset_lo[0] + static_cast<int>(line % d.lines[0]);
  const int off1 = d.offset_lo[1] + static_cast<int>(line / d.lines[0]);
  const int steps = g.dim(d.axis), n0 = g.dim(d.other[0]), n1 = g.dim(d.other[1]);
  // Region of interest: upstream of the release box nothing is carried yet, and a line that
  // never crosses the box carries nothing at all (its coordinates move monotonically in t).
  int t_begin = 0;
  if (d.release_hi[0] >= d.release_lo[0]) {
    const int a_lo = d.release_lo[d.axis], a_hi = d.release_hi[d.axis];
    t_begin = d.sign > 0 ? a_lo : steps - 1 - a_hi;
    const int t_last = d.sign > 0 ? a_hi : steps - 1 - a_lo;
    const int off[2] = {off0, off1};
    for (int q = 0; q < 2; ++q) {
      const int oa = off[q] + static_cast<int>(floor(t_begin * d.slope[q] + 0.5));
      const int ob = off[q] + static_cast<int>(floor(t_last * d.slope[q] + 0.5));
      const int lo = oa < ob ? oa : ob, hi = oa < ob ? ob : oa;
      if (hi < d.release_lo[d.other[q]] || lo > d.release_hi[d.other[q]]) return;
    }
  }
  double carried[kMaxKernelComponents];
  for (int c = 0; c < d.components; ++c) carried[c] = 0;
  bool live = false, entered = false;
  for (int t = t_begin; t < steps; ++t) {
    const int o0 = off0 + static_cast<int>(floor(t * d.slope[0] + 0.5));
    const int o1 = off1 + static_cast<int>(floor(t * d.slope[1] + 0.5));
    if (o0 < 0 || o0 >= n0 || o1 < 0 || o1 >= n1) {
      if (entered) break;  // a straight line leaves a box once
      continue;
    }
    entered = true;
    int ijk[3];
    ijk[d.axis] = d.sign > 0 ? t : steps - 1 - t;
    ijk[d.other[0]] = o0;
    ijk[d.other[1]] = o1;
    const std::int64_t v = g.index(ijk[0], ijk[1], ijk[2]);
    double t_g[kMaxTermaGroups];
    double t_v = 0;
    for (int q = 0; q < d.groups; ++q) t_v += t_g[q] = terma.group[q][v];
    if (!live && !(t_v > 0)) continue;  // nothing released upstream yet
    live = true;
    const double delta_cm = density_g_cm3[v] * d.step_cm;
    // This voxel's release per component: the direction's own weights, or the weights tilted
    // to the local ray (interpolated in the tables at the angle to it), per energy group.
    double released[kMaxKernelComponents];
    for (int c = 0; c < d.components; ++c) released[c] = 0;
    if (t_v > 0) {
      if (tilt.weight_per_sr) {
        const Vec3 ray = g.centre_mm(ijk[0], ijk[1], ijk[2]) - d.source_mm;
        const double cos_theta = dot(ray, d.u) / norm(ray);
        const double x = acos(fmin(1.0, fmax(-1.0, cos_theta))) / tilt.step_rad;
        int k = static_cast<int>(x);
        k = k < 0 ? 0 : (k > tilt.n_theta - 2 ? tilt.n_theta - 2 : k);
        const double frac = x - k;
        for (int q = 0; q < d.groups; ++q) {
          if (!(t_g[q] > 0)) continue;
          const double* w0 =
              tilt.weight_per_sr + (static_cast<std::int64_t>(q) * tilt.n_theta + k) * d.components;
          const double* w1 = w0 + d.components;
          const double s = t_g[q] * d.solid_angle_sr;
          for (int c = 0; c < d.components; ++c)
            released[c] += s * (w0[c] + frac * (w1[c] - w0[c]));
        }
      } else {
        for (int q = 0; q < d.groups; ++q)
          for (int c = 0; c < d.components; ++c) released[c] += t_g[q] * d.weight[q][c];
      }
    }
    // e^{-a_c Delta / 2} for every c from one exponential: a_{c+1} = 2 a_c.
    double half = exp(-0.5 * d.rate_per_cm * delta_cm);
    double value = 0;
    for (int c = 0; c < d.components; ++c) {
      const double full = half * half;
      value += carried[c] * half + released[c] * (1 - half);
      carried[c] = carried[c] * full + released[c] * (1 - full);
      half = full;
    }
    add(v, value);
  }
}

/// One TERMA grid (a single energy group).
template <class Add>
SRTDOSE_HD inline void ccc_lattice_line(const GridView& g, const float* terma,
                                        const float* density_g_cm3, const LatticeDirection& d,
                                        const TiltTable& tilt, std::int64_t line, Add&& add) {
  TermaGroups one;
  one.group[0] = terma;
  one.count = 1;
  ccc_lattice_line(g, one, density_g_cm3, d, tilt, line, static_cast<Add&&>(add));
}

/// One thread per lattice line of direction d: the energy it deposits added into energy[v]
/// (lines of one direction never share a voxel, so no two threads write the same one).
struct CccLatticeExecutor {
  GridView g;
  TermaGroups terma;
  const float* density_g_cm3;
  LatticeDirection d;
  TiltTable tilt;
  double* energy;
  SRTDOSE_HD void operator()(std::int64_t line) const {
    double* e = energy;
    ccc_lattice_line(g, terma, density_g_cm3, d, tilt, line,
                     [e](std::int64_t v, double x) { e[v] += x; });
  }
};

}  // namespace srtdose
