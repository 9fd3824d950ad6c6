// Plan -> plan format v1 JSON (PLAN-FORMAT.md): what `srtdose dicom import` writes, and what
// planning scripts can round-trip. Paths are written relative to `base_dir` when possible.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "host/plan/plan.h"

namespace srtdose {

/// The plan as JSON that parse_plan_json reads back to the same plan. Phantom patients are
/// not written (the importer makes CT/DICOM patients only): throws InputError for them.
nlohmann::json plan_to_json(const Plan& plan, const std::filesystem::path& base_dir);

}  // namespace srtdose
