// One check for every dose read from a file (srtdose HDF5, a TPS RT Dose) before it is used:
// finite, not negative, and below any treatment's total (host/core/limits.h).
#pragma once

#include <string>

#include "host/core/volume.h"

namespace srtdose {

/// Throws InputError "<what>: dose must be finite, >= 0 and <= 10000 Gy (voxel i, j, k is X)"
/// naming the first voxel that is not.
void check_dose_values(const Volume<float>& dose, const std::string& what);

}  // namespace srtdose
