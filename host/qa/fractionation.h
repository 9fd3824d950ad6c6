// Comparing fractionation schemes on one dose distribution: the plan scaled to each scheme,
// target BED and OAR constraints for that number of fractions, and iso-effective prescriptions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/qa/constraints.h"
#include "host/qa/dvh.h"
#include "host/qa/radiobiology.h"

namespace srtdose {

struct Scheme {
  int fractions = 1;
  double dose_per_fraction_gy = 0;
  double total_gy() const { return fractions * dose_per_fraction_gy; }
  std::string label() const;  ///< "5x10"
  /// "5x10" (fractions x Gy per fraction); throws InputError naming the text.
  static Scheme parse(const std::string& text);
  /// Comma-separated list, "1x24,3x15,5x10".
  static std::vector<Scheme> parse_list(const std::string& text);
};

/// BED figures of one structure at a dose scaling, from its DVH.
struct StructureBed {
  std::string name;
  TissueModel tissue;
  double d98_gy = 0, d50_gy = 0, mean_gy = 0, near_max_gy = 0;  ///< physical (scaled)
  double bed_d98_gy = 0, bed_d50_gy = 0, bed_mean_gy = 0, bed_near_max_gy = 0;
  double eqd2_d98_gy = 0, eqd2_d50_gy = 0, eqd2_mean_gy = 0, eqd2_near_max_gy = 0;
};

/// BED of DVH points of a plan given in `fractions` fractions with its dose scaled by
/// dose_scale. BED is monotone in dose, so BED(D98) is the BED histogram's D98; the mean is
/// the mean of the voxel BEDs. Near-max is D0.035cc.
StructureBed structure_bed(const Dvh& dvh, const TissueModel& tissue, int fractions,
                           double dose_scale = 1);

struct SchemeResult {
  Scheme scheme;
  double dose_scale = 1;  ///< scheme total / plan prescription
  StructureBed target;
  std::vector<ConstraintResult> constraints;
  int failed = 0, evaluated = 0;
};

struct FractionationInput {
  std::vector<Dvh> dvhs;             ///< all structures of the plan (plan dose, all fractions)
  int target_index = 0;              ///< which one is the prescription target
  double rx_total_gy = 0;            ///< the plan's prescription (total)
  std::vector<TissueModel> tissues;  ///< per DVH
  const ConstraintSet* constraints = nullptr;
};

/// The plan rescaled to each scheme (prescription = scheme total).
std::vector<SchemeResult> compare_schemes(const FractionationInput& in,
                                          const std::vector<Scheme>& schemes);

/// Iso-effective prescription per fraction number: the dose per fraction whose prescription
/// BED (target tissue) equals bed_gy, with the plan scaled to it and its constraints checked.
std::vector<SchemeResult> iso_effective_schemes(const FractionationInput& in, double bed_gy,
                                                const std::vector<int>& fractions);

}  // namespace srtdose
