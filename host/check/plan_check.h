// One plan of a plan-check batch: import (RT Plan, CT, structures, TPS RT Dose), an
// independent collapsed-cone dose, gamma against the TPS (stereotactic plans also 2 %/1 mm),
// DVH metrics side by side, OAR constraints for the plan's fraction number, target BED, and a
// self-contained HTML report with slices, difference and gamma maps and the DVH overlay.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/core/hu_calibration.h"
#include "host/dicom/plan_files.h"
#include "host/engine/dose_options.h"
#include "host/qa/gamma.h"

namespace srtdose {

struct CheckOptions {
  GammaOptions gamma;         ///< the pass/fail criteria (default 3 %/2 mm global, 10 %)
  double pass_rate_pct = 95;  ///< TG-218 universal tolerance limit
  /// Plans of at least this dose per fraction (TPS maximum / fractions) are stereotactic:
  /// gamma at 2 %/1 mm is reported too.
  double stereotactic_gy_per_fraction = 5;
  /// The dose computation (engine, directions, ...), as `srtdose dose` takes it. The device
  /// is resolved once for the batch (Cpu or Cuda) and used for gamma too.
  DoseOptions dose;
  std::filesystem::path machine_file;  ///< for plans mapped to a built-in machine name
  std::vector<dicom::MachineRule> machines;
  std::string constraints = "tg101";
  /// A plan without a TPS dose (in Gy) is refused (nothing to compare with) unless this is set
  /// (--no-tps-dose): then it is computed and reported as "no-reference".
  bool allow_no_tps_dose = false;
  /// The CT calibration (HU -> mass density): a clinic's curve (--hu-curve FILE) or the
  /// generic one (hu_curve_file empty).
  HuCalibration hu_curve = HuCalibration::generic();
  std::filesystem::path hu_curve_file;
  /// DVH metric differences (srtdose - TPS, % of the prescription, or of the TPS maximum
  /// without one) shown as warnings above dvh_warn_pct; above dvh_fail_pct the plan fails
  /// (--dvh-tolerance WARN,FAIL).
  double dvh_warn_pct = 1.5, dvh_fail_pct = 3.0;
  /// A beam whose srtdose dose at its dose point differs from the TPS's BeamDose by more than
  /// this (%) fails the plan (--mu-tolerance); points below 10 % of the beam's maximum are not
  /// evaluated (steep or low dose).
  double mu_tolerance_pct = 5.0;
  /// Also print each report to report.pdf with this Chromium (--pdf; empty: no PDF).
  std::filesystem::path pdf_chromium;
  /// Called after each stage of a plan (import, dose, gamma, DVH) with the plan's label, the
  /// stage and the seconds since the plan started; from the batch's worker threads.
  std::function<void(const std::string& label, const std::string& stage, double seconds)> on_stage;
  /// Text that identifies the options in the skip-unchanged hash.
  std::string fingerprint() const;
};

struct PlanCheck {
  std::string label;  ///< folder name of the plan's results
  std::string plan_name, plan_uid, patient_id, plan_file;
  /// pass, fail, no-reference (no TPS dose, computed with --no-tps-dose), error (refused or
  /// failed: nothing is reported as checked)
  std::string status = "error";
  std::string error;
  std::optional<double> gamma_pct, gamma_stereotactic_pct;
  double largest_metric_diff_pct = 0;
  std::string largest_metric;
  int constraints_failed = 0;
  int beams_failed = 0;                    ///< independent MU check: beams outside --mu-tolerance
  std::vector<std::string> beam_problems;  ///< one line per beam outside --mu-tolerance
  std::string checked_utc;                 ///< when the check ran ("2026-12-07 21:58:03 UTC")
  double seconds = 0;
  std::string input_hash;
  bool skipped = false;  ///< results reused (inputs unchanged)
  nlohmann::json to_json() const;
  static PlanCheck from_json(const nlohmann::json& j);
};

/// A folder name for the plan: its folder, file name and the end of its SOP Instance UID.
std::string plan_label(const dicom::PlanFiles& files);

/// The name the batch index shows: plan name (else the label), patient ID and the last 8
/// characters of the RT Plan's SOP Instance UID, so two plans of one name stay apart.
std::string plan_display_name(const PlanCheck& check);

/// Hash (hex) of every input file's content and the options.
std::string input_hash(const dicom::PlanFiles& files, const CheckOptions& options);

/// Runs the check and writes out_dir/report.html, result.json and srtdose_dose.h5 (each
/// atomically). Never throws for a bad plan: the error is in the result (status "error"),
/// and the report says what went wrong.
PlanCheck check_plan(const dicom::PlanFiles& files, const CheckOptions& options,
                     const std::filesystem::path& out_dir);

}  // namespace srtdose
