// Photon energy spectra: bins of fluence with their source.
#pragma once

#include <string>
#include <vector>

namespace srtdose::physics {

struct Spectrum {
  std::string name, citation;
  std::vector<double> bin_top_mev;  ///< upper edges, ascending; the first bin starts at bin_min_mev
  double bin_min_mev = 0;
  std::vector<double> fluence;  ///< relative photon fluence per bin (not per MeV)

  double bin_low(std::size_t i) const { return i == 0 ? bin_min_mev : bin_top_mev[i - 1]; }
  double bin_mid(std::size_t i) const { return 0.5 * (bin_low(i) + bin_top_mev[i]); }
  /// Mean photon energy (bins at their mid-point).
  double mean_energy_mev() const;
  /// Throws InputError naming the problem (empty, not ascending, negative weights, > 20 MeV).
  void validate() const;
};

/// Mohan, Chui and Lidofsky, Med Phys 12:592 (1985), 6 MV (Varian Clinac), 24 bins of 0.25 MeV
/// to 6 MeV, as tabulated in the EGSnrc distribution (counts per MeV; equal bins).
Spectrum mohan_6mv();

}  // namespace srtdose::physics
