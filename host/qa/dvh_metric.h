// DVH quantities named as clinicians write them ("D0.035cc", "D98%", "V20Gy", "CV700cc"), with
// their definitions in one place (ICRU 83, ICRU 91, AAPM TG-101).
#pragma once

#include <string>

#include "host/qa/dvh.h"

namespace srtdose {

struct DvhMetric {
  enum class Kind {
    dmax,         ///< "Dmax": highest sampled dose (a point; see D0.035cc for the ICRU 91 near-max)
    dmin,         ///< "Dmin": lowest sampled dose
    dmean,        ///< "Dmean": volume-weighted mean dose
    dose_at_cc,   ///< "D<x>cc": minimum dose to the hottest x cm3 (ICRU 83)
    dose_at_pct,  ///< "D<x>%": minimum dose to the hottest x % of the volume (ICRU 83)
    volume_at_gy,    ///< "V<x>Gy": volume receiving at least x Gy (cm3)
    volume_at_rx,    ///< "V<x>%": volume receiving at least x % of the prescription (cm3)
    critical_volume  ///< "CV<x>cc": highest dose that x cm3 stay below (TG-101 parallel organs)
  };
  Kind kind = Kind::dmax;
  double param = 0;
  std::string text;

  /// Parses the forms above (case-insensitive prefix, e.g. "d0.03cc", "V12.5Gy"); throws
  /// InputError naming the text otherwise.
  static DvhMetric parse(const std::string& text);

  bool is_volume() const { return kind == Kind::volume_at_gy || kind == Kind::volume_at_rx; }
  /// Value on a DVH whose doses are multiplied by dose_scale: Gy for dose metrics, cm3 for
  /// volume metrics. rx_gy (already scaled) is needed for V<x>%. NaN where undefined (critical
  /// volume larger than the organ).
  double evaluate(const Dvh& dvh, double rx_gy = 0, double dose_scale = 1) const;
};

/// The summary a plan check reports for one structure.
struct StructureMetrics {
  std::string name;
  double volume_cm3 = 0, outside_volume_cm3 = 0;
  double dmin_gy = 0, dmean_gy = 0, dmax_gy = 0;
  double d0_03cc_gy = 0, d0_035cc_gy = 0, d2_gy = 0, d50_gy = 0, d98_gy = 0;
  /// ICRU 91: D2% for volumes >= 2 cm3, D0.035cc below.
  double near_max_gy = 0;
  std::string near_max_label;
  /// (D2 - D98) / D50 (ICRU 83).
  double homogeneity_index = 0;
  int supersample = 1;
};

StructureMetrics structure_metrics(const Dvh& dvh);

}  // namespace srtdose
