// Photon interaction cross sections from physics formulas, 10 keV .. 20 MeV: coherent and
// incoherent scattering with atomic form factors, photoelectric absorption, pair and triplet
// production; mass attenuation and energy-absorption coefficients of srtdose's materials.
#pragma once

#include "host/core/materials.h"

namespace srtdose::physics {

/// Per-atom cross sections, cm2/atom.
struct AtomicCrossSections {
  double coherent = 0, incoherent = 0, photoelectric = 0, pair_nuclear = 0, pair_electron = 0;
  double total() const {
    return coherent + incoherent + photoelectric + pair_nuclear + pair_electron;
  }
};

/// Cross sections of element z at photon energy e_mev:
///  - incoherent: Klein-Nishina (Klein and Nishina 1929) times the incoherent scattering
///    function S(q) = Z - F(q)^2 / Z;
///  - coherent: Thomson times F(q)^2, F from the Thomas-Fermi atom with Moliere's screening
///    (Moliere 1947) or the exact hydrogen form factor for Z = 1;
///  - photoelectric: Sauter's relativistic K-shell cross section (Sauter 1931, Born
///    approximation) with Stobbe's Coulomb factor exp(-2 pi nu) and 5/4 for the outer shells;
///  - pair (nuclear and electron field): Bethe-Heitler with Thomas-Fermi screening functions
///    and the Davies-Bethe-Maximon Coulomb correction (Tsai, Rev Mod Phys 46:815, 1974),
///    integrated over the energy split; triplet through Z(Z + xi) with xi from Tsai.
AtomicCrossSections atomic_cross_sections(int z, double e_mev);

/// Mass coefficients of a material, cm2/g.
struct MassCoefficients {
  double mu_rho = 0;     ///< attenuation
  double mu_tr_rho = 0;  ///< energy transfer (kinetic energy given to charged particles)
  double mu_en_rho = 0;  ///< energy absorption: mu_tr (1 - g), g = radiative fraction
  double photoelectric = 0, incoherent = 0, coherent = 0, pair = 0;  ///< parts of mu/rho
};

/// Mass coefficients of a material at e_mev (0.01 .. 20 MeV); InputError outside that range.
MassCoefficients mass_coefficients(MaterialId material, double e_mev);

/// The attenuation parts of mass_coefficients only (mu_rho and its four parts; mu_tr_rho and
/// mu_en_rho left 0): no radiative-yield integrals, cheap enough for every engine start.
MassCoefficients attenuation_coefficients(MaterialId material, double e_mev);

/// Klein-Nishina total cross section per electron (cm2) and the mean fraction of the photon
/// energy given to the electron.
double klein_nishina_cm2(double e_mev);
double klein_nishina_energy_transfer_fraction(double e_mev);

}  // namespace srtdose::physics
