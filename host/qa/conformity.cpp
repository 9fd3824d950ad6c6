#include "host/qa/conformity.h"

#include <algorithm>
#include <cmath>

#include "host/core/error.h"
#include "host/core/resample.h"
#include "host/qa/distance_transform.h"

namespace srtdose {

namespace {

/// Minimum and maximum over each voxel's 3 x 3 x 3 neighbourhood (separable: three 1D passes).
void neighbourhood_range(const Volume<float>& v, Volume<float>& lo, Volume<float>& hi) {
  const Grid3& g = v.grid();
  lo = v;
  hi = v;
  const int n[3] = {g.nx(), g.ny(), g.nz()};
  const std::int64_t stride[3] = {1, g.nx(), static_cast<std::int64_t>(g.nx()) * g.ny()};
  for (int a = 0; a < 3; ++a) {
    const int b = (a + 1) % 3, c = (a + 2) % 3;
    if (n[a] == 1) continue;
#pragma omp parallel
    {
      std::vector<float> l(static_cast<std::size_t>(n[a])), h(l.size());
#pragma omp for collapse(2) schedule(static)
      for (int ic = 0; ic < n[c]; ++ic)
        for (int ib = 0; ib < n[b]; ++ib) {
          const std::int64_t base = ib * stride[b] + ic * stride[c];
          for (int q = 0; q < n[a]; ++q) {
            l[q] = lo[base + q * stride[a]];
            h[q] = hi[base + q * stride[a]];
          }
          for (int q = 0; q < n[a]; ++q) {
            float mn = l[q], mx = h[q];
            if (q > 0) mn = std::min(mn, l[q - 1]), mx = std::max(mx, h[q - 1]);
            if (q + 1 < n[a]) mn = std::min(mn, l[q + 1]), mx = std::max(mx, h[q + 1]);
            lo[base + q * stride[a]] = mn;
            hi[base + q * stride[a]] = mx;
          }
        }
    }
  }
}

}  // namespace

std::vector<double> isodose_volumes_cm3(const Volume<float>& dose,
                                        const std::vector<double>& levels,
                                        const Volume<float>* body, int supersample) {
  const Grid3& g = dose.grid();
  const int nl = static_cast<int>(levels.size());
  const int s = std::max(1, supersample);
  const double vvox = g.voxel_volume_cm3();
  const Vec3 sp = g.spacing_mm();
  std::vector<double> total(static_cast<std::size_t>(nl), 0.0);
  const bool body_same_grid = body && body->grid() == g;
  auto body_weight = [&](const Vec3& p, std::int64_t idx) -> double {
    if (!body) return 1.0;
    if (body_same_grid && idx >= 0) return (*body)[idx];
    return std::clamp(interpolate_trilinear(*body, p, 0.0), 0.0, 1.0);
  };
  // Over a voxel the trilinear dose is a convex combination of its 27 neighbours: their range
  // tells which voxels an isodose surface can cross.
  Volume<float> nlo, nhi;
  neighbourhood_range(dose, nlo, nhi);

  // Partial volumes per row (k, j), summed in row order: the same numbers whatever the
  // thread count and schedule.
  const std::int64_t rows = static_cast<std::int64_t>(g.nz()) * g.ny();
  std::vector<double> per_row(static_cast<std::size_t>(rows * nl), 0.0);
#pragma omp parallel
  {
    // A row's sums in the thread's own vector (neighbouring rows' partials share cache lines).
    std::vector<double> local(static_cast<std::size_t>(nl));
#pragma omp for collapse(2) schedule(dynamic)
    for (int k = 0; k < g.nz(); ++k)
      for (int j = 0; j < g.ny(); ++j) {
        std::fill(local.begin(), local.end(), 0.0);
        for (int i = 0; i < g.nx(); ++i) {
          const std::int64_t idx = g.index(i, j, k);
          const double lo = nlo[idx], hi = nhi[idx];
          const bool crossed = std::any_of(levels.begin(), levels.end(),
                                           [&](double L) { return lo < L && L <= hi; });
          if (!crossed) {
            if (std::all_of(levels.begin(), levels.end(), [&](double L) { return lo < L; }))
              continue;  // below every level
            const double w = body_weight(g.position_mm(i, j, k), idx) * vvox;
            for (int l = 0; l < nl; ++l)
              if (lo >= levels[l]) local[static_cast<std::size_t>(l)] += w;
            continue;
          }
          const Vec3 centre = g.position_mm(i, j, k);
          const double wsub = vvox / (s * s * s);
          for (int c = 0; c < s; ++c)
            for (int b = 0; b < s; ++b)
              for (int a = 0; a < s; ++a) {
                const Vec3 p{centre.x + ((a + 0.5) / s - 0.5) * sp.x,
                             centre.y + ((b + 0.5) / s - 0.5) * sp.y,
                             centre.z + ((c + 0.5) / s - 0.5) * sp.z};
                const double d = interpolate_trilinear(dose, p, 0.0);
                const double w = body_weight(p, -1) * wsub;
                for (int l = 0; l < nl; ++l)
                  if (d >= levels[l]) local[static_cast<std::size_t>(l)] += w;
              }
        }
        std::copy(local.begin(), local.end(),
                  per_row.begin() + (static_cast<std::int64_t>(k) * g.ny() + j) * nl);
      }
  }
  for (std::int64_t row = 0; row < rows; ++row)
    for (int l = 0; l < nl; ++l) total[l] += per_row[static_cast<std::size_t>(row * nl + l)];
  return total;
}

ConformityMetrics conformity_metrics(const Volume<float>& dose, const Volume<float>& target_mask,
                                     const Dvh& target_dvh, double rx_gy,
                                     const Volume<float>* body) {
  if (!(rx_gy > 0) || !std::isfinite(rx_gy))
    throw InputError("conformity indices need a prescription dose > 0 Gy");
  ConformityMetrics m;
  m.rx_gy = rx_gy;
  m.body_restricted = body != nullptr;
  m.tv_cm3 = target_dvh.volume_cm3;
  m.tv_piv_cm3 = target_dvh.volume_at_dose_cm3(rx_gy);
  const std::vector<double> v = isodose_volumes_cm3(dose, {rx_gy, 0.5 * rx_gy}, body);
  m.piv_cm3 = v[0];
  m.piv50_cm3 = v[1];
  if (m.tv_cm3 > 0) {
    m.rtog_ci = m.piv_cm3 / m.tv_cm3;
    m.r50 = m.piv50_cm3 / m.tv_cm3;
  }
  if (m.tv_cm3 > 0 && m.piv_cm3 > 0)
    m.paddick_ci = m.tv_piv_cm3 * m.tv_piv_cm3 / (m.tv_cm3 * m.piv_cm3);
  if (m.piv_cm3 > 0) m.gradient_index = m.piv50_cm3 / m.piv_cm3;

  // D2cm: distance on the dose grid from the target (voxels at least half inside).
  const Grid3& g = dose.grid();
  const Volume<float> on_dose =
      target_mask.grid() == g ? target_mask : resample_trilinear(target_mask, g, 0.0f);
  Volume<std::uint8_t> inside(g, 0);
  float best = 0;
  std::int64_t best_i = -1;
  for (std::int64_t i = 0; i < g.size(); ++i) {
    inside[i] = on_dose[i] >= 0.5f;
    if (on_dose[i] > best) best = on_dose[i], best_i = i;
  }
  if (best_i < 0) throw InputError("the target does not overlap the dose grid");
  if (best < 0.5f) inside[best_i] = 1;  // a target smaller than a dose voxel
  const Volume<float> dist = distance_to_inside_mm(inside);
  const Volume<float> body_on_dose =
      body ? (body->grid() == g ? *body : resample_trilinear(*body, g, 0.0f)) : Volume<float>();
  double d2cm = 0;
  for (std::int64_t i = 0; i < g.size(); ++i) {
    if (dist[i] < 20.0f) continue;
    if (body && body_on_dose[i] < 0.5f) continue;
    d2cm = std::max(d2cm, static_cast<double>(dose[i]));
  }
  m.d2cm_gy = d2cm;
  m.d2cm_pct = 100.0 * d2cm / rx_gy;
  return m;
}

}  // namespace srtdose
