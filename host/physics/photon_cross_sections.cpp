#include "host/physics/photon_cross_sections.h"

#include <array>
#include <cmath>
#include <string>

#include "host/core/error.h"
#include "host/physics/bethe_heitler.h"
#include "host/physics/constants.h"
#include "host/physics/electron_stopping.h"
#include "host/physics/elements.h"

namespace srtdose::physics {

namespace {

constexpr double kHbarCMeVCm = 1.973269804e-11;  ///< hbar c, MeV cm
constexpr double kBohrRadiusCm = 5.29177210903e-9;
constexpr double kRydbergMeV = 13.605693e-6;

/// Atomic form factor F(q) (q in 1/cm): exact for hydrogen; Thomas-Fermi atom with Moliere's
/// three-exponential screening (Moliere, Z Naturforsch 2a:133, 1947) otherwise.
double form_factor(int z, double q) {
  if (z == 1) {
    const double u = q * kBohrRadiusCm / 2;
    return 1 / ((1 + u * u) * (1 + u * u));
  }
  const double a = 0.88534 * kBohrRadiusCm * std::pow(z, -1.0 / 3.0);
  constexpr double alpha[3] = {0.10, 0.55, 0.35}, b[3] = {6.0, 1.2, 0.3};
  double f = 0;
  for (int i = 0; i < 3; ++i) f += alpha[i] * b[i] * b[i] / (b[i] * b[i] + q * q * a * a);
  return z * f;
}

struct Scattering {
  double coherent, incoherent, incoherent_energy_transfer;  // cm2/atom; last: sigma x <T>/E
};

/// Coherent and incoherent scattering by angular integration over ln q (q = momentum
/// transfer, 2 k sin(theta/2)); Simpson's rule.
Scattering scattering(int z, double e) {
  const double re2 = kClassicalElectronRadiusCm * kClassicalElectronRadiusCm;
  const double kappa = e / kElectronMassMeV, kcm = e / kHbarCMeVCm;
  const double qmax = 2 * kcm, qmin = 1e-6 * qmax;
  const int n = 400;
  const double a = std::log(qmin), h = (std::log(qmax) - a) / n;
  Scattering s{0, 0, 0};
  for (int i = 0; i <= n; ++i) {
    const double q = std::exp(a + i * h);
    const double cos_t = std::clamp(1 - q * q / (2 * kcm * kcm), -1.0, 1.0);
    const double dcos_dlnq = q * q / (kcm * kcm);  // |d cos(theta) / d ln q|
    const double w = ((i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2)) * h / 3 * dcos_dlnq * 2 * kPi;
    const double f = form_factor(z, q);
    s.coherent += w * re2 / 2 * (1 + cos_t * cos_t) * f * f;
    const double ratio = 1 / (1 + kappa * (1 - cos_t));  // k'/k
    const double kn = re2 / 2 * ratio * ratio * (ratio + 1 / ratio - (1 - cos_t * cos_t));
    const double sq = z - f * f / z;  // incoherent scattering function
    s.incoherent += w * kn * sq;
    s.incoherent_energy_transfer += w * kn * sq * (1 - ratio);
  }
  // Below qmin: F = Z, S = 0, (1 + cos^2) = 2.
  s.coherent += re2 * 2 * kPi * z * z * qmin * qmin / (2 * kcm * kcm);
  return s;
}

/// Sauter's K-shell photoelectric cross section (Born approximation, relativistic) times the
/// ratio of Stobbe's exact non-relativistic K-shell result to the Born one,
/// 2 pi nu exp(-4 nu arccot nu) / (1 - exp(-2 pi nu)), nu^2 = I_K / (E - I_K) (Stobbe, Ann Phys
/// 7:661, 1930; Davisson and Evans, Rev Mod Phys 24:79, 1952), and 1/0.9 for the outer shells
/// (the K shell takes about 90 % of photoabsorption in low-Z atoms above its edge).
double photoelectric(int z, double e) {
  const double zs = std::max(1.0, z - 1.0);  // K-shell screening by the other K electron
  const double ik = kRydbergMeV * zs * zs;
  if (e <= ik) return 0;
  const double k = e / kElectronMassMeV, g = 1 + k, p = std::sqrt(g * g - 1);
  const double thomson = 8 * kPi / 3 * kClassicalElectronRadiusCm * kClassicalElectronRadiusCm;
  const double bracket =
      4.0 / 3.0 + g * (g - 2) / (g + 1) * (1 - std::log((g + p) / (g - p)) / (2 * g * p));
  const double sauter = 1.5 * thomson * std::pow(z, 5) * std::pow(kFineStructure, 4) /
                        std::pow(k, 5) * p * p * p * bracket;
  const double nu = std::sqrt(ik / (e - ik));
  const double stobbe = 2 * kPi * nu * std::exp(-4 * nu * (0.5 * kPi - std::atan(nu))) /
                        (1 - std::exp(-2 * kPi * nu));
  return sauter * stobbe / 0.9;
}

/// Pair production per atom in the nuclear and electron fields (Bethe-Heitler with screening,
/// SLAC-265 eq. 2.7.100 form), integrated over the electron's energy fraction eps.
void pair(int z, double e, double& nuclear, double& electron) {
  nuclear = electron = 0;
  const double m = kElectronMassMeV;
  if (e <= 2 * m) return;
  const double e0 = m / e;
  auto integrand = [&](double eps) { return detail::pair_energy_split(eps, e, z); };
  const int n = 200;
  const double h = (1 - 2 * e0) / n;
  double sum = integrand(e0) + integrand(1 - e0);
  for (int i = 1; i < n; ++i) sum += (i % 2 ? 4 : 2) * integrand(e0 + i * h);
  const double base =
      kFineStructure * kClassicalElectronRadiusCm * kClassicalElectronRadiusCm * sum * h / 3;
  nuclear = base * z * z;
  // Triplet production needs E > 4 m c^2.
  if (e > 4 * m) electron = base * z * detail::electron_field_xi(z) * (1 - 4 * m / e);
}

}  // namespace

double klein_nishina_cm2(double e) {
  const double k = e / kElectronMassMeV, l = std::log(1 + 2 * k);
  return 2 * kPi * kClassicalElectronRadiusCm * kClassicalElectronRadiusCm *
         ((1 + k) / (k * k) * (2 * (1 + k) / (1 + 2 * k) - l / k) + l / (2 * k) -
          (1 + 3 * k) / ((1 + 2 * k) * (1 + 2 * k)));
}

double klein_nishina_energy_transfer_fraction(double e) {
  // Angular integral of the free-electron (Klein-Nishina) cross section.
  const double re2 = kClassicalElectronRadiusCm * kClassicalElectronRadiusCm;
  const double kappa = e / kElectronMassMeV;
  const int n = 2000;
  double sig = 0, tr = 0;
  for (int i = 0; i <= n; ++i) {
    const double c = -1 + 2.0 * i / n;
    const double w = ((i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2)) * (2.0 / n) / 3 * 2 * kPi;
    const double ratio = 1 / (1 + kappa * (1 - c));
    const double kn = re2 / 2 * ratio * ratio * (ratio + 1 / ratio - (1 - c * c));
    sig += w * kn;
    tr += w * kn * (1 - ratio);
  }
  return tr / sig;
}

AtomicCrossSections atomic_cross_sections(int z, double e) {
  AtomicCrossSections x;
  const Scattering s = scattering(z, e);
  x.coherent = s.coherent;
  x.incoherent = s.incoherent;
  x.photoelectric = photoelectric(z, e);
  pair(z, e, x.pair_nuclear, x.pair_electron);
  return x;
}

namespace {

/// mass_coefficients' sums; the Compton energy transfer in transfer_compton.
MassCoefficients attenuation_sums(MaterialId id, double e, double& transfer_compton) {
  if (!(e >= 0.01 && e <= 20))
    throw InputError("photon energy " + std::to_string(e) + " MeV outside 0.01..20 MeV");
  MassCoefficients c;
  transfer_compton = 0;
  for (const Constituent& k : composition(id)) {
    const double per_g = k.mass_fraction * kAvogadro / element(k.z).atomic_mass;
    const Scattering s = scattering(k.z, e);
    double pn = 0, pe = 0;
    pair(k.z, e, pn, pe);
    c.coherent += per_g * s.coherent;
    c.incoherent += per_g * s.incoherent;
    c.photoelectric += per_g * photoelectric(k.z, e);
    c.pair += per_g * (pn + pe);
    transfer_compton += per_g * s.incoherent_energy_transfer;
  }
  c.mu_rho = c.coherent + c.incoherent + c.photoelectric + c.pair;
  return c;
}

}  // namespace

MassCoefficients attenuation_coefficients(MaterialId id, double e) {
  double transfer_compton = 0;
  return attenuation_sums(id, e, transfer_compton);
}

MassCoefficients mass_coefficients(MaterialId id, double e) {
  const double m = kElectronMassMeV;
  double transfer_compton = 0;
  MassCoefficients c = attenuation_sums(id, e, transfer_compton);
  // Energy transfer: Compton electrons, photoelectrons (binding energy re-emitted as
  // fluorescence is negligible for these Z), pair kinetic energy E - 2 m c^2.
  const double t_pair = e - 2 * m;
  c.mu_tr_rho = transfer_compton + c.photoelectric + (e > 2 * m ? c.pair * t_pair / e : 0.0);
  // Radiative losses of the secondary electrons: Compton electrons at their mean energy,
  // photoelectrons at E, pair particles at (E - 2 m c^2) / 2 each.
  const double t_compton = c.incoherent > 0 ? e * transfer_compton / c.incoherent : 0.0;
  double lost = 0;
  if (t_compton > 1e-3) lost += transfer_compton * radiative_yield(id, t_compton);
  if (e > 1e-3) lost += c.photoelectric * radiative_yield(id, e);
  if (e > 2 * m + 2e-3) lost += c.pair * t_pair / e * radiative_yield(id, t_pair / 2);
  c.mu_en_rho = c.mu_tr_rho - lost;
  return c;
}

}  // namespace srtdose::physics
