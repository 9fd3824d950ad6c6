#include "host/core/hu_calibration.h"

#include <cmath>

#include "host/core/error.h"
#include "host/core/limits.h"

namespace srtdose {

HuCalibration::HuCalibration(std::vector<std::pair<double, double>> hu_density,
                             const std::string& where)
    : points_(std::move(hu_density)) {
  if (points_.size() < 2) throw InputError(where + ": needs at least 2 [HU, density] pairs");
  for (std::size_t i = 0; i < points_.size(); ++i) {
    const auto [hu, rho] = points_[i];
    const std::string at = where + "[" + std::to_string(i) + "]";
    if (!(hu >= kMinHu && hu <= kMaxHu))
      throw InputError(at + ": HU must be in [" + std::to_string(static_cast<int>(kMinHu)) + ", " +
                       std::to_string(static_cast<int>(kMaxHu)) + "]");
    if (!(rho > 0 && rho <= kMaxDensityGcm3))
      throw InputError(at + ": density must be > 0 and <= 25 g/cm3");
    if (i > 0 && !(hu > points_[i - 1].first)) {
      throw InputError(at + ": HU values must increase strictly");
    }
    if (i > 0 && rho < points_[i - 1].second) {
      throw InputError(at + ": densities must not decrease as HU increases");
    }
  }
}

HuCalibration HuCalibration::generic() {
  constexpr double kBoneDensity = 1.92, kBoneHu = 1500.0;
  const double slope = (kBoneDensity - 1.0) / kBoneHu;
  return HuCalibration({{-1000.0, 0.001205}, {0.0, 1.0}, {3000.0, 1.0 + 3000.0 * slope}},
                       "built-in HU calibration");
}

double HuCalibration::density_g_cm3(double hu) const {
  if (hu <= points_.front().first) return points_.front().second;
  if (hu >= points_.back().first) return points_.back().second;
  std::size_t i = 1;
  while (points_[i].first < hu) ++i;
  const auto [h0, r0] = points_[i - 1];
  const auto [h1, r1] = points_[i];
  return r0 + (r1 - r0) * (hu - h0) / (h1 - h0);
}

double HuCalibration::hu_for_density(double rho) const {
  if (rho <= points_.front().second) return points_.front().first;
  if (rho >= points_.back().second) return points_.back().first;
  std::size_t i = 1;
  while (points_[i].second < rho) ++i;
  const auto [h0, r0] = points_[i - 1];
  const auto [h1, r1] = points_[i];
  return r1 > r0 ? h0 + (h1 - h0) * (rho - r0) / (r1 - r0) : h0;
}

}  // namespace srtdose
