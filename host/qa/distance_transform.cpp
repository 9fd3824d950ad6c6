#include "host/qa/distance_transform.h"

#include <cmath>
#include <limits>
#include <vector>

namespace srtdose {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// One axis of the squared transform: out[q] = min_p (f[p] + ((q - p) h)^2), Felzenszwalb and
/// Huttenlocher (2012) Algorithm 1, with sample spacing h.
void transform_line(const std::vector<double>& f, double h, std::vector<double>& out,
                    std::vector<int>& v, std::vector<double>& z) {
  const int n = static_cast<int>(f.size());
  int k = -1;
  for (int q = 0; q < n; ++q) {
    if (f[q] == kInf) continue;
    const double xq = q * h;
    while (k >= 0) {
      const double xv = v[k] * h;
      const double s = ((f[q] + xq * xq) - (f[v[k]] + xv * xv)) / (2 * (xq - xv));
      if (s <= z[k]) {
        --k;
      } else {
        break;
      }
    }
    ++k;
    v[k] = q;
    z[k] = k == 0 ? -kInf
                  : ((f[q] + xq * xq) - (f[v[k - 1]] + (v[k - 1] * h) * (v[k - 1] * h))) /
                        (2 * (xq - v[k - 1] * h));
    z[k + 1] = kInf;
  }
  if (k < 0) {
    for (int q = 0; q < n; ++q) out[q] = kInf;
    return;
  }
  int j = 0;
  for (int q = 0; q < n; ++q) {
    while (z[j + 1] < q * h) ++j;
    const double d = (q - v[j]) * h;
    out[q] = d * d + f[v[j]];
  }
}

}  // namespace

Volume<float> distance_to_inside_mm(const Volume<std::uint8_t>& inside) {
  const Grid3& g = inside.grid();
  const int n[3] = {g.nx(), g.ny(), g.nz()};
  const double h[3] = {g.spacing_mm().x, g.spacing_mm().y, g.spacing_mm().z};
  std::vector<double> d2(static_cast<std::size_t>(g.size()));
  for (std::int64_t i = 0; i < g.size(); ++i)
    d2[static_cast<std::size_t>(i)] = inside[i] ? 0 : kInf;

  // Axis a, lines indexed by the two other axes.
  for (int a = 0; a < 3; ++a) {
    const int b = (a + 1) % 3, c = (a + 2) % 3;
    const std::int64_t stride[3] = {1, g.nx(), static_cast<std::int64_t>(g.nx()) * g.ny()};
#pragma omp parallel
    {
      std::vector<double> f(static_cast<std::size_t>(n[a])), out(f.size());
      std::vector<int> v(f.size());
      std::vector<double> z(f.size() + 1);
#pragma omp for collapse(2) schedule(static)
      for (int ic = 0; ic < n[c]; ++ic)
        for (int ib = 0; ib < n[b]; ++ib) {
          const std::int64_t base = ib * stride[b] + ic * stride[c];
          for (int q = 0; q < n[a]; ++q) f[q] = d2[static_cast<std::size_t>(base + q * stride[a])];
          transform_line(f, h[a], out, v, z);
          for (int q = 0; q < n[a]; ++q)
            d2[static_cast<std::size_t>(base + q * stride[a])] = out[q];
        }
    }
  }
  Volume<float> dist(g);
  for (std::int64_t i = 0; i < g.size(); ++i)
    dist[i] = static_cast<float>(std::sqrt(d2[static_cast<std::size_t>(i)]));
  return dist;
}

}  // namespace srtdose
