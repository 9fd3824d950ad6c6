// Doubles that become indices or counts. A double cast to an integer it does not fit is
// undefined behaviour (C++ [conv.fpint]); every such conversion of a value that may come from
// input (a plan, a DICOM or HDF5 file, a gamma value) goes through one of these.
#pragma once

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>

#include "host/core/error.h"

namespace srtdose {

/// True when x is finite and its integer part fits Int.
template <class Int>
bool fits_integer(double x) {
  static_assert(std::is_integral_v<Int>);
  // Exact as doubles: min() is 0 or -2^(N-1); the exclusive upper bound is 2^N or 2^(N-1).
  constexpr double lo = static_cast<double>(std::numeric_limits<Int>::min());
  constexpr double hi = 2.0 * (static_cast<double>(std::numeric_limits<Int>::max() / 2) + 1.0);
  const double t = std::trunc(x);
  return std::isfinite(t) && t >= lo && t < hi;
}

/// floor(x) clamped into [lo, hi]; NaN gives lo. An index that cannot leave its array.
template <class Int>
Int clamped_floor(double x, Int lo, Int hi) {
  if (!(x >= static_cast<double>(lo))) return lo;  // also NaN
  if (x >= static_cast<double>(hi)) return hi;
  return static_cast<Int>(std::floor(x));
}

/// ceil(x) clamped into [lo, hi]; NaN gives lo.
template <class Int>
Int clamped_ceil(double x, Int lo, Int hi) {
  if (!(x > static_cast<double>(lo))) return lo;
  if (x >= static_cast<double>(hi)) return hi;
  return static_cast<Int>(std::ceil(x));
}

/// ceil(x) as a count in [0, max]; otherwise InputError "<what>: ..." naming the value and the
/// limit.
template <class Int>
Int checked_count(double x, Int max, const std::string& what) {
  if (!(x >= -1e-9) || !(x <= static_cast<double>(max))) {
    std::ostringstream msg;
    msg << what << ": " << x << " is not a count in [0, " << max << "]";
    throw InputError(msg.str());
  }
  return static_cast<Int>(std::ceil(std::max(0.0, x)));
}

}  // namespace srtdose
