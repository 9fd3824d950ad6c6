// Limits for re-irradiation as data (plans/radiobiology/reirradiation_limits.json): EQD2 limits
// with the alpha/beta they were derived with, on the cumulative dose of all courses, on the
// current course alone, or on every course alone; optionally valid only after an interval.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "host/qa/dvh_metric.h"

namespace srtdose {

enum class LimitScope { cumulative, current, each };
const char* to_string(LimitScope s);

struct CumulativeLimit {
  std::string organ;
  DvhMetric metric;          ///< a dose metric (Gy) or V<x>Gy (cm3) of the EQD2 DVH
  double limit = 0;          ///< EQD2 Gy, or cm3 for V<x>Gy
  double alpha_beta_gy = 0;  ///< the alpha/beta of the limit's EQD2
  LimitScope scope = LimitScope::cumulative;
  double min_interval_months = 0;  ///< the limit holds only after this interval (0: always)
  std::string source, note;
};

struct CumulativeLimitSet {
  std::filesystem::path file;
  std::string name, citation;
  std::map<std::string, std::vector<std::string>> aliases;  ///< organ -> names (organ first)
  std::vector<CumulativeLimit> limits;

  /// Reads and checks a limits file; errors name the file and the JSON path.
  static CumulativeLimitSet load(const std::filesystem::path& file);
  /// A name in the data folder's radiobiology folder ("reirradiation_limits") or a path.
  static std::filesystem::path find(const std::string& name_or_path);
};

}  // namespace srtdose
