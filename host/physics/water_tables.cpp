#include "host/physics/water_tables.h"

#include <algorithm>
#include <cmath>

#include "host/physics/constants.h"
#include "host/physics/electron_stopping.h"
#include "host/physics/elements.h"
#include "host/physics/photon_cross_sections.h"

namespace srtdose::physics {

namespace {

/// Moller cross section per electron, d sigma / d eps (cm2) without the 2 pi r_e^2 m c^2 /
/// (beta^2 T) factor, eps = energy fraction of the delta ray (ICRU 37 eq. 2.14).
double moller_shape(double eps, double gamma) {
  const double g1 = (gamma - 1) / gamma;
  return 1 / (eps * eps) + 1 / ((1 - eps) * (1 - eps)) + g1 * g1 -
         (2 * gamma - 1) / (gamma * gamma) / (eps * (1 - eps));
}

}  // namespace

double moller_shape_for_sampling(double eps, double gamma) {
  return moller_shape(eps, gamma);
}

InteractionTables::InteractionTables(MaterialId m, double delta_mev, int per_decade)
    : log_min_(std::log(1e-3)), step_(std::log(10.0) / per_decade), delta_mev_(delta_mev) {
  const int n = static_cast<int>(std::ceil((std::log(20.0) - log_min_) / step_)) + 1;
  for (int i = 0; i < n; ++i) {
    const double e = std::min(20.0, std::exp(log_min_ + i * step_));
    const MassCoefficients c = mass_coefficients(m, std::max(e, 0.01));
    const double mu = c.incoherent + c.photoelectric + c.pair;
    mu_.push_back(mu);
    compton_.push_back(c.incoherent / mu);
    photo_.push_back(c.photoelectric / mu);
    const StoppingPower s = electron_stopping_power(m, e);
    scol_.push_back(s.collision);
    srad_.push_back(s.radiative);
    // Delta rays above delta_mev (possible for T > 2 delta): number per g/cm2 and the energy
    // they take, which the restricted stopping power leaves out.
    double n_delta = 0, e_delta = 0;
    if (e > 2 * delta_mev) {
      const double gamma = 1 + e / kElectronMassMeV, beta2 = 1 - 1 / (gamma * gamma);
      const double pre = 0.5 * kBetheK * z_over_a(m) / (beta2 * e);  // per MeV of T
      const int nq = 400;
      const double a = std::log(delta_mev / e), b = std::log(0.5), h = (b - a) / nq;
      for (int q = 0; q <= nq; ++q) {
        const double eps = std::exp(a + q * h), w = (q == 0 || q == nq) ? 1 : (q % 2 ? 4 : 2);
        const double d = pre * moller_shape(eps, gamma) * eps;  // per unit ln eps
        n_delta += w * d * h / 3;
        e_delta += w * d * eps * e * h / 3;
      }
    }
    delta_xs_.push_back(n_delta);
    restricted_.push_back(std::max(0.1 * s.collision, s.collision - e_delta));
  }
  // Ranges by the trapezoid rule in ln T, from T / (2 S) at 1 keV: CSDA (total stopping
  // power) and with the continuous (restricted + radiative) losses only.
  auto integrate = [&](const std::vector<double>& col, std::vector<double>& out) {
    out.resize(col.size());
    out[0] = 1e-3 / (2 * (col[0] + srad_[0]));
    for (std::size_t i = 1; i < col.size(); ++i) {
      const double e0 = std::exp(log_min_ + (i - 1) * step_), e1 = std::exp(log_min_ + i * step_);
      out[i] =
          out[i - 1] + 0.5 * step_ * (e0 / (col[i - 1] + srad_[i - 1]) + e1 / (col[i] + srad_[i]));
    }
  };
  integrate(scol_, range_);
  integrate(restricted_, rrange_);
}

double InteractionTables::lookup(const std::vector<double>& t, double e) const {
  const double x = (std::log(std::max(e, 1e-3)) - log_min_) / step_;
  const int n = static_cast<int>(t.size());
  const int i = std::clamp(static_cast<int>(x), 0, n - 2);
  const double f = std::clamp(x - i, 0.0, 1.0);
  return t[i] + f * (t[i + 1] - t[i]);
}

double InteractionTables::energy_after(double t, double s) const {
  const double r = restricted_range_g_cm2(t) - s;
  if (r <= rrange_.front()) return 0;
  // Invert the monotone range table.
  const auto it = std::lower_bound(rrange_.begin(), rrange_.end(), r);
  const std::size_t i = std::max<std::size_t>(1, static_cast<std::size_t>(it - rrange_.begin()));
  const double f = (r - rrange_[i - 1]) / (rrange_[i] - rrange_[i - 1]);
  return std::exp(log_min_ + (i - 1 + f) * step_);
}

}  // namespace srtdose::physics
