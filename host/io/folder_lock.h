// An exclusive lock on an output folder for the length of one run (flock(2) on a lock file in
// it): a second run into the same folder is refused at once, clearly, instead of both doing
// all the work and one summary losing the other's plans. The kernel drops the lock when the
// process ends, however it ends, so a killed run never leaves the folder locked.
#pragma once

#include <filesystem>

namespace srtdose {

class FolderLock {
 public:
  /// Locks `dir` (which must exist). Throws IoError naming the folder and the process that
  /// holds it when another run has it.
  explicit FolderLock(const std::filesystem::path& dir);
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  ~FolderLock();

 private:
  int fd_ = -1;
};

}  // namespace srtdose
