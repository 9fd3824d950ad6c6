// JSON and CSV forms of plan-QA results (DVH metrics, conformity, constraints, BED schemes).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host/qa/conformity.h"
#include "host/qa/constraints.h"
#include "host/qa/dvh.h"
#include "host/qa/dvh_metric.h"
#include "host/qa/fractionation.h"

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

/// Value or null for NaN/inf.
nlohmann::json number_or_null(double v);

}  // namespace srtdose
