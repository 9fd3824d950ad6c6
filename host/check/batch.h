// The plan-check batch: every RT Plan under the folders, checked one per job, results reused
// when a plan's inputs (content hash) and the options are unchanged, a failing plan recorded
// with its error while the batch goes on; then the summary (index.html, summary.csv,
// summary.json).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "host/check/plan_check.h"

namespace srtdose {

struct BatchOptions {
  std::vector<std::filesystem::path> dirs;
  std::filesystem::path out = "srtdose-check";
  int jobs = 1;
  bool force = false;  ///< re-check plans whose results exist
  /// Slurm-style job arrays: this run checks plans i with i % shard_count == shard_index - 1
  /// (shard_index 1..shard_count); the others are taken from their results when they exist,
  /// else listed as "pending", so the last shard to finish writes a complete summary.
  int shard_index = 1, shard_count = 1;
  CheckOptions check;
};

struct BatchResult {
  std::vector<PlanCheck> plans;
  std::vector<std::string> unreadable;  ///< files that look like DICOM but cannot be read
  bool all_passed() const;
};

/// Every RT Plan under the folders, grouped with its files (plans point into scans).
struct BatchPlans {
  std::vector<dicom::FolderScan> scans;
  std::vector<dicom::PlanFiles> plans;
  std::vector<std::string> unreadable;  ///< files that look like DICOM but cannot be read
};
BatchPlans find_batch_plans(const std::vector<std::filesystem::path>& dirs);

/// Called after each plan: plans done, total, and the plan just finished.
using BatchProgress = std::function<void(int done, int total, const PlanCheck& last)>;

BatchResult run_batch(const BatchOptions& options, const BatchProgress& progress = {});

/// index.html (one row per plan, links to the reports), summary.csv and summary.json.
void write_batch_summary(const BatchOptions& options, const BatchResult& result);

}  // namespace srtdose
