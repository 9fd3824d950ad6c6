// Interaction data of one material on a log-energy grid, for fast lookup in Monte Carlo.
#pragma once

#include <vector>

#include "host/core/materials.h"

namespace srtdose::physics {

/// Photon attenuation (without coherent scattering, which deposits no energy) and its split
/// into Compton, photoelectric and pair; electron stopping powers and CSDA range. Built from
/// photon_cross_sections.h and electron_stopping.h on 1 keV .. 20 MeV (photons from 10 keV).
class InteractionTables {
 public:
  explicit InteractionTables(MaterialId material, double delta_mev = 0.05,
                             int points_per_decade = 40);

  double mu_cm2_g(double e) const { return lookup(mu_, e); }  ///< Compton+photo+pair
  double compton_fraction(double e) const { return lookup(compton_, e); }
  double photo_fraction(double e) const { return lookup(photo_, e); }
  double stopping_col(double t) const { return lookup(scol_, t); }  ///< MeV cm2/g
  double stopping_rad(double t) const { return lookup(srad_, t); }
  /// Collision stopping power restricted to losses below delta_mev (MeV cm2/g).
  double stopping_col_restricted(double t) const { return lookup(restricted_, t); }
  double range_g_cm2(double t) const { return lookup(range_, t); }
  /// Kinetic energy left after travelling s g/cm2 from energy t, losing energy continuously
  /// by the restricted collision stopping power (delta rays below delta_mev) and radiation.
  double energy_after(double t, double s_g_cm2) const;
  /// Residual range with those continuous losses (g/cm2).
  double restricted_range_g_cm2(double t) const { return lookup(rrange_, t); }
  /// Moller delta-ray production above delta_mev: macroscopic cross section (cm2/g) and the
  /// threshold itself. Moller (Ann Phys 14:531, 1932) for electrons and positrons alike.
  double delta_ray_cm2_g(double t) const { return lookup(delta_xs_, t); }
  double delta_mev() const { return delta_mev_; }

 private:
  double lookup(const std::vector<double>& table, double e) const;
  double log_min_, step_;
  double delta_mev_;
  std::vector<double> mu_, compton_, photo_, scol_, restricted_, srad_, range_, rrange_, delta_xs_;
};

/// The Moller shape function (for sampling delta-ray energies).
double moller_shape_for_sampling(double eps, double gamma);

}  // namespace srtdose::physics
