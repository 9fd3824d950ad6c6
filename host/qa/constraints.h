// OAR dose constraints as data (plans/constraints/*.json) and their evaluation on DVHs.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "host/qa/dvh.h"
#include "host/qa/dvh_metric.h"

namespace srtdose {

struct Constraint {
  std::string organ;
  DvhMetric metric;
  enum class LimitUnit { gy, cc, pct } unit = LimitUnit::gy;
  std::map<int, double> limit;  ///< by number of fractions
  std::string kind;             ///< "serial", "parallel" or free text
  std::string endpoint;
  std::string note;
};

struct ConstraintSet {
  std::string name, citation;
  std::filesystem::path file;
  std::vector<int> fractions;  ///< fraction numbers the set gives limits for
  std::map<std::string, std::vector<std::string>> aliases;  ///< organ -> structure names
  std::vector<Constraint> constraints;

  /// Reads and checks a constraint file (format in plans/constraints/README.md); errors name
  /// the file and the JSON path.
  static ConstraintSet load(const std::filesystem::path& file);
};

/// The constraint file for a name ("tg101") in the data folder, or the path itself when it
/// names a file. Throws InputError listing the available sets otherwise.
std::filesystem::path find_constraint_set(const std::string& name_or_path);

struct ConstraintResult {
  enum class Status { pass, fail, not_applicable, no_limit, not_evaluable };
  const Constraint* constraint = nullptr;
  std::string structure;  ///< matched structure name ("" when missing)
  double value = 0, limit = 0;
  Status status = Status::not_applicable;
};

const char* to_string(ConstraintResult::Status s);
std::string unit_name(Constraint::LimitUnit u);

/// Evaluates every constraint for a number of fractions on the DVHs of the plan's structures,
/// with the dose scaled by dose_scale (1 = the plan as it is). Volume limits in % use the
/// structure volume; V<x>% metrics use rx_gy (after scaling).
std::vector<ConstraintResult> evaluate_constraints(const ConstraintSet& set, int fractions,
                                                   const std::vector<Dvh>& dvhs, double rx_gy = 0,
                                                   double dose_scale = 1);

}  // namespace srtdose
