// JSON and CSV forms of plan-QA results (DVH metrics, conformity, constraints, BED schemes),
// and of whole QA reports: the one module every front end writes them with.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host/qa/conformity.h"
#include "host/qa/constraints.h"
#include "host/qa/dvh.h"
#include "host/qa/dvh_metric.h"
#include "host/qa/fractionation.h"
#include "host/qa/qa_request.h"

namespace srtdose {

nlohmann::json to_json(const StructureMetrics& m);
nlohmann::json to_json(const ConformityMetrics& m);
nlohmann::json to_json(const ConstraintResult& r);
nlohmann::json to_json(const StructureBed& b);
nlohmann::json to_json(const SchemeResult& r);
/// The cumulative DVH in bins of bin_gy: {"bin_gy", "dose_gy": [...], "volume_cm3": [...]}.
nlohmann::json cumulative_dvh_json(const Dvh& dvh, double bin_gy);

/// One row per structure: name, volume and the standard metrics (+ extra metric columns).
std::string metrics_csv(const std::vector<StructureMetrics>& rows,
                        const std::vector<std::string>& extra_names,
                        const std::vector<std::vector<double>>& extra_values);
/// One row per constraint.
std::string constraints_csv(const std::vector<ConstraintResult>& rows);
/// One row per scheme (target BED and constraint summary).
std::string schemes_csv(const std::vector<SchemeResult>& rows, const std::string& kind);

/// Where a report's inputs came from (written into its JSON).
struct QaSources {
  std::string dose_file, plan_file;
};

/// The DVH part of a report (`srtdose dvh --json`): fractions, prescription, per structure its
/// metrics, extra metrics and cumulative DVH in bins of bin_gy; conformity; constraints.
nlohmann::json dvh_report_json(const QaReport& report, double bin_gy, const QaSources& sources);
/// The BED part (`srtdose bed --json`): model, alpha/beta table, prescription BED, per
/// structure BED/EQD2 and the cumulative BED-volume histogram, schemes, iso-effective schemes.
nlohmann::json bed_report_json(const QaReport& report, const QaSources& sources);
/// The cumulative DVHs as CSV: dose_gy, then one volume column (cm3) per structure.
std::string cumulative_dvh_csv(const std::vector<Dvh>& dvhs, double bin_gy);
/// The schemes compared, then the iso-effective schemes, as CSV.
std::string bed_schemes_csv(const BedReport& bed);

/// Value or null for NaN/inf.
nlohmann::json number_or_null(double v);

}  // namespace srtdose
