// Energy groups of a spectrum for kernel hardening. A polyenergetic kernel weighted by the
// TERMA of the spectrum at the surface, used at every depth, ignores that the beam hardens: at
// depth more of the TERMA comes from high-energy photons, whose kernels carry energy farther
// forward. Superposing each group's TERMA with its own kernel follows the hardening (the
// multi-energy superposition of Boyer and Mok, Med Phys 12:169, 1985; cf. Hoban, Murray and
// Round, PMB 39:1161, 1994). On case A (5 x 5 cm, water) against EGSnrc, one surface-weighted
// kernel gives +1 % at 2-3 cm and -1.7 % at 20 cm (normalised at 8-12 cm); one kernel per
// energy bin -0.8 to -0.2 %; three groups of equal surface TERMA -0.6 to -0.4 %
// (docs/ccc-engine.md).
#pragma once

#include <vector>

#include "host/physics/spectrum.h"
#include "host/physics/water_tables.h"

namespace srtdose::physics {

/// The most groups the engines carry (kernels/common/ccc_lattice.h keeps them in fixed arrays).
inline constexpr int kMaxEnergyGroups = 4;

/// Contiguous runs of a spectrum's bins: group g holds bins [first_bin[g], first_bin[g + 1]).
struct EnergyGroups {
  std::vector<int> first_bin;  ///< size groups() + 1; first_bin[0] = 0, last = bin count
  int groups() const { return static_cast<int>(first_bin.size()) - 1; }
  /// The group of bin b.
  int group_of(int bin) const;
};

/// Splits the bins into at most n groups of about equal surface TERMA (fluence x E x mu in
/// water), cut at bin edges; bins without TERMA join their neighbours. n in 1..4.
EnergyGroups split_by_terma(const Spectrum& spectrum, const InteractionTables& water, int n);

/// The spectrum with every bin outside group g set to 0.
Spectrum group_spectrum(const Spectrum& spectrum, const EnergyGroups& groups, int g);

/// Each group's share of the spectrum's surface TERMA (sums to 1).
std::vector<double> terma_shares(const Spectrum& spectrum, const InteractionTables& water,
                                 const EnergyGroups& groups);

}  // namespace srtdose::physics
