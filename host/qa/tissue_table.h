// alpha/beta per structure from a table (plans/radiobiology/alpha_beta.json), with sources.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "host/qa/radiobiology.h"

namespace srtdose {

struct TissueEntry {
  std::string name;
  std::vector<std::string> aliases;
  double alpha_beta_gy = 3;
  std::string source;
};

struct TissueTable {
  std::filesystem::path file;
  double target_alpha_beta_gy = 10;  ///< targets (GTV/CTV/ITV/PTV, the prescription target)
  double default_alpha_beta_gy = 3;  ///< structures not in the table (late-responding tissue)
  std::vector<TissueEntry> tissues;
  std::map<std::string, double> target_options;  ///< named alternatives, e.g. "rcc" -> 2.6

  /// Reads the table; errors name the file and JSON path.
  static TissueTable load(const std::filesystem::path& file);
  /// The table shipped in the data folder.
  static TissueTable builtin();

  /// alpha/beta of a structure: the target value for targets, the table entry matched by name
  /// (aliases), else the default.
  double alpha_beta_for(const std::string& structure, bool is_target) const;
};

/// The response model of a structure: LQ-L applies to every tissue; the USC only to targets
/// (its parameters are tumour cell-line fits), other tissues stay LQ.
TissueModel tissue_model_for(const TissueTable& table, const std::string& structure, bool is_target,
                             const TissueModel& base);

}  // namespace srtdose
