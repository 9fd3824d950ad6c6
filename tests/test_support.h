// Helpers shared by the test executables.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "host/plan/plan.h"

namespace srtdose::test {

std::filesystem::path source_dir();
std::filesystem::path examples_dir();
/// ../shared/reference, or $SRTDOSE_REFERENCE_DIR when set.
std::filesystem::path reference_dir();

/// A fresh folder removed with its contents at scope exit.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

/// A small valid plan: 40 mm water cube at 2 mm voxels, one 20 x 20 mm AP beam.
nlohmann::json minimal_plan_json();

/// Parses a plan given as JSON (label "test.json").
Plan parse_test_plan(const nlohmann::json& doc);

/// Writes JSON to a file.
void write_json(const std::filesystem::path& path, const nlohmann::json& doc);

}  // namespace srtdose::test
