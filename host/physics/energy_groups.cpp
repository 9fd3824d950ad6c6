#include "host/physics/energy_groups.h"

#include <algorithm>
#include <cmath>

#include "host/core/error.h"

namespace srtdose::physics {

namespace {

std::vector<double> bin_terma(const Spectrum& s, const InteractionTables& water) {
  std::vector<double> t;
  for (std::size_t i = 0; i < s.fluence.size(); ++i) {
    const double e = std::max(0.011, s.bin_mid(i));
    t.push_back(s.fluence[i] * e * water.mu_cm2_g(e));
  }
  return t;
}

}  // namespace

int EnergyGroups::group_of(int bin) const {
  for (int g = 0; g < groups(); ++g)
    if (bin < first_bin[static_cast<std::size_t>(g) + 1]) return g;
  return groups() - 1;
}

EnergyGroups split_by_terma(const Spectrum& s, const InteractionTables& water, int n) {
  if (n < 1 || n > kMaxEnergyGroups)
    throw InputError("energy groups: between 1 and " + std::to_string(kMaxEnergyGroups));
  const std::vector<double> t = bin_terma(s, water);
  double total = 0;
  for (double x : t) total += x;
  const int bins = static_cast<int>(t.size());
  // cum[c]: TERMA of the bins below edge c.
  std::vector<double> cum(static_cast<std::size_t>(bins) + 1, 0.0);
  for (int b = 0; b < bins; ++b) cum[b + 1] = cum[b] + t[static_cast<std::size_t>(b)];
  EnergyGroups g;
  g.first_bin.push_back(0);
  for (int k = 1; k < n; ++k) {
    // The edge whose TERMA below is closest to k / n of the total, above the previous cut.
    const double target = total * k / n;
    int best = -1;
    for (int c = g.first_bin.back() + 1; c < bins; ++c)
      if (best < 0 || std::abs(cum[c] - target) < std::abs(cum[best] - target)) best = c;
    if (best > 0 && cum[best] > cum[g.first_bin.back()] && cum[best] < total)
      g.first_bin.push_back(best);
  }
  g.first_bin.push_back(bins);
  return g;
}

Spectrum group_spectrum(const Spectrum& s, const EnergyGroups& groups, int g) {
  Spectrum out = s;
  for (std::size_t b = 0; b < out.fluence.size(); ++b)
    if (groups.group_of(static_cast<int>(b)) != g) out.fluence[b] = 0;
  return out;
}

std::vector<double> terma_shares(const Spectrum& s, const InteractionTables& water,
                                 const EnergyGroups& groups) {
  const std::vector<double> t = bin_terma(s, water);
  std::vector<double> share(static_cast<std::size_t>(groups.groups()), 0.0);
  double total = 0;
  for (std::size_t b = 0; b < t.size(); ++b) {
    share[static_cast<std::size_t>(groups.group_of(static_cast<int>(b)))] += t[b];
    total += t[b];
  }
  for (double& x : share) x /= total;
  return share;
}

}  // namespace srtdose::physics
