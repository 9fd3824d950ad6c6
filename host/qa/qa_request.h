// The front door of plan QA: one QaRequest -> QaReport for `srtdose dvh`, `srtdose bed`,
// `srtdose check` and Python. DVHs, extra DVH metrics, conformity of the prescription target,
// OAR constraints, and (when asked) BED/EQD2 per structure with each structure's alpha/beta,
// fractionation schemes, iso-effective prescriptions and voxel BED maps. JSON and CSV forms:
// host/qa/qa_json.h.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/qa/conformity.h"
#include "host/qa/constraints.h"
#include "host/qa/dvh.h"
#include "host/qa/dvh_metric.h"
#include "host/qa/fractionation.h"
#include "host/qa/plan_dose.h"
#include "host/qa/radiobiology.h"
#include "host/qa/tissue_table.h"

namespace srtdose {

struct BedRequest {
  /// Model and its parameters; alpha_beta_gy is taken from the table (targets, organs).
  TissueModel model;
  std::string tumour;                      ///< a named tumour alpha/beta of the table ("rcc")
  double tumour_alpha_beta_gy = 0;         ///< overrides the table's target value when > 0
  double oar_alpha_beta_gy = 0;            ///< overrides the table's default when > 0
  std::filesystem::path alpha_beta_table;  ///< empty: the built-in table
  std::vector<Scheme> schemes;             ///< schemes to compare (the plan rescaled to each)
  double iso_bed_gy = 0;                   ///< iso-effective BED; 0: the plan's prescription BED
  std::optional<Scheme> iso_scheme;        ///< or the prescription BED of this scheme
  bool maps = false;                       ///< voxel BED, EQD2 and alpha/beta maps
};

struct QaRequest {
  std::vector<std::string> structures;  ///< names or aliases; empty: all
  std::vector<std::string> metrics;     ///< extra DVH metrics per structure ("D95%", "V20Gy")
  DvhOptions dvh;
  double rx_gy = 0;                    ///< prescription (Gy, total); 0: the plan's
  std::string constraints = "tg101";   ///< a set name or file; empty: no constraint check
  std::optional<BedRequest> bed;       ///< BED/EQD2 (needs a prescription and its target)
  bool conformity = true;              ///< CI, GI, R50%, D2cm of the prescription target
  bool skip_empty_structures = false;  ///< leave out structures of zero volume (DICOM)
  /// Throws InputError naming the option (--rx, --metrics, ...) for a bad request.
  void validate() const;
};

struct BedReport {
  TissueModel base;  ///< the request's model with the target alpha/beta
  std::filesystem::path table_file;
  double default_alpha_beta_gy = 3;  ///< voxels outside every structure
  Scheme planned;                    ///< the plan as prescribed
  double prescription_bed_gy = 0;
  std::vector<TissueModel> tissues;  ///< per DVH of the report
  TissueModel target;                ///< the prescription target's
  std::vector<StructureBed> structures;
  std::vector<SchemeResult> compared, iso_effective;
  double iso_bed_gy = 0;
  /// Voxel maps (request.maps): BED, EQD2 (Gy) and the alpha/beta each voxel used.
  std::optional<Volume<float>> bed_map, eqd2_map, alpha_beta_map;
};

struct QaReport {
  std::string plan_name;
  int fractions = 1;
  double rx_gy = 0;  ///< 0: no prescription
  double dose_max_gy = 0;
  std::vector<Dvh> dvhs;  ///< the selected structures
  std::vector<StructureMetrics> metrics;
  std::vector<std::string> metric_names;           ///< the extra metrics
  std::vector<std::vector<double>> metric_values;  ///< [structure][metric]
  int target_index = -1;                           ///< the prescription target among dvhs, or -1
  std::optional<ConformityMetrics> conformity;
  std::string conformity_target;
  std::optional<ConstraintSet> constraint_set;
  std::vector<ConstraintResult> constraints;
  std::optional<BedReport> bed;
};

/// The alpha/beta table of a BED request (the built-in one or its file) with the request's
/// tumour and OAR overrides, and `base` set to the request's model with the target's alpha/beta.
/// Throws InputError for an unknown named tumour or an alpha/beta <= 0.
TissueTable tissue_table(const BedRequest& request, TissueModel& base);

/// Runs the request on a plan's dose. plan_path names the plan in errors.
QaReport run_qa(const PlanDose& plan_dose, const QaRequest& request, const std::string& plan_path);

/// The same on a plan, its patient and a dose (total over the plan's fractions, Gy) held
/// elsewhere (nothing is copied).
QaReport run_qa(const Plan& plan, const PatientModel& patient, const Volume<float>& dose,
                const QaRequest& request, const std::string& plan_path);

}  // namespace srtdose
