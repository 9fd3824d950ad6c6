#include "host/machine/fluence.h"

#include <algorithm>
#include <cmath>

#include "host/core/error.h"
#include "host/plan/mlc_model.h"
#include "host/plan/partial_volume.h"

namespace srtdose {

HeadModel HeadModel::ideal(double sad_mm) {
  HeadModel h;
  h.sad_mm = sad_mm;
  return h;
}

double FluenceMap::integral_mm2() const {
  double s = 0;
  for (float v : value) s += v;
  return s * pixel_mm * pixel_mm;
}

namespace {

/// Length of [a, b] inside [lo, hi].
double overlap(double a, double b, double lo, double hi) {
  return std::max(0.0, std::min(b, hi) - std::max(a, lo));
}

struct Layer {
  std::vector<double> open;  ///< fraction of each pixel that is open, [j * nx + i]
  double distance_mm;
  double transmission;
};

/// Separable Gaussian blur (sigma in pixels) with zero padding beyond the map treated as the
/// map's edge value (closed collimator far away).
void blur_direct(std::vector<double>& v, int nx, int ny, double sigma_px) {
  if (sigma_px < 0.05) return;
  const int half = static_cast<int>(std::ceil(4 * sigma_px));
  std::vector<double> k(static_cast<std::size_t>(2 * half + 1));
  double sum = 0;
  for (int t = -half; t <= half; ++t) {
    // Pixel-integrated Gaussian: erf differences over the pixel.
    const double a = (t - 0.5) / (std::sqrt(2.0) * sigma_px),
                 b = (t + 0.5) / (std::sqrt(2.0) * sigma_px);
    k[static_cast<std::size_t>(t + half)] = 0.5 * (std::erf(b) - std::erf(a));
    sum += k[static_cast<std::size_t>(t + half)];
  }
  for (double& x : k) x /= sum;
  std::vector<double> tmp(v.size());
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      double s = 0;
      for (int t = -half; t <= half; ++t)
        s += k[static_cast<std::size_t>(t + half)] *
             v[static_cast<std::size_t>(j) * nx + std::clamp(i + t, 0, nx - 1)];
      tmp[static_cast<std::size_t>(j) * nx + i] = s;
    }
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      double s = 0;
      for (int t = -half; t <= half; ++t)
        s += k[static_cast<std::size_t>(t + half)] *
             tmp[static_cast<std::size_t>(std::clamp(j + t, 0, ny - 1)) * nx + i];
      v[static_cast<std::size_t>(j) * nx + i] = s;
    }
}

}  // namespace

OffAxisRow off_axis_row(const HeadModel& h, double r) {
  OffAxisRow row;
  const auto& t = h.off_axis;
  if (t.empty() || r <= t.front().first) return row;
  if (r >= t.back().first) {
    row.lo = row.hi = t.size() - 1;
    return row;
  }
  std::size_t q = 1;
  while (t[q].first < r) ++q;
  row.lo = q - 1, row.hi = q;
  row.t = (r - t[q - 1].first) / (t[q].first - t[q - 1].first);
  return row;
}

double off_axis_factor(const HeadModel& h, double r) {
  if (h.off_axis.empty()) return 1;
  const OffAxisRow row = off_axis_row(h, r);
  return (1 - row.t) * h.off_axis[row.lo].second + row.t * h.off_axis[row.hi].second;
}

namespace {

/// The same blur; a wide one (the extra-focal source: sigma of tens of pixels) on blocks of
/// c x c pixels, c = sigma / 8, then bilinear back to the pixels. Averaging over a block and
/// interpolating widen the blur by variances c^2/12 and c^2/6 (pixels^2); the block blur is
/// narrowed by as much, so the result keeps the Gaussian's variance. The map is first
/// continued by its edge values over 4 sigma (what the direct blur assumes beyond it).
void blur(std::vector<double>& v, int nx, int ny, double sigma_px) {
  const int c = static_cast<int>(sigma_px / 8);
  if (c < 2) {
    blur_direct(v, nx, ny, sigma_px);
    return;
  }
  const int pad = c * static_cast<int>(std::ceil(4 * sigma_px / c));
  const int cx = (nx + 2 * pad + c - 1) / c, cy = (ny + 2 * pad + c - 1) / c;
  // Block means over the continued map, from prefix sums along each row.
  std::vector<double> prefix(static_cast<std::size_t>(nx + 1) * ny, 0.0);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i)
      prefix[static_cast<std::size_t>(j) * (nx + 1) + i + 1] =
          prefix[static_cast<std::size_t>(j) * (nx + 1) + i] +
          v[static_cast<std::size_t>(j) * nx + i];
  auto row_sum = [&](int j, int a, int b) {  // continued pixels a..b (with the padding) of row j
    const double* p = &prefix[static_cast<std::size_t>(j) * (nx + 1)];
    a -= pad, b -= pad;
    double sum = 0;
    if (a < 0) sum += (std::min(b, -1) - a + 1) * (p[1] - p[0]), a = 0;
    if (b > nx - 1) sum += (b - std::max(a, nx) + 1) * (p[nx] - p[nx - 1]), b = nx - 1;
    if (b >= a) sum += p[b + 1] - p[a];
    return sum;
  };
  std::vector<double> coarse(static_cast<std::size_t>(cx) * cy, 0.0);
  for (int bj = 0; bj < cy; ++bj)
    for (int bi = 0; bi < cx; ++bi) {
      const int i0 = bi * c, i1 = std::min(i0 + c, nx + 2 * pad) - 1;
      const int j0 = bj * c, j1 = std::min(j0 + c, ny + 2 * pad) - 1;
      double sum = 0;
      for (int j = j0; j <= j1; ++j) sum += row_sum(std::clamp(j - pad, 0, ny - 1), i0, i1);
      coarse[static_cast<std::size_t>(bj) * cx + bi] = sum / ((i1 - i0 + 1) * (j1 - j0 + 1));
    }
  blur_direct(coarse, cx, cy, std::sqrt(sigma_px * sigma_px - 0.25 * c * c) / c);
  // Block b's centre is at (continued) pixel b c + (c - 1) / 2.
  auto split = [&](int i, int n, int& b, double& t) {
    const double f = std::clamp((i + pad - 0.5 * (c - 1)) / c, 0.0, n - 1.0);
    b = std::min(static_cast<int>(f), n - 2);
    t = f - b;
  };
  for (int j = 0; j < ny; ++j) {
    int bj = 0;
    double tj = 0;
    split(j, cy, bj, tj);
    for (int i = 0; i < nx; ++i) {
      int bi = 0;
      double ti = 0;
      split(i, cx, bi, ti);
      auto at = [&](int a, int b) { return coarse[static_cast<std::size_t>(b) * cx + a]; };
      v[static_cast<std::size_t>(j) * nx + i] =
          (1 - tj) * ((1 - ti) * at(bi, bj) + ti * at(bi + 1, bj)) +
          tj * ((1 - ti) * at(bi, bj + 1) + ti * at(bi + 1, bj + 1));
    }
  }
}

}  // namespace

void gaussian_blur(FluenceMap& map, double sigma_mm) {
  std::vector<double> v(map.value.begin(), map.value.end());
  blur(v, map.nx, map.ny, sigma_mm / map.pixel_mm);
  for (std::size_t k = 0; k < v.size(); ++k) map.value[k] = static_cast<float>(v[k]);
}

FluenceMap aperture_fluence(const Aperture& planned, const HeadModel& h, double pixel_mm,
                            double margin_mm) {
  const Aperture ap = delivered_aperture(planned);
  if (!(pixel_mm > 0.01)) throw InputError("fluence pixel size must be > 0.01 mm");
  // Extent: the jaws' opening (every delivered aperture has jaws) plus the margin, so that
  // every collimator edge lies inside the map: beyond it each collimator is closed, which is
  // what the blur assumes at the map's border.
  if (!ap.jaws) throw InputError("aperture without jaws or cone");
  const double x1 = ap.jaws->x1, x2 = ap.jaws->x2, y1 = ap.jaws->y1, y2 = ap.jaws->y2;
  FluenceMap m;
  m.pixel_mm = pixel_mm;
  const double lo_x = std::floor((x1 - margin_mm) / pixel_mm) * pixel_mm;
  const double lo_y = std::floor((y1 - margin_mm) / pixel_mm) * pixel_mm;
  m.nx = static_cast<int>(std::ceil((x2 + margin_mm - lo_x) / pixel_mm));
  m.ny = static_cast<int>(std::ceil((y2 + margin_mm - lo_y) / pixel_mm));
  m.x0_mm = lo_x + 0.5 * pixel_mm;
  m.y0_mm = lo_y + 0.5 * pixel_mm;
  const std::size_t n = static_cast<std::size_t>(m.nx) * m.ny;
  const double px2 = pixel_mm * pixel_mm;
  auto edges = [&](int i, bool x) {
    const double c = x ? m.x_mm(i) : m.y_mm(i);
    return std::pair<double, double>{c - 0.5 * pixel_mm, c + 0.5 * pixel_mm};
  };

  std::vector<Layer> layers;
  if (ap.jaws) {
    // X and Y jaws sit at different heights: two layers.
    Layer lx{std::vector<double>(n), h.jaw_x_distance_mm, h.jaw_transmission};
    Layer ly{std::vector<double>(n), h.jaw_y_distance_mm, h.jaw_transmission};
    for (int j = 0; j < m.ny; ++j)
      for (int i = 0; i < m.nx; ++i) {
        const auto [xa, xb] = edges(i, true);
        const auto [ya, yb] = edges(j, false);
        lx.open[static_cast<std::size_t>(j) * m.nx + i] =
            overlap(xa, xb, ap.jaws->x1, ap.jaws->x2) / pixel_mm;
        ly.open[static_cast<std::size_t>(j) * m.nx + i] =
            overlap(ya, yb, ap.jaws->y1, ap.jaws->y2) / pixel_mm;
      }
    layers.push_back(std::move(lx));
    layers.push_back(std::move(ly));
  }
  if (ap.mlc) {
    const MlcGeometry& g = mlc_geometry(ap.mlc->model);
    Layer l{std::vector<double>(n, 0.0), h.mlc_distance_mm, h.mlc_transmission};
    for (int p = 0; p < g.pairs(); ++p) {
      // Rounded leaf ends transmit beyond the tip: the radiation edge moves out by the offset.
      // Closed (touching) pairs stay closed; their leakage is the MLC transmission.
      if (ap.mlc->b_mm[static_cast<std::size_t>(p)] <= ap.mlc->a_mm[static_cast<std::size_t>(p)])
        continue;
      const double a = ap.mlc->a_mm[static_cast<std::size_t>(p)] - h.leaf_end_offset_mm;
      const double b = ap.mlc->b_mm[static_cast<std::size_t>(p)] + h.leaf_end_offset_mm;
      double ya = g.boundaries_mm[p], yb = g.boundaries_mm[p + 1];
      // Tongue and groove: along each side a strip of half the shadow width is open only where
      // the neighbouring leaf pair is open too.
      const double tg = 0.5 * h.tongue_groove_mm;
      for (int side = 0; side < 3; ++side) {
        double sa = ya, sb = yb, oa = a, ob = b;
        if (side == 1 || side == 2) {
          const int q = side == 1 ? p - 1 : p + 1;
          if (tg <= 0 || q < 0 || q >= g.pairs()) continue;
          sa = side == 1 ? ya : yb - tg;
          sb = side == 1 ? ya + tg : yb;
          const double qa = ap.mlc->a_mm[static_cast<std::size_t>(q)],
                       qb = ap.mlc->b_mm[static_cast<std::size_t>(q)];
          if (qb <= qa) continue;  // a closed neighbour shadows the whole strip
          oa = std::max(a, qa - h.leaf_end_offset_mm);
          ob = std::min(b, qb + h.leaf_end_offset_mm);
        } else {
          const bool lower = tg > 0 && p > 0, upper = tg > 0 && p + 1 < g.pairs();
          sa = lower ? ya + tg : ya;
          sb = upper ? yb - tg : yb;
        }
        if (ob <= oa || sb <= sa) continue;
        for (int j = 0; j < m.ny; ++j) {
          const auto [pa, pb] = edges(j, false);
          const double fy = overlap(pa, pb, sa, sb);
          if (fy <= 0) continue;
          for (int i = 0; i < m.nx; ++i) {
            const auto [qa, qb] = edges(i, true);
            l.open[static_cast<std::size_t>(j) * m.nx + i] += fy * overlap(qa, qb, oa, ob) / px2;
          }
        }
      }
    }
    layers.push_back(std::move(l));
  }
  if (ap.cone_mm) {
    const double r = 0.5 * *ap.cone_mm;
    Layer l{std::vector<double>(n), h.cone_distance_mm, h.cone_transmission};
    for (int j = 0; j < m.ny; ++j)
      for (int i = 0; i < m.nx; ++i) {
        const auto [xa, xb] = edges(i, true);
        const auto [ya, yb] = edges(j, false);
        l.open[static_cast<std::size_t>(j) * m.nx + i] =
            disk_rectangle_area_mm2(r, xa, xb, ya, yb) / px2;
      }
    layers.push_back(std::move(l));
  }
  if (layers.empty()) throw InputError("aperture without jaws, MLC or cone");

  // Primary (focal spot) and extra-focal parts: each collimator's transmission map blurred by
  // the source projected from its height to the isocentre plane, collimators multiplied.
  auto component = [&](double sigma_source_mm, double source_plane_mm) {
    std::vector<double> total(n, 1.0);
    for (const Layer& l : layers) {
      std::vector<double> t(n);
      for (std::size_t k = 0; k < n; ++k)
        t[k] = l.transmission + (1 - l.transmission) * std::min(1.0, l.open[k]);
      const double z = l.distance_mm - source_plane_mm;
      const double sigma_iso = z > 0 ? sigma_source_mm * (h.sad_mm - l.distance_mm) / z : 0.0;
      blur(t, m.nx, m.ny, sigma_iso / pixel_mm);
      for (std::size_t k = 0; k < n; ++k) total[k] *= t[k];
    }
    return total;
  };
  std::vector<double> f = component(h.focal_spot_sigma_mm, 0.0);
  if (h.extra_focal_weight > 0) {
    const std::vector<double> e = component(h.extra_focal_sigma_mm, h.extra_focal_distance_mm);
    for (std::size_t k = 0; k < n; ++k)
      f[k] = (1 - h.extra_focal_weight) * f[k] + h.extra_focal_weight * e[k];
  }
  m.value.resize(n);
  for (int j = 0; j < m.ny; ++j)
    for (int i = 0; i < m.nx; ++i) {
      const double oa = off_axis_factor(h, std::hypot(m.x_mm(i), m.y_mm(j)));
      const std::size_t k = static_cast<std::size_t>(j) * m.nx + i;
      m.value[k] = static_cast<float>(oa * f[k]);
    }
  return m;
}

}  // namespace srtdose
