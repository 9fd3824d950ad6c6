// The HTML report of one checked plan: inputs, gamma, dose and difference slices, DVHs, DVH
// metrics, constraints and target BED.
#pragma once

#include "host/check/html.h"
#include "host/check/plan_check.h"
#include "host/check/plan_evaluation.h"

namespace srtdose {

/// The current time, "2026-12-07 21:58:03 UTC".
std::string utc_now_text();

/// Adds the report's sections for an evaluated plan (result: status, times, identifiers).
void add_check_report(HtmlReport& html, const PlanEvaluation& evaluation, const PlanCheck& result,
                      const CheckOptions& options, const dicom::PlanFiles& files);

}  // namespace srtdose
