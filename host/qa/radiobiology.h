// Biologically effective dose for hypofractionation: LQ, LQ-L and the universal survival curve.
#pragma once

#include <string>

namespace srtdose {

enum class BedModel { lq, lq_l, usc };
BedModel bed_model_by_name(const std::string& name);  ///< "lq", "lq-l", "usc"; InputError else
const char* to_string(BedModel m);

/// How one tissue responds to dose per fraction.
struct TissueModel {
  BedModel model = BedModel::lq;
  double alpha_beta_gy = 10;  ///< LQ alpha/beta (LQ and LQ-L)
  /// LQ-L transition dose per fraction d_T. A user parameter: the default matches the USC
  /// transition of the H460 parameters (6.2 Gy) and is not a published recommendation.
  double lql_transition_gy = 6.0;
  /// USC parameters (Park et al., IJROBP 70:847, 2008), defaults for NSCLC line H460.
  double usc_alpha_per_gy = 0.33, usc_d0_gy = 1.25, usc_dq_gy = 1.8;

  /// Throws InputError naming the parameter when one is out of range (alpha/beta <= 0 ...).
  void validate() const;
  /// USC transition dose D_T = 2 D_q / (1 - alpha D_0) (Park 2008).
  double usc_transition_gy() const;
  /// USC beta that makes the LQ part tangent to the multi-target line at D_T:
  /// beta = (1 - alpha D_0) / (2 D_0 D_T). (Park 2008 fit 0.036 for H460; tangency gives 0.0383.)
  double usc_beta_per_gy2() const;
  /// The alpha/beta that the LQ part of the model uses (for EQD2).
  double effective_alpha_beta_gy() const;
};

/// BED of one fraction of d Gy, Gy.
///  LQ: d (1 + d / (alpha/beta)) (Fowler, Br J Radiol 62:679, 1989).
///  LQ-L (Astrahan, Med Phys 35:4161, 2008): LQ up to d_T, then linear with the LQ slope at d_T,
///    gamma/alpha = 1 + 2 d_T / (alpha/beta).
///  USC (Park 2008): LQ up to D_T, then (d - D_q) / (alpha D_0).
double bed_per_fraction_gy(double d_gy, const TissueModel& t);

/// BED of n fractions of d Gy.
double bed_gy(int fractions, double d_gy, const TissueModel& t);

/// EQD2 = BED / (1 + 2 / (alpha/beta)).
double eqd2_gy(double bed_gy, double alpha_beta_gy);

/// Dose per fraction giving that BED in n fractions (iso-effect): closed form for LQ, bisection
/// (to 1e-10 Gy) for LQ-L and USC. Throws InputError for n < 1 or bed < 0.
double dose_per_fraction_for_bed(int fractions, double bed_gy, const TissueModel& t);

/// Repopulation: BED is reduced by ln 2 (T - T_k) / (alpha T_pot) for an overall time T > T_k
/// (Fowler 1989).
struct Repopulation {
  double overall_time_days = 0, kickoff_days = 28, tpot_days = 3, alpha_per_gy = 0.3;
  void validate() const;
  double bed_reduction_gy() const;
};

}  // namespace srtdose
