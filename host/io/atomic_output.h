// Output files appear whole or not at all: write to a temporary file beside the target, then
// rename. Exceptions, and SIGINT/SIGTERM, leave no partial file behind.
#pragma once

#include <filesystem>

namespace srtdose {

/// A pending output file. Write to temp_path(); commit() renames it onto the final path.
/// Destroyed without commit (an exception), the temporary file is removed.
class AtomicOutput {
 public:
  /// Throws IoError when the target's folder does not exist or the target is a folder.
  explicit AtomicOutput(std::filesystem::path final_path);
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  ~AtomicOutput();

  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& final_path() const { return final_; }
  /// Atomically replaces the final path with the temporary file.
  void commit();

 private:
  std::filesystem::path final_, temp_;
  int slot_ = -1;
  bool committed_ = false;
};

}  // namespace srtdose
