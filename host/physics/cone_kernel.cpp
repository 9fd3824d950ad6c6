#include "host/physics/cone_kernel.h"

#include <algorithm>
#include <cmath>

#include "host/core/error.h"
#include "host/physics/constants.h"

namespace srtdose::physics {

double TwoExponentialFit::cumulative(double r) const {
  const double p = a_per_cm > 0 ? a_amp / a_per_cm * (1 - std::exp(-a_per_cm * r)) : 0.0;
  const double s = b_per_cm > 0 ? b_amp / b_per_cm * (1 - std::exp(-b_per_cm * r)) : 0.0;
  return p + s;
}

double cone_band_share(const KernelBinning& b, int cone, double band_lo, double band_hi) {
  const double w = b.cone_width_rad(), t0 = cone * w, t1 = (cone + 1) * w;
  const double lo = std::max(t0, band_lo), hi = std::min(t1, band_hi);
  if (hi <= lo) return 0;
  return (std::cos(lo) - std::cos(hi)) / (std::cos(t0) - std::cos(t1));
}

std::vector<double> band_relative_sigma(const PointKernel& k, const ConeKernel& c) {
  const int ns = k.binning.shells();
  std::vector<double> out;
  for (int band = 0; band < c.bands(); ++band) {
    double var = 0, sum = 0;
    for (int cone = 0; cone < k.binning.cones; ++cone) {
      const double share =
          cone_band_share(k.binning, cone, c.zenith_edges_rad[band], c.zenith_edges_rad[band + 1]);
      if (share <= 0) continue;
      for (int s = 0; s < ns; ++s) {
        const std::size_t i = static_cast<std::size_t>(cone * ns + s);
        var += share * share *
               (k.primary_sigma[i] * k.primary_sigma[i] + k.scatter_sigma[i] * k.scatter_sigma[i]);
        sum += share * (k.primary[i] + k.scatter[i]);
      }
    }
    out.push_back(sum > 0 ? std::sqrt(var) / sum : 0.0);
  }
  return out;
}

double band_direction_cos(const ConeKernel& k, int b) {
  if (k.mean_cos.size() == static_cast<std::size_t>(k.bands()))
    return k.mean_cos[static_cast<std::size_t>(b)];
  return 0.5 * (std::cos(k.zenith_edges_rad[static_cast<std::size_t>(b)]) +
                std::cos(k.zenith_edges_rad[static_cast<std::size_t>(b) + 1]));
}

ConeKernel collapse_kernel(const PointKernel& k, int n) {
  if (n < 1 || n > 180) throw InputError("collapsed-cone kernel: zenith bands must be 1..180");
  ConeKernel c;
  for (int i = 0; i <= n; ++i) c.zenith_edges_rad.push_back(kPi * i / n);
  c.radius_cm = k.binning.radius_edges_cm;
  const int ns = k.binning.shells(), nc = k.binning.cones;
  c.cumulative_primary.assign(static_cast<std::size_t>(n * ns), 0.0);
  c.cumulative_scatter.assign(c.cumulative_primary.size(), 0.0);
  std::vector<double> energy(static_cast<std::size_t>(n), 0.0), moment(energy.size(), 0.0);
  const double width = k.binning.cone_width_rad();
  for (int cone = 0; cone < nc; ++cone)
    for (int band = 0; band < n; ++band) {
      const double share =
          cone_band_share(k.binning, cone, c.zenith_edges_rad[band], c.zenith_edges_rad[band + 1]);
      if (share <= 0) continue;
      // Mean cosine of the overlap (deposits uniform per steradian within a polar bin).
      const double lo = std::max(cone * width, c.zenith_edges_rad[band]),
                   hi = std::min((cone + 1) * width, c.zenith_edges_rad[band + 1]);
      double total = 0;
      for (int s = 0; s < ns; ++s)
        total += k.primary[static_cast<std::size_t>(cone * ns + s)] +
                 k.scatter[static_cast<std::size_t>(cone * ns + s)];
      energy[static_cast<std::size_t>(band)] += share * total;
      moment[static_cast<std::size_t>(band)] += share * total * 0.5 * (std::cos(lo) + std::cos(hi));
      double cp = 0, cs = 0;
      for (int s = 0; s < ns; ++s) {
        const std::size_t src = static_cast<std::size_t>(cone * ns + s);
        cp += share * k.primary[src];
        cs += share * k.scatter[src];
        const std::size_t dst = static_cast<std::size_t>(band * ns + s);
        c.cumulative_primary[dst] += cp;
        c.cumulative_scatter[dst] += cs;
      }
    }
  for (int band = 0; band < n; ++band) {
    const double e = energy[static_cast<std::size_t>(band)];
    const double mid =
        0.5 * (std::cos(c.zenith_edges_rad[band]) + std::cos(c.zenith_edges_rad[band + 1]));
    c.mean_cos.push_back(e > 0 ? moment[static_cast<std::size_t>(band)] / e : mid);
  }
  return c;
}

namespace {

/// Best amplitude A and rate a for CK(r) = A/a (1 - e^{-a r}) to the points (r_j, y_j):
/// relative errors, with a floor of 5 % of the final value so that the tiny values near the
/// origin do not dominate.
void fit_one(const std::vector<double>& r, const std::vector<double>& y_in, double& amp,
             double& rate) {
  std::vector<double> y = y_in;
  const double floor = 0.05 * y_in.back();
  auto cost = [&](double a, double& best_amp) {
    double num = 0, den = 0;
    for (std::size_t j = 0; j < r.size(); ++j) {
      const double f = (1 - std::exp(-a * r[j])) / a,
                   wgt = 1 / std::max(y[j] * y[j], floor * floor);
      num += wgt * f * y[j];
      den += wgt * f * f;
    }
    best_amp = den > 0 ? num / den : 0;
    double c = 0;
    for (std::size_t j = 0; j < r.size(); ++j) {
      const double d = best_amp * (1 - std::exp(-a * r[j])) / a - y[j];
      c += d * d / std::max(y[j] * y[j], floor * floor);
    }
    return c;
  };
  double lo = std::log(1e-3), hi = std::log(1e3), amp_tmp = 0;
  const double g = 0.5 * (std::sqrt(5.0) - 1);
  double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
  double f1 = cost(std::exp(x1), amp_tmp), f2 = cost(std::exp(x2), amp_tmp);
  for (int it = 0; it < 80; ++it) {
    if (f1 < f2) {
      hi = x2, x2 = x1, f2 = f1, x1 = hi - g * (hi - lo), f1 = cost(std::exp(x1), amp_tmp);
    } else {
      lo = x1, x1 = x2, f1 = f2, x2 = lo + g * (hi - lo), f2 = cost(std::exp(x2), amp_tmp);
    }
  }
  rate = std::exp(0.5 * (lo + hi));
  cost(rate, amp);
}

}  // namespace

void fit_two_exponentials(ConeKernel& c) {
  c.fits.assign(static_cast<std::size_t>(c.bands()), {});
  for (int b = 0; b < c.bands(); ++b) {
    std::vector<double> r, p, s;
    for (int j = 0; j < c.radii(); ++j) {
      const std::size_t i = static_cast<std::size_t>(b * c.radii() + j);
      r.push_back(c.radius_cm[j]);
      p.push_back(c.cumulative_primary[i]);
      s.push_back(c.cumulative_scatter[i]);
    }
    TwoExponentialFit& f = c.fits[static_cast<std::size_t>(b)];
    if (p.back() > 0) fit_one(r, p, f.a_amp, f.a_per_cm);
    if (s.back() > 0) fit_one(r, s, f.b_amp, f.b_per_cm);
  }
}

}  // namespace srtdose::physics
