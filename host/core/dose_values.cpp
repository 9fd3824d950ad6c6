#include "host/core/dose_values.h"

#include <cmath>
#include <sstream>

#include "host/core/error.h"
#include "host/core/limits.h"

namespace srtdose {

void check_dose_values(const Volume<float>& dose, const std::string& what) {
  const Grid3& g = dose.grid();
  for (std::int64_t v = 0; v < dose.size(); ++v) {
    const float d = dose[v];
    if (std::isfinite(d) && d >= 0 && d <= kMaxDoseGy) continue;
    std::ostringstream msg;
    msg << what << ": dose must be finite, >= 0 and <= " << kMaxDoseGy << " Gy (voxel "
        << v % g.nx() << ", " << (v / g.nx()) % g.ny() << ", "
        << v / (std::int64_t{g.nx()} * g.ny()) << " is " << d << ")";
    throw InputError(msg.str());
  }
}

}  // namespace srtdose
