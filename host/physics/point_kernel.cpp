#include "host/physics/point_kernel.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "host/core/error.h"
#include "host/physics/bethe_heitler.h"
#include "host/physics/constants.h"
#include "kernels/common/vec3.h"

namespace srtdose::physics {

KernelBinning KernelBinning::standard() {
  KernelBinning b;
  const int n = 96;
  const double lo = std::log(0.005), hi = std::log(60.0);
  for (int i = 0; i <= n; ++i) b.radius_edges_cm.push_back(std::exp(lo + (hi - lo) * i / n));
  return b;
}

double KernelBinning::cone_width_rad() const {
  return kPi / cones;
}

double PointKernel::total(int cone, int shell) const {
  const std::size_t i = static_cast<std::size_t>(cone * binning.shells() + shell);
  return primary[i] + scatter[i];
}

double PointKernel::cumulative_within(double r, bool primary_only) const {
  const auto& edges = binning.radius_edges_cm;
  const int ns = binning.shells();
  std::vector<double> shell(static_cast<std::size_t>(ns), 0.0);
  for (int c = 0; c < binning.cones; ++c)
    for (int s = 0; s < ns; ++s) {
      const std::size_t i = static_cast<std::size_t>(c * ns + s);
      shell[s] += primary[i] + (primary_only ? 0.0 : scatter[i]);
    }
  double cum = 0;
  for (int s = 0; s < ns; ++s) {
    const double inner = s == 0 ? 0.0 : edges[s - 1], outer = edges[s];
    if (r >= outer) {
      cum += shell[s];
      continue;
    }
    // Part of this shell: linear in ln r (shells are log-spaced; the first, in r^3).
    const double f =
        s == 0 ? std::pow(r / outer, 3) : std::log(r / inner) / std::log(outer / inner);
    cum += shell[s] * std::clamp(f, 0.0, 1.0);
    break;
  }
  return cum;
}

double PointKernel::forward() const {
  double sum = 0;
  for (int c = 0; c < binning.cones / 2; ++c)
    for (int s = 0; s < binning.shells(); ++s) sum += total(c, s);
  return sum;
}

double PointKernel::backward() const {
  double sum = 0;
  for (int c = binning.cones / 2; c < binning.cones; ++c)
    for (int s = 0; s < binning.shells(); ++s) sum += total(c, s);
  return sum;
}

namespace {

constexpr double kMe = kElectronMassMeV;
constexpr double kWaterRadiationLengthCm = 36.08;  ///< X0 of water (PDG)
constexpr double kBremQuantumMeV = 0.1;            ///< radiative energy gathered into one photon

struct Rng {
  std::mt19937_64 engine;
  double operator()() { return (static_cast<double>(engine() >> 11) + 0.5) * 0x1.0p-53; }
};

/// A unit vector at polar angle acos(cos_t) and azimuth phi from d.
Vec3 rotate(const Vec3& d, double cos_t, double phi) {
  const double sin_t = std::sqrt(std::max(0.0, 1 - cos_t * cos_t));
  // Orthonormal basis around d.
  const Vec3 a = std::abs(d.z) < 0.9 ? Vec3{0, 0, 1} : Vec3{1, 0, 0};
  const Vec3 u = normalized(cross(d, a)), v = cross(d, u);
  return normalized(cos_t * d + sin_t * std::cos(phi) * u + sin_t * std::sin(phi) * v);
}

Vec3 isotropic(Rng& rng) {
  const double c = 2 * rng() - 1, phi = 2 * kPi * rng(), s = std::sqrt(1 - c * c);
  return {s * std::cos(phi), s * std::sin(phi), c};
}

enum class Kind { photon, electron, positron };

struct Particle {
  Kind kind;
  double e;  ///< kinetic energy (photons: energy), MeV
  Vec3 pos, dir;
  bool primary;
};

/// One batch's scores.
struct Tally {
  std::vector<double> primary, scatter;
  double escaped = 0, incident = 0;
};

class Transport {
 public:
  Transport(const InteractionTables& t, const KernelMcOptions& o, Tally& tally, Rng& rng)
      : tables_(t), opt_(o), tally_(tally), rng_(rng), r_max_(o.binning.radius_edges_cm.back()) {}

  /// One photon of energy e forced to interact at the origin, travelling along +z.
  void history(double e) {
    tally_.incident += e;
    interact({Kind::photon, e, {0, 0, 0}, {0, 0, 1}, true});
    while (!stack_.empty()) {
      Particle p = stack_.back();
      stack_.pop_back();
      if (p.kind == Kind::photon) {
        photon(p);
      } else {
        charged(p);
      }
    }
  }

 private:
  void score(const Vec3& pos, double e, bool primary) {
    const double r = norm(pos);
    if (r >= r_max_) {
      tally_.escaped += e;
      return;
    }
    const auto& edges = opt_.binning.radius_edges_cm;
    const int shell =
        static_cast<int>(std::upper_bound(edges.begin(), edges.end(), r) - edges.begin());
    const double cos_t = r > 0 ? std::clamp(pos.z / r, -1.0, 1.0) : 1.0;
    const int cone = std::min(opt_.binning.cones - 1,
                              static_cast<int>(std::acos(cos_t) / opt_.binning.cone_width_rad()));
    const std::size_t i = static_cast<std::size_t>(cone * opt_.binning.shells() + shell);
    (primary ? tally_.primary : tally_.scatter)[i] += e;
  }

  /// A photon at an interaction point: Compton, photoelectric or pair.
  void interact(const Particle& g) {
    const double u = rng_();
    const double fc = tables_.compton_fraction(g.e), fp = tables_.photo_fraction(g.e);
    if (u < fc) {
      compton(g);
    } else if (u < fc + fp || g.e <= 2 * kMe) {
      // Photoelectron: all the energy (binding re-emitted locally), along the photon.
      stack_.push_back({Kind::electron, g.e, g.pos, g.dir, g.primary});
    } else {
      pair(g);
    }
  }

  /// Klein-Nishina sampling (Butcher and Messel 1960, as in EGS4).
  void compton(const Particle& g) {
    const double k = g.e / kMe, e0 = 1 / (1 + 2 * k);
    const double a1 = -std::log(e0), a2 = 0.5 * (1 - e0 * e0);
    double eps = 1, t = 0;
    for (;;) {
      if (rng_() * (a1 + a2) < a1) {
        eps = std::exp(-a1 * rng_());
      } else {
        eps = std::sqrt(e0 * e0 + (1 - e0 * e0) * rng_());
      }
      t = (1 - eps) / (k * eps);
      const double sin2 = std::max(0.0, t * (2 - t));
      if (rng_() <= 1 - eps * sin2 / (1 + eps * eps)) break;
    }
    const double cos_t = 1 - t, phi = 2 * kPi * rng_();
    const Vec3 d_gamma = rotate(g.dir, cos_t, phi);
    const double e_gamma = eps * g.e, t_e = g.e - e_gamma;
    // Electron momentum = incident - scattered photon momentum.
    const Vec3 p_e = g.e * g.dir - e_gamma * d_gamma;
    if (t_e > 0 && norm(p_e) > 0)
      stack_.push_back({Kind::electron, t_e, g.pos, normalized(p_e), g.primary});
    stack_.push_back({Kind::photon, e_gamma, g.pos, d_gamma, false});
  }

  /// Pair in the nuclear field: energy split from the screened Bethe-Heitler distribution,
  /// each particle at the polar angle m c^2 / E (EGS4's default approximation).
  void pair(const Particle& g) {
    const double e0 = kMe / g.e;
    // Water: oxygen dominates the nuclear field.
    auto f = [&](double eps) { return detail::pair_energy_split(eps, g.e, 8); };
    const double fmax = std::max({f(e0 + 1e-9), f(0.5), f(0.25)}) * 1.05 + 1e-12;
    double eps = 0.5;
    for (int tries = 0; tries < 1000; ++tries) {
      eps = e0 + (1 - 2 * e0) * rng_();
      if (rng_() * fmax <= f(eps)) break;
    }
    const double te = std::max(0.0, eps * g.e - kMe), tp = std::max(0.0, (1 - eps) * g.e - kMe);
    const double phi = 2 * kPi * rng_();
    stack_.push_back(
        {Kind::electron, te, g.pos, rotate(g.dir, std::cos(kMe / (te + kMe)), phi), g.primary});
    stack_.push_back({Kind::positron, tp, g.pos,
                      rotate(g.dir, std::cos(kMe / (tp + kMe)), phi + kPi), g.primary});
  }

  void photon(Particle g) {
    for (;;) {
      if (g.e < opt_.photon_cutoff_mev) {
        score(g.pos, g.e, false);
        return;
      }
      const double d = -std::log(rng_()) / tables_.mu_cm2_g(g.e);  // water: 1 g/cm3
      g.pos = g.pos + d * g.dir;
      if (norm(g.pos) >= r_max_) {
        tally_.escaped += g.e;
        return;
      }
      const std::size_t before = stack_.size();
      interact(g);
      // Compton leaves a scattered photon on top of the stack: follow it in this loop.
      if (stack_.size() > before && stack_.back().kind == Kind::photon) {
        g = stack_.back();
        stack_.pop_back();
        continue;
      }
      return;
    }
  }

  /// Condensed-history transport of an electron or positron: continuous slowing down (CSDA
  /// with total collision and radiative stopping powers), collision losses scored along the
  /// step, radiative losses emitted as a photon along the particle, Highland multiple
  /// scattering (PDG, Lynch and Dahl 1991) at the end of each step.
  void charged(Particle p) {
    double pending_brem = 0;
    while (p.e > opt_.electron_cutoff_mev) {
      const double range = tables_.restricted_range_g_cm2(p.e);
      const double r = norm(p.pos);
      double s = opt_.max_step_fraction * range;
      s = std::min(s, std::max(0.25 * r, 2e-4));  // fine steps near the origin
      // Distance to the next delta ray above the threshold (Moller).
      const double xs = tables_.delta_ray_cm2_g(p.e);
      const double s_delta = xs > 0 ? -std::log(rng_()) / xs : 1e30;
      const bool delta_event = s_delta < s;
      if (delta_event) s = s_delta;
      const double t_end = tables_.energy_after(p.e, s);
      const double loss = p.e - t_end;
      const double t_mid = 0.5 * (p.e + t_end);
      const double scol = tables_.stopping_col_restricted(t_mid),
                   srad = tables_.stopping_rad(t_mid);
      const double rad = loss * srad / (scol + srad);
      score(p.pos + (rng_() * s) * p.dir, loss - rad, p.primary);
      // Radiative losses of successive steps are gathered into one bremsstrahlung photon
      // (emitted along the particle once it carries kBremQuantumMeV), so that no radiative
      // energy is deposited on the track.
      pending_brem += rad;
      if (pending_brem >= kBremQuantumMeV) {
        stack_.push_back({Kind::photon, pending_brem, p.pos + (0.5 * s) * p.dir, p.dir, false});
        pending_brem = 0;
      }
      // Multiple scattering over the step. Highland's width is for a whole path: its log
      // factor is taken for the residual range, so the widths of successive steps add in
      // quadrature.
      const double pc = std::sqrt(t_mid * (t_mid + 2 * kMe)), beta = pc / (t_mid + kMe);
      const double x = s / kWaterRadiationLengthCm, x_path = range / kWaterRadiationLengthCm;
      const double theta0 =
          13.6 / (beta * pc) * std::sqrt(x) * std::max(0.0, 1 + 0.038 * std::log(x_path));
      p.pos = p.pos + s * p.dir;
      p.e = t_end;
      if (norm(p.pos) >= r_max_) {
        tally_.escaped += p.e + pending_brem;
        return;
      }
      const double theta = theta0 * std::sqrt(-2 * std::log(rng_()));
      p.dir = rotate(p.dir, std::cos(std::min(theta, kPi)), 2 * kPi * rng_());
      if (delta_event && p.e > 2 * tables_.delta_mev()) delta_ray(p);
    }
    score(p.pos, p.e, p.primary);
    if (pending_brem > opt_.photon_cutoff_mev) {
      stack_.push_back({Kind::photon, pending_brem, p.pos, p.dir, false});
    } else if (pending_brem > 0) {
      score(p.pos, pending_brem, false);
    }
    if (p.kind == Kind::positron) {
      // Annihilation at rest: two 511 keV photons, back to back, isotropic.
      const Vec3 d = isotropic(rng_);
      stack_.push_back({Kind::photon, kMe, p.pos, d, false});
      stack_.push_back({Kind::photon, kMe, p.pos, -d, false});
    }
  }

  /// A Moller delta ray: energy fraction from the Moller distribution above the threshold
  /// (sampled under its 1/eps^2 envelope), directions from two-body kinematics.
  void delta_ray(Particle& p) {
    const double t = p.e, gamma = 1 + t / kMe;
    const double e_min = tables_.delta_mev() / t;
    double eps = 0.5;
    for (int tries = 0; tries < 1000; ++tries) {
      eps = 1 / (1 / e_min - rng_() * (1 / e_min - 2));
      if (rng_() * 2.5 <= moller_shape_for_sampling(eps, gamma) * eps * eps) break;
    }
    const double td = eps * t, tp = t - td;
    const double cos_d = std::sqrt(td * (t + 2 * kMe) / (t * (td + 2 * kMe)));
    const double cos_p = std::sqrt(tp * (t + 2 * kMe) / (t * (tp + 2 * kMe)));
    const double phi = 2 * kPi * rng_();
    stack_.push_back(
        {Kind::electron, td, p.pos, rotate(p.dir, std::min(1.0, cos_d), phi), p.primary});
    p.dir = rotate(p.dir, std::min(1.0, cos_p), phi + kPi);
    p.e = tp;
  }

  const InteractionTables& tables_;
  const KernelMcOptions& opt_;
  Tally& tally_;
  Rng& rng_;
  double r_max_;
  std::vector<Particle> stack_;
};

template <class EnergySampler>
PointKernel run(const KernelMcOptions& o, const InteractionTables& t, EnergySampler&& sample) {
  if (o.histories < o.batches || o.batches < 2)
    throw InputError("kernel Monte Carlo: need at least 2 batches and one history per batch");
  const std::size_t nbins = static_cast<std::size_t>(o.binning.cones * o.binning.shells());
  std::vector<Tally> tallies(static_cast<std::size_t>(o.batches));
#pragma omp parallel for schedule(dynamic)
  for (int b = 0; b < o.batches; ++b) {
    Tally& tally = tallies[static_cast<std::size_t>(b)];
    tally.primary.assign(nbins, 0.0);
    tally.scatter.assign(nbins, 0.0);
    Rng rng{std::mt19937_64(o.seed * 1000003ULL + static_cast<std::uint64_t>(b))};
    Transport tr(t, o, tally, rng);
    const std::int64_t n = o.histories / o.batches + (b < o.histories % o.batches ? 1 : 0);
    for (std::int64_t h = 0; h < n; ++h) tr.history(sample(rng));
  }
  // Combine in batch order (the same result for any thread count); batch spread -> sigma.
  PointKernel k;
  k.binning = o.binning;
  k.histories = o.histories;
  k.primary.assign(nbins, 0.0);
  k.scatter.assign(nbins, 0.0);
  k.primary_sigma.assign(nbins, 0.0);
  k.scatter_sigma.assign(nbins, 0.0);
  double incident = 0, escaped = 0;
  for (const Tally& tl : tallies) incident += tl.incident, escaped += tl.escaped;
  const double nb = o.batches;
  for (std::size_t i = 0; i < nbins; ++i) {
    double sp = 0, sp2 = 0, ss = 0, ss2 = 0;
    for (const Tally& tl : tallies) {
      // Each batch's fraction of its own incident energy.
      const double p = tl.primary[i] / tl.incident, s = tl.scatter[i] / tl.incident;
      sp += p, sp2 += p * p, ss += s, ss2 += s * s;
      k.primary[i] += tl.primary[i];
      k.scatter[i] += tl.scatter[i];
    }
    k.primary[i] /= incident;
    k.scatter[i] /= incident;
    k.primary_sigma[i] = std::sqrt(std::max(0.0, (sp2 / nb - std::pow(sp / nb, 2)) / (nb - 1)));
    k.scatter_sigma[i] = std::sqrt(std::max(0.0, (ss2 / nb - std::pow(ss / nb, 2)) / (nb - 1)));
  }
  k.escaped = escaped / incident;
  k.mean_energy_mev = incident / static_cast<double>(o.histories);
  return k;
}

}  // namespace

PointKernel simulate_point_kernel(double e, const InteractionTables& t, const KernelMcOptions& o) {
  if (!(e > 0.01 && e <= 20)) throw InputError("kernel energy must be in (0.01, 20] MeV");
  return run(o, t, [e](Rng&) { return e; });
}

PointKernel simulate_point_kernel(const Spectrum& spec, const InteractionTables& t,
                                  const KernelMcOptions& o) {
  spec.validate();
  // Interacting photons: fluence x mu at the bin middle. Energy is scored and normalised by
  // the total interacting energy, so each energy counts with fluence x mu x E (TERMA).
  std::vector<double> cdf;
  double sum = 0;
  for (std::size_t i = 0; i < spec.fluence.size(); ++i) {
    const double em = spec.bin_mid(i);
    sum += spec.fluence[i] * (em > 0.01 ? t.mu_cm2_g(em) : 0.0);
    cdf.push_back(sum);
  }
  for (double& c : cdf) c /= sum;
  return run(o, t, [&](Rng& rng) {
    const std::size_t i =
        static_cast<std::size_t>(std::lower_bound(cdf.begin(), cdf.end(), rng()) - cdf.begin());
    const std::size_t b = std::min(i, cdf.size() - 1);
    return std::max(0.011, spec.bin_low(b) + rng() * (spec.bin_top_mev[b] - spec.bin_low(b)));
  });
}

}  // namespace srtdose::physics
