// JSON pieces that the constraint, limit and recovery files share: the organ list with name
// aliases, and a DVH metric read at its JSON path.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "host/qa/dvh_metric.h"
#include "host/util/json_cursor.h"

namespace srtdose {

/// "organs": {"Spinal cord": {"aliases": ["SpinalCord", ...]}, ...} -> organ -> its names (the
/// organ's own name first). Unknown keys are errors at their path.
std::map<std::string, std::vector<std::string>> read_organ_aliases(JsonCursor organs);

/// A metric such as "D0.035cc"; a bad one is an InputError naming the file and JSON path.
DvhMetric read_dvh_metric(JsonCursor metric);

}  // namespace srtdose
