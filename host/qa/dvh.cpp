#include "host/qa/dvh.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <sstream>
#include <utility>

#include "host/core/error.h"
#include "host/core/numeric_cast.h"
#include "host/core/resample.h"

namespace srtdose {

void DvhOptions::validate() const {
  if (!(bin_gy > 0) || !std::isfinite(bin_gy))
    throw InputError("DVH bin width must be a positive number of Gy (got " +
                     std::to_string(bin_gy) + ")");
  if (supersample < 0 || supersample > 16)
    throw InputError("DVH supersampling must be 0 (automatic) or 1..16 (got " +
                     std::to_string(supersample) + ")");
  if (auto_factor < 1 || auto_factor > 16 || !(auto_supersample_below_cm3 >= 0))
    throw InputError("DVH automatic supersampling settings out of range");
}

// ---------------------------------------------------------------- curve queries

void Dvh::set_curve(std::vector<double> dose_gy, std::vector<double> volume_cm3) {
  knot_dose_ = std::move(dose_gy);
  knot_volume_ = std::move(volume_cm3);
}

double Dvh::dose_at_volume_cm3(double v) const {
  if (knot_dose_.empty()) return 0;
  if (v <= 0) return max_gy;
  if (v >= volume_cm3) return min_gy;
  // Highest dose whose cumulative volume reaches v: walk down from the hottest knot.
  const std::size_t n = knot_dose_.size();
  if (v <= knot_volume_[n - 1]) return max_gy;
  // Volumes descend with index: hi is the first knot below v, lo the last one reaching it.
  const auto it = std::upper_bound(knot_volume_.begin(), knot_volume_.end(), v, std::greater<>());
  const std::size_t hi = static_cast<std::size_t>(it - knot_volume_.begin());
  if (hi == 0) return min_gy;
  const std::size_t lo = hi - 1;
  const double v_lo = knot_volume_[lo], v_hi = knot_volume_[hi];
  const double t = v_lo > v_hi ? (v_lo - v) / (v_lo - v_hi) : 0.0;
  return knot_dose_[lo] + t * (knot_dose_[hi] - knot_dose_[lo]);
}

double Dvh::dose_at_volume_pct(double p) const {
  return dose_at_volume_cm3(p / 100.0 * volume_cm3);
}

double Dvh::volume_at_dose_cm3(double d) const {
  if (knot_dose_.empty()) return 0;
  if (d <= min_gy) return volume_cm3;
  if (d > max_gy) return 0;
  const auto it = std::lower_bound(knot_dose_.begin(), knot_dose_.end(), d);
  if (it == knot_dose_.end()) return knot_volume_.back();
  const std::size_t hi = static_cast<std::size_t>(it - knot_dose_.begin());
  if (hi == 0) return knot_volume_.front();
  const std::size_t lo = hi - 1;
  const double t = (d - knot_dose_[lo]) / (knot_dose_[hi] - knot_dose_[lo]);
  return knot_volume_[lo] + t * (knot_volume_[hi] - knot_volume_[lo]);
}

double Dvh::volume_at_dose_pct(double d) const {
  return volume_cm3 > 0 ? 100.0 * volume_at_dose_cm3(d) / volume_cm3 : 0.0;
}

std::vector<DvhBin> Dvh::cumulative(double bin_gy) const {
  std::vector<DvhBin> out;
  const double bins = max_gy / bin_gy;
  if (!(bins <= kMaxDvhBins)) {
    std::ostringstream msg;
    msg << "DVH bin width " << bin_gy << " Gy gives " << bins << " bins up to " << max_gy
        << " Gy (at most " << kMaxDvhBins << "): use a wider bin";
    throw InputError(msg.str());
  }
  const int nb = checked_count<int>(bins, kMaxDvhBins, "DVH bins") + 1;
  out.reserve(static_cast<std::size_t>(nb));
  for (int b = 0; b < nb; ++b) {
    const double d = b * bin_gy;
    out.push_back({d, volume_at_dose_cm3(d)});
  }
  return out;
}

std::vector<DvhBin> Dvh::differential(double bin_gy) const {
  std::vector<DvhBin> cum = cumulative(bin_gy);
  std::vector<DvhBin> out;
  out.reserve(cum.size());
  for (std::size_t b = 0; b < cum.size(); ++b) {
    const double next = b + 1 < cum.size() ? cum[b + 1].volume_cm3 : 0.0;
    out.push_back({cum[b].dose_gy, cum[b].volume_cm3 - next});
  }
  return out;
}

// ---------------------------------------------------------------- sampling

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Above this many samples the curve is built from a fine histogram instead of a sort.
constexpr std::size_t kSortLimit = 262144;
/// Bins of that histogram: dose resolution (max - min) / 65536.
constexpr int kFineBins = 65536;

struct IndexBox {
  int lo[3] = {0, 0, 0}, hi[3] = {-1, -1, -1};
  double fraction_sum = 0;  ///< sum of the mask over the box (voxels)
  bool empty() const { return hi[0] < lo[0]; }
};

/// The box of the mask's non-zero voxels and the mask's sum, in one pass.
IndexBox nonzero_box(const Volume<float>& m) {
  const Grid3& g = m.grid();
  IndexBox box;
  box.lo[0] = g.nx(), box.lo[1] = g.ny(), box.lo[2] = g.nz();
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j) {
      const float* row = m.data() + g.index(0, j, k);
      for (int i = 0; i < g.nx(); ++i) {
        if (row[i] > 0) {
          box.fraction_sum += row[i];
          box.lo[0] = std::min(box.lo[0], i), box.hi[0] = std::max(box.hi[0], i);
          box.lo[1] = std::min(box.lo[1], j), box.hi[1] = std::max(box.hi[1], j);
          box.lo[2] = std::min(box.lo[2], k), box.hi[2] = std::max(box.hi[2], k);
        }
      }
    }
  return box;
}

/// Enumerates (dose, volume) samples of one mask slice.
struct Sampler {
  const Volume<float>& mask;
  const Volume<float>& dose;
  IndexBox box;
  int s = 1;
  bool same_grid = false;

  /// Central-difference gradient of the mask (per mm), pointing into the structure.
  Vec3 mask_gradient(int i, int j, int k) const {
    const Grid3& g = mask.grid();
    auto m = [&](int a, int b, int c) -> double {
      if (a < 0 || b < 0 || c < 0 || a >= g.nx() || b >= g.ny() || c >= g.nz()) return 0.0;
      return mask.at(a, b, c);
    };
    const Vec3 h = g.spacing_mm();
    return {(m(i + 1, j, k) - m(i - 1, j, k)) / (2 * h.x),
            (m(i, j + 1, k) - m(i, j - 1, k)) / (2 * h.y),
            (m(i, j, k + 1) - m(i, j, k - 1)) / (2 * h.z)};
  }

  template <class F>
  void slice(int k, F&& emit) const {
    const Grid3& g = mask.grid();
    const double vvox = g.voxel_volume_cm3();
    const Vec3 sp = g.spacing_mm();
    const int s3 = s * s * s;
    std::vector<std::pair<double, int>> order;
    order.reserve(static_cast<std::size_t>(s3));
    for (int j = box.lo[1]; j <= box.hi[1]; ++j)
      for (int i = box.lo[0]; i <= box.hi[0]; ++i) {
        const std::int64_t idx = g.index(i, j, k);
        const double f = mask[idx];
        if (!(f > 0)) continue;
        if (s == 1) {
          const double d = same_grid ? static_cast<double>(dose[idx])
                                     : interpolate_trilinear(dose, g.position_mm(i, j, k), kNaN);
          emit(d, f * vvox);
          continue;
        }
        const Vec3 c = g.position_mm(i, j, k);
        auto point = [&](int a, int b, int cc) {
          return Vec3{c.x + ((a + 0.5) / s - 0.5) * sp.x, c.y + ((b + 0.5) / s - 0.5) * sp.y,
                      c.z + ((cc + 0.5) / s - 0.5) * sp.z};
        };
        // Full voxels, and partial ones without a mask gradient to place them, are shared
        // evenly. Otherwise the structure's part of a boundary voxel goes behind a plane whose
        // normal is the mask gradient (piecewise-linear interface reconstruction, as in
        // volume-of-fluid methods, e.g. Youngs 1982): the sub-samples deepest inside the
        // structure carry the voxel's fraction f; the volume stays exactly f x voxel.
        const Vec3 grad = f < 1 ? mask_gradient(i, j, k) : Vec3{0, 0, 0};
        if (!(norm(grad) > 0)) {
          const double weight = std::min(f, 1.0) * vvox / s3;
          for (int cc = 0; cc < s; ++cc)
            for (int b = 0; b < s; ++b)
              for (int a = 0; a < s; ++a)
                emit(interpolate_trilinear(dose, point(a, b, cc), kNaN), weight);
          continue;
        }
        order.clear();
        for (int cc = 0; cc < s; ++cc)
          for (int b = 0; b < s; ++b)
            for (int a = 0; a < s; ++a)
              order.push_back({dot(point(a, b, cc) - c, grad), a + s * (b + s * cc)});
        std::sort(order.begin(), order.end(),
                  [](const auto& x, const auto& y) { return x.first > y.first; });
        double left = f * s3;  // sub-samples still to fill
        for (const auto& [depth, id] : order) {
          if (left <= 0) break;
          const double share = std::min(1.0, left);
          left -= share;
          const int a = id % s, b = (id / s) % s, cc = id / (s * s);
          emit(interpolate_trilinear(dose, point(a, b, cc), kNaN), share * vvox / s3);
        }
      }
  }
};

struct Stats {
  std::size_t count = 0;
  double weight = 0, weighted_dose = 0, outside = 0;
  double min = std::numeric_limits<double>::infinity(), max = -min;
  void add(double d, double w) {
    if (std::isnan(d)) {
      outside += w;
      return;
    }
    ++count;
    weight += w;
    weighted_dose += w * d;
    min = std::min(min, d);
    max = std::max(max, d);
  }
  void merge(const Stats& o) {
    count += o.count, weight += o.weight, weighted_dose += o.weighted_dose, outside += o.outside;
    min = std::min(min, o.min), max = std::max(max, o.max);
  }
};

bool grids_overlap(const Grid3& a, const Grid3& b) {
  const Box3 x = a.bounds_mm(), y = b.bounds_mm();
  for (int i = 0; i < 3; ++i)
    if (x.max_mm[i] <= y.min_mm[i] || y.max_mm[i] <= x.min_mm[i]) return false;
  return true;
}

/// Knots from samples sorted by dose: each group of equal doses puts its knot at the middle of
/// its own volume (a voxel's dose stands for the range of doses inside it).
void curve_from_sorted(std::vector<std::pair<float, float>>& samples, Dvh& dvh) {
  std::sort(samples.begin(), samples.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<double> dose, vol;
  double above = 0;
  for (std::size_t a = 0; a < samples.size();) {
    std::size_t b = a;
    double w = 0;
    while (b < samples.size() && samples[b].first == samples[a].first) w += samples[b++].second;
    dose.push_back(samples[a].first);
    vol.push_back(above + 0.5 * w);
    above += w;
    a = b;
  }
  std::reverse(dose.begin(), dose.end());
  std::reverse(vol.begin(), vol.end());
  dvh.set_curve(std::move(dose), std::move(vol));
}

/// Knots at the edges of fine bins (dose spread evenly within a bin); empty runs are skipped.
void curve_from_histogram(const std::vector<double>& w, double lo, double h, Dvh& dvh) {
  const int nb = static_cast<int>(w.size());
  std::vector<double> above(static_cast<std::size_t>(nb) + 1, 0.0);
  for (int b = nb - 1; b >= 0; --b) above[b] = above[b + 1] + w[b];
  std::vector<double> dose, vol;
  for (int e = 0; e <= nb; ++e) {
    const bool left = e > 0 && w[e - 1] > 0, right = e < nb && w[e] > 0;
    if (!left && !right) continue;
    dose.push_back(lo + e * h);
    vol.push_back(above[e]);
  }
  dvh.set_curve(std::move(dose), std::move(vol));
}

}  // namespace

Dvh compute_dvh(const std::string& name, const Volume<float>& mask, const Volume<float>& dose,
                const DvhOptions& options) {
  options.validate();
  if (!grids_overlap(mask.grid(), dose.grid()))
    throw InputError("structure '" + name + "': its grid and the dose grid do not overlap");
  Sampler sampler{mask, dose, nonzero_box(mask), 1, mask.grid() == dose.grid()};
  if (sampler.box.empty()) throw InputError("structure '" + name + "' is empty");

  int s = options.supersample;
  if (s == 0) {
    const double v = sampler.box.fraction_sum * mask.grid().voxel_volume_cm3();
    s = v < options.auto_supersample_below_cm3 ? options.auto_factor : 1;
  }
  sampler.s = s;
  if (s > 1) sampler.same_grid = false;

  // Partial results per slice (or block of slices), merged in slice order: the same numbers
  // whatever the thread count and schedule.
  const int k0 = sampler.box.lo[2], n_slices = sampler.box.hi[2] - k0 + 1;
  std::vector<Stats> per_slice(static_cast<std::size_t>(n_slices));
#pragma omp parallel for schedule(dynamic)
  for (int k = k0; k < k0 + n_slices; ++k) {
    Stats slice_stats;  // local: neighbouring slices' partials share cache lines
    sampler.slice(k, [&](double d, double w) { slice_stats.add(d, w); });
    per_slice[static_cast<std::size_t>(k - k0)] = slice_stats;
  }
  Stats stats;
  for (const Stats& p : per_slice) stats.merge(p);
  if (stats.count == 0 || !(stats.weight > 0))
    throw InputError("structure '" + name + "' lies outside the dose grid");

  Dvh dvh;
  dvh.name = name;
  dvh.volume_cm3 = stats.weight;
  dvh.outside_volume_cm3 = stats.outside;
  dvh.min_gy = stats.min;
  dvh.max_gy = stats.max;
  dvh.mean_gy = stats.weighted_dose / stats.weight;
  dvh.supersample = s;

  if (stats.count <= kSortLimit || stats.max == stats.min) {
    // Each slice writes its samples at its own offset (its count from the first pass).
    std::vector<std::size_t> offset(static_cast<std::size_t>(n_slices) + 1, 0);
    for (int q = 0; q < n_slices; ++q)
      offset[static_cast<std::size_t>(q) + 1] =
          offset[static_cast<std::size_t>(q)] + per_slice[static_cast<std::size_t>(q)].count;
    std::vector<std::pair<float, float>> samples(offset.back());
#pragma omp parallel for schedule(dynamic)
    for (int k = k0; k < k0 + n_slices; ++k) {
      std::size_t at = offset[static_cast<std::size_t>(k - k0)];
      sampler.slice(k, [&](double d, double w) {
        if (!std::isnan(d)) samples[at++] = {static_cast<float>(d), static_cast<float>(w)};
      });
    }
    curve_from_sorted(samples, dvh);
  } else {
    const double h = (stats.max - stats.min) / kFineBins;
    // Per-thread histograms (65536 bins each): summed in thread order, so the bins can differ
    // in the last bits between thread counts (1e-15 relative); per-slice partials would cost a
    // histogram per slice.
    std::vector<double> w(kFineBins, 0.0);
#pragma omp parallel
    {
      std::vector<double> local(kFineBins, 0.0);
#pragma omp for schedule(dynamic)
      for (int k = k0; k < k0 + n_slices; ++k)
        sampler.slice(k, [&](double d, double wt) {
          if (std::isnan(d)) return;
          const int b = std::min(kFineBins - 1, static_cast<int>((d - stats.min) / h));
          local[static_cast<std::size_t>(b)] += wt;
        });
#pragma omp critical
      for (int b = 0; b < kFineBins; ++b)
        w[static_cast<std::size_t>(b)] += local[static_cast<std::size_t>(b)];
    }
    curve_from_histogram(w, stats.min, h, dvh);
  }
  return dvh;
}

}  // namespace srtdose
