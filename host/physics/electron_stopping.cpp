#include "host/physics/electron_stopping.h"

#include <cmath>
#include <string>

#include "host/core/error.h"
#include "host/physics/bethe_heitler.h"
#include "host/physics/constants.h"
#include "host/physics/elements.h"

namespace srtdose::physics {

namespace {

struct DensityEffect {
  double cbar, x0, x1, a, m, delta0;
};

/// Sternheimer-Peierls general formula for a medium of mean excitation energy i_ev, density
/// and Z/A (Phys Rev B 3:3681, 1971); gas selects the gas branch.
DensityEffect sternheimer_peierls(double i_ev, double density_g_cm3, double zoa, bool gas) {
  const double plasma_ev = 28.816 * std::sqrt(density_g_cm3 * zoa);
  const double cbar = 2 * std::log(i_ev / plasma_ev) + 1;
  DensityEffect d{cbar, 0, 0, 0, 3.0, 0.0};
  if (gas) {  // gases at 1 atm
    d.x0 = cbar < 10 ? 1.6 : cbar < 10.5 ? 1.7 : cbar < 11 ? 1.8 : cbar < 11.5 ? 1.9 : 2.0;
    d.x1 = 4.0;
  } else if (i_ev < 100) {
    d.x0 = cbar < 3.681 ? 0.2 : 0.326 * cbar - 1.0;
    d.x1 = 2.0;
  } else {
    d.x0 = cbar < 5.215 ? 0.2 : 0.326 * cbar - 1.5;
    d.x1 = 3.0;
  }
  d.a = (cbar - 4.606 * d.x0) / std::pow(d.x1 - d.x0, d.m);
  return d;
}

/// The published water parameters (Sternheimer, Berger and Seltzer 1984), else the general
/// formula at the material's nominal (ICRU 44) density.
DensityEffect density_effect_parameters(MaterialId id) {
  if (id == MaterialId::Water) return {3.5017, 0.2400, 2.8004, 0.09116, 3.4773, 0.0};
  return sternheimer_peierls(i_value_ev(id), material_by_id(id).nominal_density_g_cm3, z_over_a(id),
                             id == MaterialId::Air);
}

double density_effect_delta(const DensityEffect& d, double x) {
  if (x >= d.x1) return 4.606 * x - d.cbar;
  if (x >= d.x0) return 4.606 * x - d.cbar + d.a * std::pow(d.x1 - x, d.m);
  return d.delta0 * std::pow(10.0, 2 * (x - d.x0));
}

/// Bremsstrahlung radiative stopping power per atom (MeV cm2) of an electron of kinetic
/// energy t: the integral over photon energy k of k dsigma/dk, EGS4 form of Tsai's screened
/// Bethe-Heitler cross section (SLAC-265 eq. 2.7.9), Simpson's rule in k.
double radiative_per_atom(int z, double t) {
  const double e0 = t + kElectronMassMeV;
  const double zz = z * (z + detail::electron_field_xi(z));
  auto bracket = [&](double k) { return detail::bremsstrahlung_bracket(e0, k, z); };
  const int n = 128;  // even
  const double h = t / n;
  double sum = bracket(1e-9 * t) + bracket(t * (1 - 1e-9));
  for (int i = 1; i < n; ++i) sum += (i % 2 ? 4 : 2) * bracket(i * h);
  return kClassicalElectronRadiusCm * kClassicalElectronRadiusCm * kFineStructure * zz * sum * h /
         3;
}

/// Bethe collision stopping power (ICRU 37 eq. 2.1), MeV cm2/g.
double collision_stopping(double t, double zoa, double i_ev, const DensityEffect& de) {
  const double m = kElectronMassMeV, tau = t / m, gamma = tau + 1;
  const double beta2 = 1 - 1 / (gamma * gamma);
  const double ir = i_ev * 1e-6 / m;
  const double fminus =
      1 - beta2 + (tau * tau / 8 - (2 * tau + 1) * std::log(2.0)) / ((tau + 1) * (tau + 1));
  const double x = std::log10(std::sqrt(tau * (tau + 2)));
  const double delta = density_effect_delta(de, x);
  // 2 pi r_e^2 m c^2 N_A = kBetheK / 2.
  return 0.5 * kBetheK * zoa / beta2 *
         (std::log(tau * tau * (tau + 2) / (2 * ir * ir)) + fminus - delta);
}

void check_energy(double t) {
  if (!(t >= 1e-3 && t <= 50))
    throw InputError("electron stopping power: energy " + std::to_string(t) +
                     " MeV outside 0.001..50 MeV");
}

}  // namespace

StoppingPower electron_stopping_power(MaterialId id, double t) {
  check_energy(t);
  StoppingPower s;
  s.collision = collision_stopping(t, z_over_a(id), i_value_ev(id), density_effect_parameters(id));
  for (const Constituent& c : composition(id))
    s.radiative +=
        c.mass_fraction * kAvogadro / element(c.z).atomic_mass * radiative_per_atom(c.z, t);
  return s;
}

StoppingPower element_stopping_power(int z, double density_g_cm3, double t) {
  check_energy(t);
  const Element& e = element(z);
  const double zoa = z / e.atomic_mass;
  StoppingPower s;
  s.collision = collision_stopping(t, zoa, e.i_value_ev,
                                   sternheimer_peierls(e.i_value_ev, density_g_cm3, zoa, false));
  s.radiative = kAvogadro / e.atomic_mass * radiative_per_atom(z, t);
  return s;
}

namespace {
/// Integral over ln T from 1 keV to t of f(T) T dT' (Simpson), for the range and the yield.
template <class F>
double integrate_from_1kev(double t, F&& f) {
  const double a = std::log(1e-3), b = std::log(t);
  if (b <= a) return 0;
  const int n = 96;
  const double h = (b - a) / n;
  double sum = 0;
  for (int i = 0; i <= n; ++i) {
    const double e = std::exp(a + i * h);
    const double w = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
    sum += w * f(e) * e;
  }
  return sum * h / 3;
}
}  // namespace

double csda_range_g_cm2(MaterialId id, double t) {
  // Below 1 keV: S roughly proportional to 1/sqrt(T) is not needed at this precision; the
  // range of a 1 keV electron (about 5e-6 g/cm2 in water) is taken as T / (2 S).
  const double r0 = 1e-3 / (2 * electron_stopping_power(id, 1e-3).total());
  return r0 + integrate_from_1kev(
                  t, [&](double e) { return 1 / electron_stopping_power(id, e).total(); });
}

double radiative_yield(MaterialId id, double t) {
  if (t <= 1e-3) return 0;
  return integrate_from_1kev(t,
                             [&](double e) {
                               const StoppingPower s = electron_stopping_power(id, e);
                               return s.radiative / s.total();
                             }) /
         t;
}

}  // namespace srtdose::physics
