// Dose-volume histograms of structures with partial-volume masks.
// The DVH is kept as a piecewise-linear cumulative curve so that every end point (Dx, Vx) is
// interpolated rather than read off a bin edge; binned forms are derived from it for output.
#pragma once

#include <string>
#include <vector>

#include "host/core/volume.h"

namespace srtdose {

struct DvhOptions {
  /// Bin width of the binned (output) histograms, Gy.
  double bin_gy = 0.01;
  /// Sub-samples per voxel edge: 1 = voxel centres; 0 = automatic (4 for structures smaller
  /// than auto_supersample_below_cm3, else 1). Dose is trilinear at sub-sample points; in a
  /// boundary voxel the structure's fraction goes to the sub-samples deepest inside it (plane
  /// normal to the mask gradient), so volume is conserved exactly.
  int supersample = 0;
  double auto_supersample_below_cm3 = 5.0;
  int auto_factor = 4;
  /// Throws InputError naming the option when a value is out of range.
  void validate() const;
};

/// The most bins a binned histogram may have (DvhOptions::bin_gy against the maximum dose).
inline constexpr int kMaxDvhBins = 1000000;

/// One point of a binned histogram.
struct DvhBin {
  double dose_gy;     ///< lower edge of the bin
  double volume_cm3;  ///< cumulative: volume receiving >= dose_gy; differential: in the bin
};

/// The cumulative DVH of one structure.
class Dvh {
 public:
  std::string name;
  double volume_cm3 = 0;          ///< structure volume inside the dose grid (partial volumes)
  double outside_volume_cm3 = 0;  ///< structure volume outside the dose grid (not in the DVH)
  double min_gy = 0, max_gy = 0, mean_gy = 0;
  int supersample = 1;

  /// Minimum dose to the hottest v cm3 (interpolated). v <= 0 gives max_gy, v >= volume the
  /// minimum.
  double dose_at_volume_cm3(double v_cm3) const;
  /// Minimum dose to the hottest p percent of the volume.
  double dose_at_volume_pct(double p) const;
  /// Volume receiving at least d Gy (interpolated), cm3.
  double volume_at_dose_cm3(double d_gy) const;
  double volume_at_dose_pct(double d_gy) const;

  /// Volume-weighted mean of f(dose) over the structure, integrated along the cumulative curve
  /// (Simpson's rule per segment: exact for polynomials up to degree 3, e.g. LQ BED).
  template <class F>
  double expectation(F&& f) const;

  std::vector<DvhBin> cumulative(double bin_gy) const;
  std::vector<DvhBin> differential(double bin_gy) const;

  /// Builds from the knots of the cumulative curve: dose ascending, volume (>= dose)
  /// descending. Used by the DVH computation and by tests.
  void set_curve(std::vector<double> dose_gy, std::vector<double> volume_cm3);
  const std::vector<double>& knot_dose_gy() const { return knot_dose_; }
  const std::vector<double>& knot_volume_cm3() const { return knot_volume_; }

 private:
  std::vector<double> knot_dose_, knot_volume_;
};

template <class F>
double Dvh::expectation(F&& f) const {
  if (knot_dose_.empty() || !(volume_cm3 > 0)) return 0;
  // Point masses where the curve jumps (at its lowest and highest knots), uniform density of
  // dose between knots.
  double sum = (volume_cm3 - knot_volume_.front()) * f(knot_dose_.front()) +
               knot_volume_.back() * f(knot_dose_.back());
  for (std::size_t i = 0; i + 1 < knot_dose_.size(); ++i) {
    const double w = knot_volume_[i] - knot_volume_[i + 1];
    if (w <= 0) continue;
    const double a = knot_dose_[i], b = knot_dose_[i + 1];
    sum += w * (f(a) + 4 * f(0.5 * (a + b)) + f(b)) / 6;
  }
  return sum / volume_cm3;
}

/// DVH of the structure given as voxel fractions (mask grid) in a dose distribution (dose grid;
/// may differ from the mask grid). Throws InputError when the two grids do not overlap or the
/// structure is empty.
Dvh compute_dvh(const std::string& name, const Volume<float>& mask, const Volume<float>& dose,
                const DvhOptions& options = {});

}  // namespace srtdose
