#include "host/qa/outcome_models.h"

#include <cmath>

#include "host/core/error.h"

namespace srtdose {

double lkb_ntcp(double geud, double td50, double m) {
  if (!(td50 > 0) || !(m > 0)) throw InputError("LKB parameters TD50 and m must be > 0");
  const double t = (geud - td50) / (m * td50);
  return 0.5 * std::erfc(-t / std::sqrt(2.0));
}

}  // namespace srtdose
