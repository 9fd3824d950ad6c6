// Outcome models, reported as models (not measurements): gEUD, LKB NTCP and Poisson-LQ TCP.
// Each takes a DVH whose doses are EQD2 (convert first with the tissue's alpha/beta).
#pragma once

#include <cmath>

#include "host/qa/dvh.h"

namespace srtdose {

/// Generalised EUD (Niemierko, Med Phys 26:1100, 1999): (mean of D^a)^(1/a), a = 1/n.
/// dose_map converts a DVH dose (Gy) to the dose used (e.g. EQD2).
template <class Map>
double geud_gy(const Dvh& dvh, double a, Map&& dose_map);

/// Lyman-Kutcher-Burman NTCP = Phi((gEUD - TD50) / (m TD50)) (Kutcher and Burman, IJROBP
/// 16:1623, 1989; Burman et al., IJROBP 21:123, 1991 give TD50, m, n per organ).
double lkb_ntcp(double geud_gy, double td50_gy, double m);

/// Poisson TCP = exp(-rho V mean(exp(-alpha BED))) (e.g. Webb and Nahum, PMB 38:653, 1993);
/// rho = clonogen density per cm3, alpha in 1/Gy, bed_map converts a DVH dose to BED.
template <class Map>
double poisson_tcp(const Dvh& dvh, double alpha_per_gy, double clonogens_per_cm3, Map&& bed_map);

// ---- implementation

template <class Map>
double geud_gy(const Dvh& dvh, double a, Map&& dose_map) {
  const double m = dvh.expectation([&](double d) { return std::pow(dose_map(d), a); });
  return std::pow(m, 1.0 / a);
}

template <class Map>
double poisson_tcp(const Dvh& dvh, double alpha, double rho, Map&& bed_map) {
  const double surv = dvh.expectation([&](double d) { return std::exp(-alpha * bed_map(d)); });
  return std::exp(-rho * dvh.volume_cm3 * surv);
}

}  // namespace srtdose
