// Numbers as text for tables and reports (CLI, HTML).
#pragma once

#include <cmath>
#include <iomanip>
#include <sstream>
#include <string>

namespace srtdose {

/// v with a fixed number of decimals; "-" for NaN or infinity.
inline std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return "-";
  std::ostringstream o;
  o << std::fixed << std::setprecision(decimals) << v;
  return o.str();
}

}  // namespace srtdose
