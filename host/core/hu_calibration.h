// CT number (HU) to mass density calibration: a piecewise-linear table.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace srtdose {

/// Piecewise-linear HU -> mass density (g/cm3) curve, held constant beyond its end points.
class HuCalibration {
 public:
  /// Throws InputError (prefixed by `where`) unless there are >= 2 points, HU strictly
  /// increasing, densities finite, > 0 and non-decreasing.
  HuCalibration(std::vector<std::pair<double, double>> hu_density, const std::string& where);

  /// The built-in generic curve: the air-water mixing line from (-1000 HU, 0.001205) to
  /// (0 HU, 1.0), then a line through ICRU 44 cortical bone (1.92 g/cm3) placed at 1500 HU,
  /// extended to 3000 HU. Not a scanner calibration: clinics supply their own table.
  static HuCalibration generic();

  double density_g_cm3(double hu) const;
  /// The inverse: the lowest HU with this density (clamped to the table's ends).
  double hu_for_density(double rho_g_cm3) const;
  const std::vector<std::pair<double, double>>& points() const { return points_; }

 private:
  std::vector<std::pair<double, double>> points_;
};

}  // namespace srtdose
