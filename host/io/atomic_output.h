// Output files appear whole or not at all: write to a temporary file beside the target, then
// rename. Exceptions, and SIGINT/SIGTERM, leave no partial file behind; temporaries that a
// killed process (SIGKILL, power loss) left are removed by the next run writing that output.
// An OutputGroup makes the outputs of one command appear together: each commit() waits until
// the group commits, and a command that fails leaves none of them.
#pragma once

#include <filesystem>
#include <vector>

namespace srtdose {

/// A pending output file. Write to temp_path(); commit() renames it onto the final path.
/// Destroyed without commit (an exception), the temporary file is removed.
class AtomicOutput {
 public:
  /// Throws IoError when the target's folder does not exist, or the target exists and is not
  /// a regular file (a folder, a device such as /dev/null, a FIFO, a symbolic link).
  explicit AtomicOutput(std::filesystem::path final_path);
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  ~AtomicOutput();

  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& final_path() const { return final_; }
  /// Replaces the final path with the temporary file, now or, inside an OutputGroup, when the
  /// group commits.
  void commit();

 private:
  std::filesystem::path final_, temp_;
  int slot_ = -1;
  bool done_ = false;  ///< renamed, or handed to the open OutputGroup
};

/// While one exists (per thread), AtomicOutput::commit() hands its file to the group; commit()
/// renames them all, after every one was written; destroyed without commit, the group removes
/// them. For commands with several outputs (e.g. -o and --json).
class OutputGroup {
 public:
  OutputGroup();
  OutputGroup(const OutputGroup&) = delete;
  OutputGroup& operator=(const OutputGroup&) = delete;
  ~OutputGroup();
  void commit();

 private:
  friend class AtomicOutput;
  struct Pending {
    std::filesystem::path temp, final;
    int slot;
  };
  std::vector<Pending> pending_;
  OutputGroup* outer_;
};

/// Inside it (per thread), AtomicOutput::commit() is immediate again, whatever group is open:
/// for a long batch whose files must appear as they are made.
class ImmediateOutputs {
 public:
  ImmediateOutputs();
  ImmediateOutputs(const ImmediateOutputs&) = delete;
  ImmediateOutputs& operator=(const ImmediateOutputs&) = delete;
  ~ImmediateOutputs();

 private:
  OutputGroup* saved_;
};

}  // namespace srtdose
