#include "host/physics/bremsstrahlung_spectrum.h"

#include <cmath>

#include "host/core/error.h"
#include "host/physics/bethe_heitler.h"
#include "host/physics/constants.h"
#include "host/physics/electron_stopping.h"
#include "host/physics/elements.h"
#include "host/physics/photon_cross_sections.h"

namespace srtdose::physics {

double radiation_length_g_cm2(int z) {
  // Tsai eq. 3.66: 1/X0 = 4 alpha r_e^2 N_A/A {Z^2 [L_rad - f(Z)] + Z L'_rad}.
  const double zd = z;
  const double lrad = std::log(184.15 * std::pow(zd, -1.0 / 3.0));
  const double lrad1 = std::log(1194.0 * std::pow(zd, -2.0 / 3.0));
  const double inv = 4 * kFineStructure * kClassicalElectronRadiusCm * kClassicalElectronRadiusCm *
                     kAvogadro / element(z).atomic_mass *
                     (zd * zd * (lrad - detail::coulomb_correction(z)) + zd * lrad1);
  return 1 / inv;
}

namespace {

/// Mean over b in [b0, b1] (linear) of the 2-D Gaussian density exp(-theta^2 / b) / (pi b):
/// (E1(theta^2 / b1) - E1(theta^2 / b0)) / (pi (b1 - b0)), or ln(b1 / b0) / (pi (b1 - b0)) on
/// the axis.
double mean_gaussian_density(double theta, double b0, double b1) {
  if (b1 - b0 < 1e-6 * b0) return std::exp(-theta * theta / b0) / (kPi * b0);
  const double t2 = theta * theta;
  if (t2 == 0) return std::log(b1 / b0) / (kPi * (b1 - b0));
  // E1(x) = -Ei(-x).
  const double e1 = -std::expint(-t2 / b1), e0 = -std::expint(-t2 / b0);
  return (e1 - e0) / (kPi * (b1 - b0));
}

/// Narrow-beam attenuation coefficient of element z at e_mev, cm2/g.
double mu_rho_element(int z, double e_mev) {
  return atomic_cross_sections(z, std::max(0.01, e_mev)).total() * kAvogadro /
         element(z).atomic_mass;
}

}  // namespace

namespace {

/// The model's photon fluence per unit solid angle, per MeV, at angle theta, before the
/// flattening filter: a function of k on the electron slowing-down grid.
class ThickTargetEmission {
 public:
  explicit ThickTargetEmission(const ThickTargetModel& m) : m_(m) {
    if (!(m.electron_mev >= 1 && m.electron_mev <= 20))
      throw InputError("bremsstrahlung spectrum: electron energy must be 1..20 MeV");
    if (!(m.bin_mev >= 0.01 && m.bin_mev <= 1))
      throw InputError("bremsstrahlung spectrum: bin width must be 0.01..1 MeV");
    const int z = m.target_z;
    n_a_ = kAvogadro / element(z).atomic_mass;
    zz_ = z * (z + detail::electron_field_xi(z));
    t_target_ = 0.1 * m.target_thickness_mm * m.target_density_g_cm3;
    const double x0 = radiation_length_g_cm2(z);
    // The electron's slowing down on a log grid of T from T0 down to 10 keV: path x(T) and
    // multiple-scattering angle theta_e^2(T), integrated from T0 (trapezoids).
    const int nt = 400;
    t_.resize(nt), s_.resize(nt), x_.resize(nt), th2_.resize(nt);
    const double lt0 = std::log(m.electron_mev), lt1 = std::log(0.01);
    for (int i = 0; i < nt; ++i) {
      t_[i] = std::exp(lt0 + (lt1 - lt0) * i / (nt - 1));
      s_[i] = element_stopping_power(z, m.target_density_g_cm3, t_[i]).total();
    }
    auto theta_rate = [&](int i) {  // d theta^2 / d(g/cm2), Rossi-Greisen
      const double e = t_[i] + kElectronMassMeV;
      const double pc = std::sqrt(t_[i] * (t_[i] + 2 * kElectronMassMeV));
      const double pbeta = pc * pc / e;
      return (21.2 / pbeta) * (21.2 / pbeta) / x0;
    };
    x_[0] = th2_[0] = 0;
    for (int i = 1; i < nt; ++i) {
      const double dt = t_[i - 1] - t_[i];
      const double dx = 0.5 * dt * (1 / s_[i - 1] + 1 / s_[i]);
      x_[i] = x_[i - 1] + dx;
      th2_[i] = th2_[i - 1] + 0.5 * dx * (theta_rate(i - 1) + theta_rate(i));
    }
  }

  /// dN/dk dOmega at photon energy k and angle theta (before the flattening filter).
  double operator()(double k, double theta) const {
    const int z = m_.target_z;
    const double re2a = kClassicalElectronRadiusCm * kClassicalElectronRadiusCm * kFineStructure;
    const double mu_target = mu_rho_element(z, k);
    const double path = 1 / std::cos(theta);
    // Per step of the slowing down, F = n_a dsigma/dk / S x self-absorption is taken at the
    // step's mean, and the angular density is averaged exactly over the step, theta_e^2
    // growing linearly in it (the density is sharply peaked where theta_e^2 is small).
    auto f_of = [&](std::size_t i) {
      const double e0 = t_[i] + kElectronMassMeV;
      const double dsig = re2a * zz_ * detail::bremsstrahlung_bracket(e0, k, z) / k;  // cm2/MeV
      return n_a_ * dsig / s_[i] * std::exp(-mu_target * path * std::max(0.0, t_target_ - x_[i]));
    };
    double sum = 0;
    for (std::size_t i = 1; i < t_.size() && t_[i] > k; ++i) {
      const double thc = 2 * kElectronMassMeV / (t_[i - 1] + t_[i] + 2 * kElectronMassMeV);
      double p = 0;
      for (int q = 0; q < kMixture; ++q) {
        const double extra = thc * thc / -std::log((q + 0.5) / kMixture);
        p += mean_gaussian_density(theta, th2_[i - 1] + extra, th2_[i] + extra);
      }
      sum += 0.5 * (f_of(i - 1) + f_of(i)) * (t_[i - 1] - t_[i]) * p / kMixture;
    }
    double filt = 1;
    for (const FilterSlab& f : m_.filters)
      filt *= std::exp(-mu_rho_element(f.z, k) * f.density_g_cm3 * 0.1 * f.thickness_mm * path);
    return sum * filt;
  }

  /// Photon fluence per bin at angle theta behind flattening_mm of the flattening filter.
  std::vector<double> bins(double theta, double flattening_mm) const {
    const int nb = static_cast<int>(std::ceil(m_.electron_mev / m_.bin_mev - 1e-9));
    const int sub = 8;
    const FilterSlab& f = m_.flattening;
    std::vector<double> out;
    for (int b = 0; b < nb; ++b) {
      const double lo = b * m_.bin_mev, hi = std::min(m_.electron_mev, (b + 1) * m_.bin_mev);
      double v = 0;
      for (int q = 0; q < sub; ++q) {
        const double k = lo + (q + 0.5) * (hi - lo) / sub;
        if (k < 0.01) continue;
        const double filt =
            std::exp(-mu_rho_element(f.z, k) * f.density_g_cm3 * 0.1 * flattening_mm);
        v += (*this)(k, theta) * filt * (hi - lo) / sub;
      }
      out.push_back(v);
    }
    return out;
  }

  std::vector<double> bin_tops() const {
    std::vector<double> tops;
    const int nb = static_cast<int>(std::ceil(m_.electron_mev / m_.bin_mev - 1e-9));
    for (int b = 0; b < nb; ++b) tops.push_back(std::min(m_.electron_mev, (b + 1) * m_.bin_mev));
    return tops;
  }

 private:
  static constexpr int kMixture = 32;
  ThickTargetModel m_;
  double n_a_ = 0, zz_ = 0, t_target_ = 0;
  std::vector<double> t_, s_, x_, th2_;
};

Spectrum make_spectrum(const std::vector<double>& tops, std::vector<double> fluence,
                       const std::string& name, const std::string& citation) {
  Spectrum out;
  out.name = name;
  out.citation = citation;
  out.bin_min_mev = 0;
  out.bin_top_mev = tops;
  double total = 0;
  for (double v : fluence) total += v;
  for (double& v : fluence) v /= total;
  out.fluence = std::move(fluence);
  out.validate();
  return out;
}

/// Energy fluence of bins, each bin at its mid-point energy, after depth_cm of water.
double energy_fluence(const std::vector<double>& tops, const std::vector<double>& bins,
                      double depth_cm) {
  double s = 0, lo = 0;
  for (std::size_t b = 0; b < bins.size(); ++b) {
    const double e = 0.5 * (lo + tops[b]);
    const double mu =
        depth_cm > 0 ? attenuation_coefficients(MaterialId::Water, std::max(0.011, e)).mu_rho : 0.0;
    s += bins[b] * e * std::exp(-mu * depth_cm);
    lo = tops[b];
  }
  return s;
}

}  // namespace

Spectrum thick_target_spectrum(const ThickTargetModel& m, const std::string& name,
                               const std::string& citation) {
  const ThickTargetEmission emission(m);
  return make_spectrum(emission.bin_tops(), emission.bins(0, m.flattening.thickness_mm), name,
                       citation);
}

OffAxisSpectra thick_target_off_axis(const ThickTargetModel& m,
                                     const std::vector<double>& radius_mm, double sad_mm) {
  const ThickTargetEmission emission(m);
  const std::vector<double> tops = emission.bin_tops();
  OffAxisSpectra out;
  const double t0 = m.flattening.thickness_mm;
  const std::vector<double> axis = emission.bins(0, t0);
  const double axis_energy = energy_fluence(tops, axis, 0);
  const double axis_flat = energy_fluence(tops, axis, m.flat_depth_cm);
  for (double r : radius_mm) {
    const double theta = std::atan(r / sad_mm);
    double t = t0;
    if (t0 > 0 && r > 0) {
      // The thickness that flattens the primary at flat_depth_cm (bisection; thinner filter,
      // more fluence), or no filter where even that is not enough.
      const std::vector<double> bare = emission.bins(theta, 0);
      auto flat = [&](double mm) {
        std::vector<double> b = bare;
        double lo = 0;
        for (std::size_t q = 0; q < b.size(); ++q) {
          const double e = std::max(0.01, 0.5 * (lo + tops[q]));
          b[q] *=
              std::exp(-mu_rho_element(m.flattening.z, e) * m.flattening.density_g_cm3 * 0.1 * mm);
          lo = tops[q];
        }
        return energy_fluence(tops, b, m.flat_depth_cm);
      };
      if (flat(0) <= axis_flat) {
        t = 0;
      } else {
        double a = 0, b = t0 * 2;
        for (int it = 0; it < 50; ++it) {
          const double mid = 0.5 * (a + b);
          (flat(mid) > axis_flat ? a : b) = mid;
        }
        t = 0.5 * (a + b);
      }
    }
    const std::vector<double> bins = emission.bins(theta, t);
    out.radius_mm.push_back(r);
    out.flattening_mm.push_back(t);
    out.energy_fluence.push_back(energy_fluence(tops, bins, 0) / axis_energy);
    out.spectra.push_back(make_spectrum(tops, bins, "", ""));
  }
  return out;
}

}  // namespace srtdose::physics
