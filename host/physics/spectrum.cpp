#include "host/physics/spectrum.h"

#include <cmath>

#include "host/core/error.h"

namespace srtdose::physics {

double Spectrum::mean_energy_mev() const {
  double n = 0, e = 0;
  for (std::size_t i = 0; i < fluence.size(); ++i) {
    n += fluence[i];
    e += fluence[i] * bin_mid(i);
  }
  return n > 0 ? e / n : 0.0;
}

void Spectrum::validate() const {
  const std::string where = "spectrum '" + name + "': ";
  if (bin_top_mev.empty() || bin_top_mev.size() != fluence.size())
    throw InputError(where + "needs one fluence value per bin");
  double prev = bin_min_mev, sum = 0;
  for (std::size_t i = 0; i < fluence.size(); ++i) {
    if (!(bin_top_mev[i] > prev)) throw InputError(where + "bin edges must ascend");
    if (!(fluence[i] >= 0) || !std::isfinite(fluence[i]))
      throw InputError(where + "fluence must be finite and >= 0");
    prev = bin_top_mev[i];
    sum += fluence[i];
  }
  if (!(sum > 0)) throw InputError(where + "all weights are zero");
  if (bin_top_mev.back() > 20) throw InputError(where + "energies above 20 MeV are not supported");
}

Spectrum mohan_6mv() {
  Spectrum s;
  s.name = "mohan6";
  s.citation =
      "Mohan R, Chui C, Lidofsky L, Energy and angular distributions of photons from medical "
      "linear accelerators, Med Phys 12:592-597 (1985); 6 MV as tabulated with EGSnrc";
  // Counts per MeV in 0.25 MeV bins; equal widths, so they are relative counts per bin.
  s.fluence = {0.004107824, 0.1295177,  0.4609022,  0.4609022,  0.4435880,  0.4084962,
               0.4084962,   0.2496504,  0.2367691,  0.1867142,  0.1382681,  0.1304545,
               0.1484442,   0.09496227, 0.1246583,  0.09773248, 0.08891984, 0.05154921,
               0.04184013,  0.04803306, 0.01624749, 0.02715377, 0.01199324, 0.01573713};
  for (int i = 1; i <= 24; ++i) s.bin_top_mev.push_back(0.25 * i);
  return s;
}

}  // namespace srtdose::physics
