// Time-dependent recovery of organs between courses, as data (plans/radiobiology/recovery.json):
// the fraction of an earlier course's EQD2 that still counts after an interval.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace srtdose {

struct RecoveryStep {
  double from_months = 0;  ///< interval from which this fraction applies
  double counted = 1;      ///< fraction of the earlier EQD2 counted, 0..1
};

struct OrganRecovery {
  std::string organ;
  std::vector<std::string> aliases;  ///< the organ's name first
  std::vector<RecoveryStep> steps;   ///< from_months ascending, the first at 0
  std::string source;
  /// The counted fraction after `months`: the step of the longest interval reached (no
  /// interpolation: recovery is credited only once its interval has passed).
  double counted_after(double months) const;
};

struct RecoveryTable {
  std::filesystem::path file;
  std::string citation;
  std::vector<OrganRecovery> organs;

  /// Reads and checks the table: steps start at 0 months, ascend, and never count more after a
  /// longer interval. Errors name the file and the JSON path.
  static RecoveryTable load(const std::filesystem::path& file);
  /// plans/radiobiology/recovery.json of the data folder.
  static RecoveryTable builtin();
  /// The organ a structure name matches (aliases), or nullptr (no recovery: all counted).
  const OrganRecovery* find(const std::string& structure) const;
};

}  // namespace srtdose
