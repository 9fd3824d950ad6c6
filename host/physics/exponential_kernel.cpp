#include "host/physics/exponential_kernel.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Dense>
#include "host/core/error.h"

namespace srtdose::physics {

double ExponentialConeKernel::cumulative(int band, double r_cm) const {
  double sum = 0;
  for (int c = 0; c < components(); ++c) {
    const double a = rates_per_cm[static_cast<std::size_t>(c)];
    sum += amplitudes_per_cm[static_cast<std::size_t>(band * components() + c)] / a *
           -std::expm1(-a * r_cm);
  }
  return sum;
}

ExponentialConeKernel fit_exponential_kernel(const ConeKernel& k, int components,
                                             double min_rate_per_cm) {
  if (components < 1 || !(min_rate_per_cm > 0))
    throw InputError("exponential kernel fit: components must be >= 1 and rates > 0");
  ExponentialConeKernel e;
  for (int c = 0; c < components; ++c)
    e.rates_per_cm.push_back(min_rate_per_cm * std::ldexp(1.0, c));
  const int nr = k.radii();
  Eigen::MatrixXd m(nr, components);
  for (int j = 0; j < nr; ++j)
    for (int c = 0; c < components; ++c) {
      const double a = e.rates_per_cm[static_cast<std::size_t>(c)];
      m(j, c) = -std::expm1(-a * k.radius_cm[static_cast<std::size_t>(j)]) / a;
    }
  // Columns scaled to unit norm, then a small ridge term: the exponentials are nearly
  // collinear, and the ridge keeps the amplitudes moderate without biasing the fit (residuals
  // stay at the kernel's Monte Carlo noise). Amplitudes may be negative where a band's energy
  // per unit radius rises with r (lateral and backward scatter), which positive exponentials
  // cannot follow; the sum stays a non-negative kernel for the Monte Carlo kernels checked.
  constexpr double kRidge = 1e-6;
  const Eigen::VectorXd scale = m.colwise().norm().transpose();
  Eigen::MatrixXd a(nr + components, components);
  a << m * scale.cwiseInverse().asDiagonal(),
      std::sqrt(kRidge) * Eigen::MatrixXd::Identity(components, components);
  const auto qr = a.colPivHouseholderQr();
  for (int b = 0; b < k.bands(); ++b) {
    Eigen::VectorXd target(nr);
    for (int j = 0; j < nr; ++j) target(j) = k.cumulative(b, j);
    const double total = target(nr - 1);
    Eigen::VectorXd amp = Eigen::VectorXd::Zero(components);
    if (total > 0) {
      Eigen::VectorXd rhs = Eigen::VectorXd::Zero(nr + components);
      rhs.head(nr) = target / total;
      amp = total * qr.solve(rhs).cwiseQuotient(scale);
    }
    const Eigen::VectorXd fit = m * amp;
    e.worst_error.push_back(total > 0 ? (fit - target).cwiseAbs().maxCoeff() / total : 0.0);
    for (int c = 0; c < components; ++c) e.amplitudes_per_cm.push_back(amp(c));
  }
  return e;
}

}  // namespace srtdose::physics
