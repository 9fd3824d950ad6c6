#include "host/qa/gamma.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

#include "host/core/error.h"
#include "host/core/numeric_cast.h"
#include "kernels/common/gamma.h"
#include "kernels/common/launch_cpu.h"
#include "kernels/gamma_launch.h"

namespace srtdose {

GammaOptions GammaOptions::preset(std::string_view name) {
  GammaOptions o;
  if (name == "tg218" || name == "3%/2mm") return o;
  if (name == "2%/2mm") {
    o.dd_percent = 2.0;
    return o;
  }
  if (name == "2%/1mm") {
    o.dd_percent = 2.0;
    o.dta_mm = 1.0;
    return o;
  }
  throw InputError("--preset: unknown gamma preset \"" + std::string(name) +
                   "\" (tg218, 3%/2mm, 2%/2mm, 2%/1mm)");
}

void GammaOptions::validate() const {
  auto bad = [](const std::string& what) { throw InputError("gamma: " + what); };
  if (!(dd_percent > 0 && dd_percent <= 100)) bad("dose criterion (--dd) must be in (0, 100] %");
  if (!(dta_mm > 0 && dta_mm <= 100)) bad("distance criterion (--dta) must be in (0, 100] mm");
  if (!(threshold_percent >= 0 && threshold_percent < 100)) bad("threshold must be in [0, 100) %");
  if (norm_dose_gy && !(*norm_dose_gy > 0 && std::isfinite(*norm_dose_gy))) {
    bad("normalisation dose (--norm) must be > 0 Gy");
  }
  if (!(max_gamma > 0 && max_gamma <= 1000)) bad("max gamma (--max-gamma) must be in (0, 1000]");
  if (interp_fraction < 1 || interp_fraction > 100) bad("interp fraction must be in 1..100");
}

std::string GammaOptions::describe() const {
  std::ostringstream s;
  s << dd_percent << "%/" << dta_mm << "mm " << (local ? "local" : "global") << ", threshold "
    << threshold_percent << "%";
  return s.str();
}

namespace {

/// Per-cell min and max of the 8 corner voxels (cells between neighbouring voxel centres).
void cell_ranges(const Volume<float>& ev, std::vector<float>& lo, std::vector<float>& hi) {
  const GridView g = ev.grid().view();
  const int cx = detail::gamma_cells(g, 0), cy = detail::gamma_cells(g, 1),
            cz = detail::gamma_cells(g, 2);
  lo.assign(static_cast<std::size_t>(cx) * cy * cz, 0.0f);
  hi.assign(lo.size(), 0.0f);
#pragma omp parallel for collapse(2) schedule(static)
  for (int k = 0; k < cz; ++k) {
    for (int j = 0; j < cy; ++j) {
      for (int i = 0; i < cx; ++i) {
        float mn = 1e30f, mx = -1e30f;
        for (int q = 0; q < 8; ++q) {
          const int ii = std::min(i + (q & 1), g.nx - 1),
                    jj = std::min(j + ((q >> 1) & 1), g.ny - 1),
                    kk = std::min(k + ((q >> 2) & 1), g.nz - 1);
          const float d = ev.at(ii, jj, kk);
          mn = std::min(mn, d);
          mx = std::max(mx, d);
        }
        const std::int64_t c = detail::gamma_cell_index(g, i, j, k);
        lo[c] = mn;
        hi[c] = mx;
      }
    }
  }
}

bool boxes_overlap(const Box3& a, const Box3& b) {
  for (int ax = 0; ax < 3; ++ax) {
    if (a.max_mm[ax] < b.min_mm[ax] || b.max_mm[ax] < a.min_mm[ax]) return false;
  }
  return true;
}

void summarise(GammaResult& r, const Volume<float>& reference, double threshold_gy) {
  std::vector<float> values;
  const int bins = 40;  // 0 .. 2 in steps of 0.05, then overflow
  r.histogram.assign(bins + 1, 0);
  double sum = 0;
  for (std::int64_t v = 0; v < reference.size(); ++v) {
    if (!(reference[v] >= threshold_gy)) continue;
    const float g = r.gamma[v];
    if (std::isnan(g)) {
      ++r.no_data;
      continue;
    }
    values.push_back(g);
    sum += g;
    if (g <= 1.0f) ++r.passed;
    ++r.histogram[clamped_floor<int>(g / r.histogram_bin, 0, bins)];
  }
  r.evaluated = static_cast<std::int64_t>(values.size());
  if (values.empty()) return;
  r.pass_rate_pct = 100.0 * r.passed / r.evaluated;
  r.mean = sum / r.evaluated;
  r.max = *std::max_element(values.begin(), values.end());
  const auto mid = values.begin() + values.size() / 2;
  std::nth_element(values.begin(), mid, values.end());
  r.median = *mid;
  if (values.size() % 2 == 0) r.median = 0.5 * (r.median + *std::max_element(values.begin(), mid));
}

}  // namespace

GammaResult gamma_index(const Volume<float>& reference, const Volume<float>& evaluated,
                        const GammaOptions& options, Device device) {
  options.validate();
  if (!boxes_overlap(reference.grid().bounds_mm(), evaluated.grid().bounds_mm())) {
    throw InputError("gamma: the reference and evaluated dose grids do not overlap");
  }
  for (const Volume<float>* v : {&reference, &evaluated}) {
    for (float d : v->values()) {
      if (!std::isfinite(d) || d < 0) {
        throw InputError(std::string("gamma: the ") +
                         (v == &reference ? "reference" : "evaluated") + " dose holds " +
                         (std::isfinite(d) ? "a negative" : "a non-finite") + " value");
      }
    }
  }
  const auto t0 = std::chrono::steady_clock::now();
  GammaResult r;
  r.device = resolve_device(device);
  r.norm_dose_gy = options.norm_dose_gy.value_or(reference.max_value());
  if (!(r.norm_dose_gy > 0)) throw InputError("gamma: the reference dose is zero everywhere");
  const double threshold_gy = options.threshold_percent / 100.0 * r.norm_dose_gy;

  GammaCriteria c;
  c.dta_mm = options.dta_mm;
  c.dd_fraction = options.dd_percent / 100.0;
  c.local = options.local;
  c.norm_dose_gy = r.norm_dose_gy;
  c.max_gamma = options.max_gamma;
  c.step_mm = options.dta_mm / options.interp_fraction;

  std::vector<float> lo, hi;
  cell_ranges(evaluated, lo, hi);
  const GammaEvalView ev{evaluated.grid().view(), evaluated.data(), lo.data(), hi.data()};
  r.gamma = Volume<float>(reference.grid(), NAN);

  if (r.device == Device::Cuda) {
    cuda::gamma_index(reference.grid().view(), reference.data(), ev,
                      static_cast<std::int64_t>(lo.size()), c, threshold_gy, r.gamma.data());
  } else {
    launch_cpu(reference.grid().size(),
               GammaExecutor{reference.grid().view(), reference.data(), ev, c, threshold_gy,
                             r.gamma.data()},
               16);
  }
  summarise(r, reference, threshold_gy);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace srtdose
