// Gamma index at one reference point (Low, Harms, Mutic, Purdy 1998, Med Phys 25:656), with the
// evaluated dose interpolated on the fly on a search lattice of step DTA / interp_fraction
// (Wendling et al. 2007, Med Phys 34:1647). Shared by the CPU and CUDA paths: no allocation.
//
// Search: candidate points are r + s (a, b, c) for integers a, b, c (s = lattice step) inside
// the evaluated grid. The evaluated grid's cells are visited in Chebyshev rings around the
// cell holding r; a ring is skipped, and the search stops, once its distance lower bound
// reaches the best gamma so far (exact early stopping). Inside a cell the lattice is searched
// by branch and bound with a convex relaxation of gamma^2 on each sub-box (gamma_box_bound),
// which finds exactly the minimum over the lattice with few interpolations. Gauss-Newton steps
// on the continuous interpolant then refine it (gamma_refine): the result is at most the
// lattice minimum and, within ~1e-3, the continuous minimum that defines gamma.
#pragma once

#include <cmath>
#include <cstdint>

#include "kernels/common/grid_view.h"
#include "kernels/common/hd.h"
#include "kernels/common/vec3.h"

namespace srtdose {

/// Gamma criteria, in absolute units.
struct GammaCriteria {
  double dta_mm = 2.0;        ///< distance to agreement
  double dd_fraction = 0.03;  ///< dose difference as a fraction (of norm_dose_gy or local dose)
  bool local = false;         ///< local: dose criterion relative to the reference point's dose
  double norm_dose_gy = 1.0;  ///< global normalisation dose
  double max_gamma = 2.0;     ///< cap: gamma >= max_gamma is reported as max_gamma
  double step_mm = 0.2;       ///< search lattice step (DTA / interp_fraction)
};

/// The evaluated distribution: its grid, doses, and per-cell dose ranges (min, max of the
/// cell's 8 corner voxels; cells are the boxes between neighbouring voxel centres, one cell
/// along an axis of a single voxel).
struct GammaEvalView {
  GridView grid;
  const float* dose = nullptr;
  const float* cell_min = nullptr;
  const float* cell_max = nullptr;
};

namespace detail {

SRTDOSE_HD_INLINE int gamma_cells(const GridView& g, int axis) {
  const int n = g.dim(axis);
  return n > 1 ? n - 1 : 1;
}

SRTDOSE_HD_INLINE std::int64_t gamma_cell_index(const GridView& g, int ci, int cj, int ck) {
  return (static_cast<std::int64_t>(ck) * gamma_cells(g, 1) + cj) * gamma_cells(g, 0) + ci;
}

/// Per-search state: the reference point and its dose, and the current cell's trilinear
/// polynomial T(u,v,w) = k0 + k1 u + k2 v + k3 w + k4 uv + k5 uw + k6 vw + k7 uvw in local
/// coordinates u, v, w in [0, 1].
struct GammaSearch {
  Vec3 r;
  double dose_ref;
  double inv_dta2;
  double inv_dd2;
  double step;
  double best2;
  Vec3 best_p;    // where best2 was found (mm)
  Vec3 last_p;    // where the last Newton run ended
  Vec3 cell_lo;   // position of the cell's lower corner
  Vec3 inv_cell;  // 1 / cell size (0 along a single-voxel axis)
  double k[8];

  SRTDOSE_HD_INLINE void set_corners(const double c[8]) {  // c: x fastest
    k[0] = c[0];
    k[1] = c[1] - c[0];
    k[2] = c[2] - c[0];
    k[3] = c[4] - c[0];
    k[4] = c[3] - c[2] - c[1] + c[0];
    k[5] = c[5] - c[4] - c[1] + c[0];
    k[6] = c[6] - c[4] - c[2] + c[0];
    k[7] = c[7] - c[6] - c[5] - c[3] + c[4] + c[2] + c[1] - c[0];
  }
  SRTDOSE_HD_INLINE Vec3 local(double x, double y, double z) const {
    return {fmin(fmax((x - cell_lo.x) * inv_cell.x, 0.0), 1.0),
            fmin(fmax((y - cell_lo.y) * inv_cell.y, 0.0), 1.0),
            fmin(fmax((z - cell_lo.z) * inv_cell.z, 0.0), 1.0)};
  }
  SRTDOSE_HD_INLINE double poly(const Vec3& q) const {
    return k[0] + k[1] * q.x + k[2] * q.y + k[3] * q.z + k[4] * q.x * q.y + k[5] * q.x * q.z +
           k[6] * q.y * q.z + k[7] * q.x * q.y * q.z;
  }
  /// Gamma squared at lattice point (a, b, c) of the current cell.
  SRTDOSE_HD_INLINE double gamma2(int a, int b, int c) const {
    const double da = a * step, db = b * step, dc = c * step;
    const double diff = poly(local(r.x + da, r.y + db, r.z + dc)) - dose_ref;
    return (da * da + db * db + dc * dc) * inv_dta2 + diff * diff * inv_dd2;
  }
  SRTDOSE_HD_INLINE void try_point(int a, int b, int c) {
    const double g2 = gamma2(a, b, c);
    if (g2 < best2) {
      best2 = g2;
      best_p = {r.x + a * step, r.y + b * step, r.z + c * step};
    }
  }
  /// Gamma squared at point p (mm) where the evaluated dose is `dose`.
  SRTDOSE_HD_INLINE double gamma2_at(const Vec3& p, double dose) const {
    const Vec3 d = p - r;
    const double diff = dose - dose_ref;
    return dot(d, d) * inv_dta2 + diff * diff * inv_dd2;
  }
  /// Gamma squared at any point of the current cell (mm, absolute).
  SRTDOSE_HD_INLINE void try_position(const Vec3& p) {
    const double g2 = gamma2_at(p, poly(local(p.x, p.y, p.z)));
    if (g2 < best2) {
      best2 = g2;
      best_p = p;
    }
  }
};

/// Lower bound of gamma squared over the lattice box [a0,a1]x[b0,b1]x[c0,c1], and the point
/// p* (lattice units, relative to r) where the relaxed problem is smallest.
/// Relaxation: T = L + e on the box, L linear (T's expansion at the box centre), |e| <= eps
/// (the cross terms' bound). f(p) = |p - r|^2 / DTA^2 + (|L(p) - D_r| - eps)_+^2 / dD^2 is
/// convex, below gamma^2 on the box, and 2 / DTA^2-strongly convex, so on the box
/// f >= f(p*) + dist(p*, box)^2 / DTA^2 with p* its closed-form global minimiser.
SRTDOSE_HD inline double gamma_box_bound(const GammaSearch& s, int a0, int a1, int b0, int b1,
                                         int c0, int c1, Vec3& p_star) {
  const double x0 = s.r.x + a0 * s.step, x1 = s.r.x + a1 * s.step;
  const double y0 = s.r.y + b0 * s.step, y1 = s.r.y + b1 * s.step;
  const double z0 = s.r.z + c0 * s.step, z1 = s.r.z + c1 * s.step;
  const Vec3 q = s.local(0.5 * (x0 + x1), 0.5 * (y0 + y1), 0.5 * (z0 + z1));
  const double hu = 0.5 * (x1 - x0) * s.inv_cell.x, hv = 0.5 * (y1 - y0) * s.inv_cell.y,
               hw = 0.5 * (z1 - z0) * s.inv_cell.z;
  const double* k = s.k;
  const double tu = k[1] + k[4] * q.y + k[5] * q.z + k[7] * q.y * q.z;
  const double tv = k[2] + k[4] * q.x + k[6] * q.z + k[7] * q.x * q.z;
  const double tw = k[3] + k[5] * q.x + k[6] * q.y + k[7] * q.x * q.y;
  const double eps = fabs(k[4] + k[7] * q.z) * hu * hv + fabs(k[5] + k[7] * q.y) * hu * hw +
                     fabs(k[6] + k[7] * q.x) * hv * hw + fabs(k[7]) * hu * hv * hw;
  // Gradient in Gy/mm; L at r.
  const Vec3 grad{tu * s.inv_cell.x, tv * s.inv_cell.y, tw * s.inv_cell.z};
  const Vec3 centre{0.5 * (x0 + x1), 0.5 * (y0 + y1), 0.5 * (z0 + z1)};
  const double c_signed = s.poly(q) + dot(grad, s.r - centre) - s.dose_ref;
  const double c = fabs(c_signed) - eps;
  double f_star = 0.0;
  Vec3 p = s.r;
  if (c > 0.0) {
    const double g2 = dot(grad, grad);
    const double denom = 1.0 / s.inv_dd2 + g2 / s.inv_dta2;
    f_star = c * c / denom;
    if (g2 > 0.0) {
      const double t_over_g = c / (s.inv_dta2 * denom);  // t* / |grad|
      const double sign = c_signed > 0.0 ? -1.0 : 1.0;
      p = s.r + (sign * t_over_g) * grad;
    }
  }
  p_star = {(p.x - s.r.x) / s.step, (p.y - s.r.y) / s.step, (p.z - s.r.z) / s.step};
  const double dx = p.x < x0 ? x0 - p.x : (p.x > x1 ? p.x - x1 : 0.0);
  const double dy = p.y < y0 ? y0 - p.y : (p.y > y1 ? p.y - y1 : 0.0);
  const double dz = p.z < z0 ? z0 - p.z : (p.z > z1 ? p.z - z1 : 0.0);
  const double strong = f_star + (dx * dx + dy * dy + dz * dz) * s.inv_dta2;
  // The plain distance bound (r to the box) is also valid; keep the larger.
  const double ex = s.r.x < x0 ? x0 - s.r.x : (s.r.x > x1 ? s.r.x - x1 : 0.0);
  const double ey = s.r.y < y0 ? y0 - s.r.y : (s.r.y > y1 ? s.r.y - y1 : 0.0);
  const double ez = s.r.z < z0 ? z0 - s.r.z : (s.r.z > z1 ? s.r.z - z1 : 0.0);
  const double plain = (ex * ex + ey * ey + ez * ez) * s.inv_dta2;
  return strong > plain ? strong : plain;
}

/// Branch and bound over the lattice points of one cell: updates s.best2.
SRTDOSE_HD inline void gamma_search_cell(GammaSearch& s, int a0, int a1, int b0, int b1, int c0,
                                         int c1) {
  struct Node {
    int a0, a1, b0, b1, c0, c1;
  };
  constexpr int kStack = 64;
  Node stack[kStack];
  int top = 0;
  stack[top++] = {a0, a1, b0, b1, c0, c1};
  while (top > 0) {
    const Node n = stack[--top];
    Vec3 p;
    if (gamma_box_bound(s, n.a0, n.a1, n.b0, n.b1, n.c0, n.c1, p) >= s.best2) continue;
    // The relaxed optimum itself (a continuous point, clamped to the box) is a candidate: it
    // lowers best2 early and brings the search close to the continuous minimum.
    s.try_position({s.r.x + fmin(fmax(p.x, n.a0), n.a1) * s.step,
                    s.r.y + fmin(fmax(p.y, n.b0), n.b1) * s.step,
                    s.r.z + fmin(fmax(p.z, n.c0), n.c1) * s.step});
    const int na = n.a1 - n.a0, nb = n.b1 - n.b0, nc = n.c1 - n.c0;
    if ((na + 1) * (nb + 1) * (nc + 1) <= 8 || top + 2 > kStack) {
      for (int c = n.c0; c <= n.c1; ++c)
        for (int b = n.b0; b <= n.b1; ++b)
          for (int a = n.a0; a <= n.a1; ++a) s.try_point(a, b, c);
      continue;
    }
    Node x = n, y = n;  // split the longest side; the half holding p* is searched first
    bool y_first;
    if (na >= nb && na >= nc) {
      const int m = n.a0 + na / 2;
      x.a1 = m, y.a0 = m + 1;
      y_first = p.x > m + 0.5;
    } else if (nb >= nc) {
      const int m = n.b0 + nb / 2;
      x.b1 = m, y.b0 = m + 1;
      y_first = p.y > m + 0.5;
    } else {
      const int m = n.c0 + nc / 2;
      x.c1 = m, y.c0 = m + 1;
      y_first = p.z > m + 0.5;
    }
    stack[top++] = y_first ? x : y;
    stack[top++] = y_first ? y : x;
  }
}

/// The box spanned by the grid's voxel centres (a single-voxel axis: that voxel's plane).
SRTDOSE_HD_INLINE void grid_hull(const GridView& g, Vec3& lo, Vec3& hi) {
  for (int ax = 0; ax < 3; ++ax) {
    lo[ax] = g.origin_mm[ax];
    hi[ax] = g.origin_mm[ax] + (g.dim(ax) - 1) * g.spacing_mm[ax];
  }
}

/// The box of cell (i, j, k): between neighbouring voxel centres (flat along a single-voxel axis).
SRTDOSE_HD_INLINE void cell_box(const GridView& g, const int ijk[3], Vec3& lo, Vec3& hi) {
  for (int ax = 0; ax < 3; ++ax) {
    lo[ax] = g.origin_mm[ax] + ijk[ax] * g.spacing_mm[ax];
    hi[ax] = g.dim(ax) > 1 ? lo[ax] + g.spacing_mm[ax] : lo[ax];
  }
}

/// Visits one evaluated cell: prunes it by distance and dose range, else searches it.
SRTDOSE_HD inline void gamma_visit_cell(GammaSearch& s, const GammaEvalView& ev, int ci, int cj,
                                        int ck) {
  const GridView& g = ev.grid;
  const int ijk[3] = {ci, cj, ck};
  Vec3 lo, hi;
  cell_box(g, ijk, lo, hi);
  double box_d2 = 0.0;
  for (int ax = 0; ax < 3; ++ax) {
    const double d =
        s.r[ax] < lo[ax] ? lo[ax] - s.r[ax] : (s.r[ax] > hi[ax] ? s.r[ax] - hi[ax] : 0.0);
    box_d2 += d * d;
  }
  if (box_d2 * s.inv_dta2 >= s.best2) return;
  const std::int64_t cell = gamma_cell_index(g, ci, cj, ck);
  const double cmin = ev.cell_min[cell], cmax = ev.cell_max[cell];
  const double gap =
      s.dose_ref < cmin ? cmin - s.dose_ref : (s.dose_ref > cmax ? s.dose_ref - cmax : 0.0);
  if (box_d2 * s.inv_dta2 + gap * gap * s.inv_dd2 >= s.best2) return;

  // Lattice indices inside the cell (a point on a shared face belongs to both cells).
  int range[3][2];
  for (int ax = 0; ax < 3; ++ax) {
    const double eps = 1e-9, limit = 1e9;  // clamped before the cast: never out of int's range
    range[ax][0] =
        static_cast<int>(fmax(-limit, fmin(limit, ceil((lo[ax] - s.r[ax]) / s.step - eps))));
    range[ax][1] =
        static_cast<int>(fmax(-limit, fmin(limit, floor((hi[ax] - s.r[ax]) / s.step + eps))));
    if (range[ax][0] > range[ax][1]) return;
  }
  const int i1 = g.nx > 1 ? ci + 1 : ci, j1 = g.ny > 1 ? cj + 1 : cj, k1 = g.nz > 1 ? ck + 1 : ck;
  const int is[2] = {ci, i1}, js[2] = {cj, j1}, ks[2] = {ck, k1};
  double corner[8];
  for (int q = 0; q < 8; ++q) {
    corner[q] = ev.dose[g.index(is[q & 1], js[(q >> 1) & 1], ks[(q >> 2) & 1])];
  }
  s.set_corners(corner);
  s.cell_lo = lo;
  s.inv_cell = {g.nx > 1 ? 1.0 / g.spacing_mm.x : 0.0, g.ny > 1 ? 1.0 / g.spacing_mm.y : 0.0,
                g.nz > 1 ? 1.0 / g.spacing_mm.z : 0.0};
  gamma_search_cell(s, range[0][0], range[0][1], range[1][0], range[1][1], range[2][0],
                    range[2][1]);
}

/// Dose and gradient (Gy/mm) of the trilinear interpolant at p (inside the grid's hull).
SRTDOSE_HD inline double eval_dose_gradient(const GammaEvalView& ev, const Vec3& p, Vec3& grad) {
  const GridView& g = ev.grid;
  int c[3], c1[3];
  double u[3], inv[3];
  for (int ax = 0; ax < 3; ++ax) {
    const int n = g.dim(ax);
    if (n == 1) {
      c[ax] = c1[ax] = 0;
      u[ax] = 0.0;
      inv[ax] = 0.0;
      continue;
    }
    inv[ax] = 1.0 / g.spacing_mm[ax];
    const double t = (p[ax] - g.origin_mm[ax]) * inv[ax];
    int i = static_cast<int>(floor(t));
    i = i < 0 ? 0 : (i > n - 2 ? n - 2 : i);
    c[ax] = i;
    c1[ax] = i + 1;
    const double w = t - i;
    u[ax] = w < 0.0 ? 0.0 : (w > 1.0 ? 1.0 : w);
  }
  double v[8];
  for (int q = 0; q < 8; ++q) {
    v[q] = ev.dose[g.index((q & 1) ? c1[0] : c[0], ((q >> 1) & 1) ? c1[1] : c[1],
                           ((q >> 2) & 1) ? c1[2] : c[2])];
  }
  const double x = u[0], y = u[1], z = u[2];
  const double c00 = v[0] + x * (v[1] - v[0]), c10 = v[2] + x * (v[3] - v[2]);
  const double c01 = v[4] + x * (v[5] - v[4]), c11 = v[6] + x * (v[7] - v[6]);
  const double c0 = c00 + y * (c10 - c00), c1v = c01 + y * (c11 - c01);
  const double dx = ((1 - z) * ((1 - y) * (v[1] - v[0]) + y * (v[3] - v[2])) +
                     z * ((1 - y) * (v[5] - v[4]) + y * (v[7] - v[6]))) *
                    inv[0];
  const double dy = ((1 - z) * (c10 - c00) + z * (c11 - c01)) * inv[1];
  grad = {dx, dy, (c1v - c0) * inv[2]};
  return c0 + z * (c1v - c0);
}

/// Gauss-Newton steps on |p - r|^2 / DTA^2 + (T(p) - D_r)^2 / dD^2 from `start`, each
/// clamped to the box [lo, hi] and accepted only when gamma decreases (with backtracking).
/// Updates s.best2 / s.best_p and leaves the end point in s.last_p.
SRTDOSE_HD inline void gamma_newton_in_box(GammaSearch& s, const GammaEvalView& ev, Vec3 start,
                                           const Vec3& lo, const Vec3& hi, int iterations) {
  Vec3 p = start, grad;
  for (int ax = 0; ax < 3; ++ax) p[ax] = fmin(fmax(p[ax], lo[ax]), hi[ax]);
  double t = eval_dose_gradient(ev, p, grad);
  double run_g2 = s.gamma2_at(p, t);
  const double dta2 = 1.0 / s.inv_dta2, dd2 = 1.0 / s.inv_dd2;
  for (int it = 0; it < iterations; ++it) {
    const Vec3 gp =
        (p - s.r) * s.inv_dta2 + ((t - s.dose_ref) * s.inv_dd2) * grad;  // half gradient
    // (I / DTA^2 + g g^T / dD^2)^-1 by Sherman-Morrison.
    const double gg = dot(grad, grad);
    const Vec3 step = -(dta2 * (gp - (dot(grad, gp) * dta2 / (dd2 + gg * dta2)) * grad));
    double scale = 1.0;
    bool improved = false;
    for (int tries = 0; tries < 6 && !improved; ++tries, scale *= 0.5) {
      Vec3 q = p + scale * step;
      for (int ax = 0; ax < 3; ++ax) q[ax] = fmin(fmax(q[ax], lo[ax]), hi[ax]);
      Vec3 gq;
      const double tq = eval_dose_gradient(ev, q, gq);
      const double g2 = s.gamma2_at(q, tq);
      if (g2 < run_g2) {
        run_g2 = g2;
        p = q, t = tq, grad = gq;
        improved = true;
        if (g2 < s.best2) {
          s.best2 = g2;
          s.best_p = q;
        }
      }
    }
    if (!improved) break;
  }
  s.last_p = p;
}

/// Continuous refinement from the best point found, never worse than it: Gauss-Newton over
/// the grid's hull, then within each cell touching the point reached (a minimum on a cell
/// face, where the interpolant has a kink, is reached from the cell on either side).
SRTDOSE_HD inline void gamma_refine(GammaSearch& s, const GammaEvalView& ev) {
  const GridView& g = ev.grid;
  Vec3 lo, hi;
  grid_hull(g, lo, hi);
  gamma_newton_in_box(s, ev, s.best_p, lo, hi, 10);
  const Vec3 start = s.last_p;
  int cell[3][2], n[3];
  for (int ax = 0; ax < 3; ++ax) {
    if (g.dim(ax) == 1) {
      cell[ax][0] = 0, n[ax] = 1;
      continue;
    }
    const double t = (start[ax] - g.origin_mm[ax]) / g.spacing_mm[ax];
    const int last = g.dim(ax) - 2;
    const int i = static_cast<int>(floor(t + 0.5));
    if (fabs(t - i) < 1e-6) {  // on a grid plane: the cells on both sides
      n[ax] = 0;
      if (i - 1 >= 0) cell[ax][n[ax]++] = i - 1;
      if (i <= last) cell[ax][n[ax]++] = i;
    } else {
      const int c = static_cast<int>(floor(t));
      cell[ax][0] = c < 0 ? 0 : (c > last ? last : c), n[ax] = 1;
    }
  }
  for (int a = 0; a < n[0]; ++a)
    for (int b = 0; b < n[1]; ++b)
      for (int c = 0; c < n[2]; ++c) {
        const int idx[3] = {cell[0][a], cell[1][b], cell[2][c]};
        Vec3 clo, chi;
        cell_box(g, idx, clo, chi);
        gamma_newton_in_box(s, ev, start, clo, chi, 8);
      }
}

}  // namespace detail

/// Gamma of a reference point at r_mm with dose dose_ref_gy against the evaluated
/// distribution. Returns NaN when no evaluated point lies within the search radius
/// (max_gamma x DTA, unbounded when max_gamma is infinite) or when the dose criterion is 0
/// (local gamma at zero dose); otherwise min(gamma, max_gamma).
SRTDOSE_HD inline double gamma_at_point(const GammaEvalView& ev, const GammaCriteria& c, Vec3 r_mm,
                                        double dose_ref_gy) {
  using namespace detail;
  const double dd = c.dd_fraction * (c.local ? dose_ref_gy : c.norm_dose_gy);
  if (!(dd > 0.0)) return NAN;
  GammaSearch s;
  s.r = r_mm;
  s.dose_ref = dose_ref_gy;
  s.inv_dta2 = 1.0 / (c.dta_mm * c.dta_mm);
  s.inv_dd2 = 1.0 / (dd * dd);
  s.step = c.step_mm;
  const double cap2 = c.max_gamma < 1e15 ? c.max_gamma * c.max_gamma : 1e300;
  s.best2 = cap2;
  s.best_p = r_mm;

  const GridView& g = ev.grid;
  int home[3], ncell[3];
  double min_spacing = 1e300;
  for (int ax = 0; ax < 3; ++ax) {
    ncell[ax] = gamma_cells(g, ax);
    const double ci = floor((r_mm[ax] - g.origin_mm[ax]) / g.spacing_mm[ax]);
    home[ax] = ci < 0 ? 0 : (ci > ncell[ax] - 1 ? ncell[ax] - 1 : static_cast<int>(ci));
    if (g.dim(ax) > 1) min_spacing = fmin(min_spacing, g.spacing_mm[ax]);
  }
  // Is any evaluated point within reach? The nearest one lies in the hull of voxel centres.
  Vec3 lo, hi;
  grid_hull(g, lo, hi);
  double reach_d2 = 0.0;
  for (int ax = 0; ax < 3; ++ax) {
    const double d =
        r_mm[ax] < lo[ax] ? lo[ax] - r_mm[ax] : (r_mm[ax] > hi[ax] ? r_mm[ax] - hi[ax] : 0.0);
    reach_d2 += d * d;
  }
  if (reach_d2 * s.inv_dta2 >= cap2) return NAN;

  // Warm start: Gauss-Newton from r on the continuous interpolant gives a near-optimal
  // best2 at once, so that most cells are pruned by their distance and dose range.
  gamma_newton_in_box(s, ev, r_mm, lo, hi, 6);
  int kmax = 0;
  for (int ax = 0; ax < 3; ++ax) {
    const int far = home[ax] > ncell[ax] - 1 - home[ax] ? home[ax] : ncell[ax] - 1 - home[ax];
    kmax = far > kmax ? far : kmax;
  }
  for (int k = 0; k <= kmax; ++k) {
    // Cells of ring k are at least (k - 1) cells away from r along some axis.
    if (k >= 2) {
      const double gap = (k - 1) * min_spacing;
      if (gap * gap * s.inv_dta2 >= s.best2) break;
    }
    const int k0 = home[2] - k < 0 ? 0 : home[2] - k,
              k1 = home[2] + k > ncell[2] - 1 ? ncell[2] - 1 : home[2] + k;
    const int j0 = home[1] - k < 0 ? 0 : home[1] - k,
              j1 = home[1] + k > ncell[1] - 1 ? ncell[1] - 1 : home[1] + k;
    const int i0 = home[0] - k < 0 ? 0 : home[0] - k,
              i1 = home[0] + k > ncell[0] - 1 ? ncell[0] - 1 : home[0] + k;
    for (int ck = k0; ck <= k1; ++ck) {
      const bool zface = ck == home[2] - k || ck == home[2] + k;
      for (int cj = j0; cj <= j1; ++cj) {
        const bool yface = cj == home[1] - k || cj == home[1] + k;
        if (zface || yface) {
          for (int ci = i0; ci <= i1; ++ci) gamma_visit_cell(s, ev, ci, cj, ck);
        } else {
          // Only the two x faces of the ring in this row.
          if (home[0] - k >= 0) gamma_visit_cell(s, ev, home[0] - k, cj, ck);
          if (k > 0 && home[0] + k <= ncell[0] - 1) gamma_visit_cell(s, ev, home[0] + k, cj, ck);
        }
      }
    }
  }
  if (s.best2 < cap2) gamma_refine(s, ev);
  return sqrt(s.best2 < cap2 ? s.best2 : cap2);
}

/// One thread per reference voxel: gamma[v] (NaN below the threshold dose); the reference
/// grid's voxel centre against the evaluated distribution.
struct GammaExecutor {
  GridView ref;
  const float* ref_dose;
  GammaEvalView eval;
  GammaCriteria criteria;
  double threshold_gy;
  float* gamma;
  SRTDOSE_HD void operator()(std::int64_t v) const {
    const double d = ref_dose[v];
    if (d < threshold_gy) {
      gamma[v] = NAN;
      return;
    }
    const int i = static_cast<int>(v % ref.nx);
    const int j = static_cast<int>((v / ref.nx) % ref.ny);
    const int k = static_cast<int>(v / (static_cast<std::int64_t>(ref.nx) * ref.ny));
    gamma[v] = static_cast<float>(gamma_at_point(eval, criteria, ref.centre_mm(i, j, k), d));
  }
};

}  // namespace srtdose
