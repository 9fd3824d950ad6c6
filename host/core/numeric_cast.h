// Doubles that become indices or counts. A double cast to an integer it does not fit is
// undefined behaviour (C++ [conv.fpint]); every such conversion of a value that may come from
// input (a plan, a DICOM or HDF5 file, a gamma value) goes through one of these.
#pragma once

#include <cmath>
#include <sstream>
#include <string>

#include "host/core/error.h"

namespace srtdose {

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
