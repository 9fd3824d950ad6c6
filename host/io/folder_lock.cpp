#include "host/io/folder_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "host/core/error.h"

namespace srtdose {

FolderLock::FolderLock(const std::filesystem::path& dir) {
  const std::filesystem::path file = dir / ".srtdose.lock";
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw IoError(dir.string() + ": cannot create the lock file " + file.filename().string() +
                  ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    char holder[32] = {0};
    const ssize_t n = ::pread(fd_, holder, sizeof holder - 1, 0);
    ::close(fd_);
    fd_ = -1;
    throw IoError(dir.string() + ": another srtdose run" +
                  (n > 0 ? " (process " + std::string(holder, static_cast<std::size_t>(n)) + ")"
                         : std::string()) +
                  " is writing into this folder; wait for it to finish or choose another --out");
  }
  // Who holds it, for the message above (informative only: the lock is the flock).
  const std::string pid = std::to_string(::getpid());
  if (::ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] const ssize_t w = ::pwrite(fd_, pid.data(), pid.size(), 0);
  }
}

FolderLock::~FolderLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace srtdose
