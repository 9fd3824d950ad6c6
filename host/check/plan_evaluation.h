// What the check finds for one plan, before any report: the imported case, srtdose's dose
// (the dose front door), gamma against the TPS, and both doses' QA reports (the QA front door)
// with the DVH metrics side by side.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/check/plan_check.h"
#include "host/dicom/plan_files.h"
#include "host/engine/engine.h"
#include "host/qa/gamma.h"
#include "host/qa/qa_request.h"

namespace srtdose {

/// One DVH metric of one structure, TPS and srtdose; diff_pct in % of the reference dose.
struct MetricRow {
  std::string structure, metric;
  double tps = 0, ours = 0, diff_pct = 0;
};

/// The independent MU check of one beam: srtdose's dose per fraction at the RT Plan's beam
/// dose specification point (else the beam's isocentre) against the TPS's BeamDose.
struct BeamCheck {
  std::string beam;
  Vec3 point_mm;
  bool point_from_plan = false;  ///< the RT Plan's point (else the isocentre)
  double mu = 0;
  double ours_gy = 0;            ///< srtdose, per fraction
  std::optional<double> tps_gy;  ///< the RT Plan's BeamDose, per fraction
  double ratio = 0;              ///< srtdose / TPS
  double mu_for_tps_dose = 0;    ///< the MU that gives the TPS's dose: MU x TPS / srtdose
  std::string status;            ///< pass, fail, or "n/a (...)"
};

struct PlanEvaluation {
  dicom::ImportedCase imported;
  DoseResult dose;  ///< srtdose's dose on the TPS dose grid (or the CT's)
  double dose_seconds = 0;
  bool have_tps = false;      ///< a TPS dose in Gy to compare with
  double rx_gy = 0;           ///< the prescription (0: none)
  double tps_max_gy = 0;      ///< the TPS maximum (srtdose's without a TPS dose)
  double ref_gy = 0;          ///< differences are in % of this: rx, else the TPS maximum
  bool stereotactic = false;  ///< TPS maximum per fraction >= the options' threshold
  std::optional<GammaResult> gamma, gamma_stereotactic;
  QaReport qa_ours;
  std::optional<QaReport> qa_tps;
  std::vector<MetricRow> rows;   ///< targets: D98/D50/D2; all: Dmean, D0.035cc
  std::vector<BeamCheck> beams;  ///< per beam, in plan order
};

/// Imports the plan, computes its dose and writes it to out_dir/srtdose_dose.h5, then gamma
/// and QA. Throws for a plan that cannot be checked (the message names the file).
PlanEvaluation evaluate_plan(const dicom::PlanFiles& files, const CheckOptions& options,
                             const std::filesystem::path& out_dir);

}  // namespace srtdose
