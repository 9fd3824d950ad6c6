// Strict reader of plan format v1. Every error names the file and the JSON path.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "host/plan/plan.h"

namespace srtdose {

/// Reads and validates a plan file. Throws InputError ("<file>: <json path>: <problem>") on
/// malformed JSON, unknown keys, wrong types, missing fields and impossible values, and
/// IoError when the file cannot be read.
Plan parse_plan_file(const std::filesystem::path& file);

/// Validates a plan given as JSON; `label` names it in errors, relative paths resolve against
/// base_dir.
Plan parse_plan_json(const nlohmann::json& doc, const std::string& label,
                     const std::filesystem::path& base_dir);

/// Checks a plan made in memory (a DICOM import) by the rules of a plan file: it is written as
/// plan JSON and read back by parse_plan_json, so an imported plan that srtdose would reject
/// as a file is rejected here. Throws InputError "<label> (as a plan): <json path>: <problem>".
void validate_plan(const Plan& plan, const std::string& label);

}  // namespace srtdose
