// Photon spectra of a linac from first principles: thick-target bremsstrahlung on the beam axis
// (electron slowing down, multiple scattering and emission angle), target self-absorption and
// filtration. The approach of the "first-principles" linac-spectrum models compared by Ali and
// Rogers, Phys Med Biol 57:31 (2012).
#pragma once

#include <string>
#include <vector>

#include "host/physics/spectrum.h"

namespace srtdose::physics {

/// A slab of a pure element the photons cross (target remainder, flattening filter, plates).
struct FilterSlab {
  int z = 29;
  double density_g_cm3 = 8.96;
  double thickness_mm = 0;
};

struct ThickTargetModel {
  double electron_mev = 6.0;  ///< kinetic energy of the electrons hitting the target
  int target_z = 74;
  double target_density_g_cm3 = 19.3;
  double target_thickness_mm = 1.0;  ///< photons made at depth x cross the rest of it
  std::vector<FilterSlab> filters;   ///< on the axis, below the target
  double bin_mev = 0.25;             ///< spectrum bin width (bins from 0 to electron_mev)
  /// Flattening filter (element, on-axis thickness); none when thickness is 0. Off the axis its
  /// thickness is designed so that the primary energy fluence after flat_depth_cm of water is
  /// the axis value (the classic design criterion), down to no filter at all.
  FilterSlab flattening{29, 8.96, 0.0};
  double flat_depth_cm = 10;
};

/// Spectra and energy fluence at off-axis radii (mm at the isocentre plane, source at sad_mm).
struct OffAxisSpectra {
  std::vector<double> radius_mm;
  std::vector<double> energy_fluence;  ///< relative to the axis
  std::vector<double> flattening_mm;   ///< the filter's thickness on each ray
  std::vector<Spectrum> spectra;       ///< each normalised to unit photon fluence
};

/// The photon fluence spectrum per unit solid angle on the beam axis below the filters:
///   N(k) = integral over the electron's slowing down (CSDA, T from T0 to k) of
///          n_a dsigma/dk(T, k) / S(T) x p0(T, k) x exp(-mu(k) rho (t - x(T))) dT,
/// with the screened Bethe-Heitler cross section (SLAC-265 eq. 2.7.9), the total stopping power
/// S of the target element, x(T) the CSDA path to energy T and p the density on the axis of the
/// photons' direction: the electron's multiple-scattering angle (Rossi-Greisen Gaussian,
/// theta^2 grows by (21.2 MeV / p beta)^2 / X0 per g/cm2) convolved with the emission angle
/// distribution 1/(1 + (theta/theta_c)^2)^2, theta_c = m c^2 / E (Koch and Motz, Rev Mod Phys
/// 31:920, 1959), written as a mixture of Gaussians so that the convolution is exact.
/// Off the axis the same density is taken at angle theta. The filters then attenuate by exp(-mu(k)
/// rho t / cos theta) (narrow beam, coherent included).
Spectrum thick_target_spectrum(const ThickTargetModel& model, const std::string& name,
                               const std::string& citation);
OffAxisSpectra thick_target_off_axis(const ThickTargetModel& model,
                                     const std::vector<double>& radius_mm, double sad_mm);

/// Radiation length X0 of element z, g/cm2 (Tsai 1974, Rev Mod Phys 46:815, eq. 3.66).
double radiation_length_g_cm2(int z);

}  // namespace srtdose::physics
