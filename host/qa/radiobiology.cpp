#include "host/qa/radiobiology.h"

#include <cmath>

#include "host/core/error.h"

namespace srtdose {

BedModel bed_model_by_name(const std::string& name) {
  if (name == "lq") return BedModel::lq;
  if (name == "lq-l" || name == "lql") return BedModel::lq_l;
  if (name == "usc") return BedModel::usc;
  throw InputError("unknown BED model '" + name + "' (use lq, lq-l or usc)");
}

const char* to_string(BedModel m) {
  switch (m) {
    case BedModel::lq:
      return "lq";
    case BedModel::lq_l:
      return "lq-l";
    case BedModel::usc:
      return "usc";
  }
  return "?";
}

namespace {
void positive(double v, const char* what) {
  if (!(v > 0) || !std::isfinite(v))
    throw InputError(std::string(what) + " must be a positive number (got " + std::to_string(v) +
                     ")");
}
}  // namespace

void TissueModel::validate() const {
  positive(alpha_beta_gy, "alpha/beta (Gy)");
  if (model == BedModel::lq_l) positive(lql_transition_gy, "LQ-L transition dose d_T (Gy)");
  if (model == BedModel::usc) {
    positive(usc_alpha_per_gy, "USC alpha (1/Gy)");
    positive(usc_d0_gy, "USC D0 (Gy)");
    positive(usc_dq_gy, "USC Dq (Gy)");
    if (usc_alpha_per_gy * usc_d0_gy >= 1)
      throw InputError("USC parameters need alpha x D0 < 1 (got " +
                       std::to_string(usc_alpha_per_gy * usc_d0_gy) + ")");
  }
}

double TissueModel::usc_transition_gy() const {
  return 2 * usc_dq_gy / (1 - usc_alpha_per_gy * usc_d0_gy);
}

double TissueModel::usc_beta_per_gy2() const {
  return (1 - usc_alpha_per_gy * usc_d0_gy) / (2 * usc_d0_gy * usc_transition_gy());
}

double TissueModel::effective_alpha_beta_gy() const {
  return model == BedModel::usc ? usc_alpha_per_gy / usc_beta_per_gy2() : alpha_beta_gy;
}

double bed_per_fraction_gy(double d, const TissueModel& t) {
  switch (t.model) {
    case BedModel::lq:
      return d * (1 + d / t.alpha_beta_gy);
    case BedModel::lq_l: {
      const double dt = t.lql_transition_gy, ab = t.alpha_beta_gy;
      if (d <= dt) return d * (1 + d / ab);
      return dt * (1 + dt / ab) + (1 + 2 * dt / ab) * (d - dt);
    }
    case BedModel::usc: {
      const double dt = t.usc_transition_gy();
      if (d <= dt) return d * (1 + d / t.effective_alpha_beta_gy());
      return (d - t.usc_dq_gy) / (t.usc_alpha_per_gy * t.usc_d0_gy);
    }
  }
  return 0;
}

double bed_gy(int fractions, double d, const TissueModel& t) {
  return fractions * bed_per_fraction_gy(d, t);
}

double eqd2_gy(double bed, double alpha_beta_gy) {
  return bed / (1 + 2 / alpha_beta_gy);
}

double dose_per_fraction_for_bed(int fractions, double bed, const TissueModel& t) {
  if (fractions < 1) throw InputError("number of fractions must be at least 1");
  if (!(bed >= 0) || !std::isfinite(bed)) throw InputError("BED must be >= 0 Gy");
  const double per = bed / fractions;
  if (t.model == BedModel::lq) {
    const double ab = t.alpha_beta_gy;  // root of d^2 / ab + d - per = 0
    return 0.5 * ab * (std::sqrt(1 + 4 * per / ab) - 1);
  }
  // BED per fraction is increasing and >= d, so the root lies in [0, per].
  double lo = 0, hi = per;
  while (hi - lo > 1e-10) {
    const double mid = 0.5 * (lo + hi);
    (bed_per_fraction_gy(mid, t) < per ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

void Repopulation::validate() const {
  if (!(overall_time_days >= 0) || !(kickoff_days >= 0))
    throw InputError("repopulation times must be >= 0 days");
  positive(tpot_days, "T_pot (days)");
  positive(alpha_per_gy, "alpha (1/Gy)");
}

double Repopulation::bed_reduction_gy() const {
  if (overall_time_days <= kickoff_days) return 0;
  return std::log(2.0) * (overall_time_days - kickoff_days) / (alpha_per_gy * tpot_days);
}

}  // namespace srtdose
