// Physical constants (CODATA 2018) in the units srtdose's physics uses: MeV, cm, g, mol.
#pragma once

namespace srtdose::physics {

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kElectronMassMeV = 0.51099895;                  ///< m_e c^2
inline constexpr double kClassicalElectronRadiusCm = 2.8179403262e-13;  ///< r_e
inline constexpr double kFineStructure = 1.0 / 137.035999084;           ///< alpha
inline constexpr double kAvogadro = 6.02214076e23;                      ///< 1/mol
inline constexpr double kBarnCm2 = 1e-24;
inline constexpr double kGyPerMeVPerG = 1.602176634e-10;  ///< 1 MeV/g in J/kg (exact, SI 2019)
/// 2 pi r_e^2 m_e c^2 N_A (MeV cm2/mol), the Bethe stopping-power constant K / 2.
inline constexpr double kBetheK = 0.307075;  ///< 4 pi N_A r_e^2 m_e c^2, MeV cm2/mol (PDG)

}  // namespace srtdose::physics
