// Screening functions and Coulomb correction shared by bremsstrahlung and pair production
// (Tsai, Rev Mod Phys 46:815, 1974; in the forms of the EGS4 manual, SLAC-265, 1985).
#pragma once

#include <algorithm>
#include <cmath>

#include "host/physics/constants.h"

namespace srtdose::physics::detail {

/// Thomas-Fermi screening functions Phi1, Phi2 of the screening variable delta.
inline double screening_phi1(double delta) {
  return delta <= 1 ? 20.867 - 3.242 * delta + 0.625 * delta * delta
                    : 21.12 - 4.184 * std::log(delta + 0.952);
}
inline double screening_phi2(double delta) {
  return delta <= 1 ? 20.209 - 1.930 * delta - 0.086 * delta * delta
                    : 21.12 - 4.184 * std::log(delta + 0.952);
}

/// Davies-Bethe-Maximon Coulomb correction f_c(Z).
inline double coulomb_correction(int z) {
  const double a2 = std::pow(kFineStructure * z, 2);
  return a2 * (1 / (1 + a2) + 0.20206 - 0.0369 * a2 + 0.0083 * a2 * a2 - 0.002 * a2 * a2 * a2);
}

/// xi(Z): electron-field (triplet, electron-electron bremsstrahlung) contribution relative to
/// the nucleus, Z(Z + xi) replacing Z^2 (Tsai 1974).
inline double electron_field_xi(int z) {
  const double lz = std::log(static_cast<double>(z)) / 3;
  return std::log(1440.0) - 2 * lz > 0 && z > 0
             ? (std::log(1440.0) - 2 * lz) / (std::log(183.0) - lz - coulomb_correction(z))
             : 0.0;
}

/// Screened Bethe-Heitler pair-production distribution in the electron's energy fraction eps
/// for a photon of e_mev on an atom of charge z, without the alpha r_e^2 Z(Z + xi) factor
/// (SLAC-265 eq. 2.7.100; Coulomb correction above 50 MeV); clipped at 0 near threshold.
inline double pair_energy_split(double eps, double e_mev, int z) {
  const double lnz = std::log(static_cast<double>(z));
  const double fz = 4.0 / 3.0 * lnz + (e_mev > 50 ? 4 * coulomb_correction(z) : 0.0);
  const double delta = 136 * kElectronMassMeV * std::pow(z, -1.0 / 3.0) / (e_mev * eps * (1 - eps));
  const double v = (eps * eps + (1 - eps) * (1 - eps)) * (screening_phi1(delta) - fz) +
                   2.0 / 3.0 * eps * (1 - eps) * (screening_phi2(delta) - fz);
  return std::max(0.0, v);
}

/// Screened Bethe-Heitler bremsstrahlung bracket of an electron of total energy e0_mev emitting
/// a photon of k_mev on an atom of charge z: k dsigma/dk = alpha r_e^2 Z(Z + xi) x this
/// (SLAC-265 eq. 2.7.9, Tsai's screening; Coulomb correction above 50 MeV); clipped at 0.
inline double bremsstrahlung_bracket(double e0_mev, double k_mev, int z) {
  const double m = kElectronMassMeV;
  const double lnz = std::log(static_cast<double>(z));
  const double fc = e0_mev > 50 ? 4 * coulomb_correction(z) : 0.0;
  const double e = e0_mev - k_mev, y = e / e0_mev;
  const double delta = 136 * m * std::pow(z, -1.0 / 3.0) * k_mev / (e0_mev * e);
  const double b = (1 + y * y) * (screening_phi1(delta) - 4.0 / 3.0 * lnz - fc) -
                   2.0 / 3.0 * y * (screening_phi2(delta) - 4.0 / 3.0 * lnz - fc);
  return std::max(0.0, b);
}

}  // namespace srtdose::physics::detail
