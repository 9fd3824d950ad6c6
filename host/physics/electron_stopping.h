// Electron stopping powers, CSDA range and radiative yield of srtdose's materials.
#pragma once

#include "host/core/materials.h"

namespace srtdose::physics {

/// Mass stopping powers of electrons of kinetic energy t_mev (1 keV .. 50 MeV), MeV cm2/g.
struct StoppingPower {
  double collision = 0;  ///< Bethe (ICRU 37 eq. 2.1) with the Sternheimer density effect
  double radiative = 0;  ///< bremsstrahlung, Bethe-Heitler with Tsai's screening functions
  double total() const { return collision + radiative; }
};

/// Density effect: Sternheimer, Berger and Seltzer, At Data Nucl Data Tables 30:261 (1984)
/// parameters for water; the general Sternheimer-Peierls formula (Phys Rev B 3:3681, 1971)
/// for the other materials, at their nominal (ICRU 44) densities.
StoppingPower electron_stopping_power(MaterialId material, double t_mev);

/// Stopping powers in a pure element of the given density (target and filter metals: Cu, W),
/// with the Sternheimer-Peierls density effect and the element's ICRU 37 I-value.
StoppingPower element_stopping_power(int z, double density_g_cm3, double t_mev);

/// CSDA range, g/cm2: integral of 1 / S_total from 1 keV (plus the range at 1 keV from
/// S proportional to sqrt(T) below it).
double csda_range_g_cm2(MaterialId material, double t_mev);

/// Radiative yield Y(T): the fraction of an electron's kinetic energy emitted as
/// bremsstrahlung while it slows down (ICRU 37 eq. 2.3).
double radiative_yield(MaterialId material, double t_mev);

}  // namespace srtdose::physics
