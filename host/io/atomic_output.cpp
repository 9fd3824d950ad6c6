#include "host/io/atomic_output.h"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <string>
#include <system_error>

#include "host/core/error.h"

namespace srtdose {

namespace fs = std::filesystem;

namespace {

// Temporary paths in flight, kept as fixed buffers so a signal handler may unlink them.
constexpr int kSlots = 64;
constexpr std::size_t kPathMax = 4096;
char g_paths[kSlots][kPathMax];
volatile std::sig_atomic_t g_used[kSlots];
std::mutex g_mutex;
thread_local OutputGroup* t_group = nullptr;

extern "C" void remove_partial_outputs(int sig) {
  for (int i = 0; i < kSlots; ++i) {
    if (g_used[i]) unlink(g_paths[i]);
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

int register_path(const fs::path& p) {
  static const bool installed = [] {
    std::signal(SIGINT, remove_partial_outputs);
    std::signal(SIGTERM, remove_partial_outputs);
    return true;
  }();
  (void)installed;
  const std::string s = p.string();
  if (s.size() >= kPathMax) return -1;
  std::lock_guard lock(g_mutex);
  for (int i = 0; i < kSlots; ++i) {
    if (!g_used[i]) {
      std::memcpy(g_paths[i], s.c_str(), s.size() + 1);
      g_used[i] = 1;
      return i;
    }
  }
  return -1;  // more than kSlots outputs in flight: still removed on exceptions
}

void unregister_path(int slot) {
  if (slot < 0) return;
  std::lock_guard lock(g_mutex);
  g_used[slot] = 0;
}

const std::string kPartial = ".partial-";

/// Removes ".<name>.partial-<pid>" files of `dir` whose process no longer exists.
void remove_stale_temporaries(const fs::path& dir, const std::string& name) {
  const std::string prefix = "." + name + kPartial;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string f = it->path().filename().string();
    if (f.rfind(prefix, 0) != 0) continue;
    const std::string digits = f.substr(prefix.size());
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const pid_t pid = static_cast<pid_t>(std::stol(digits));
    if (pid == getpid() || (::kill(pid, 0) != 0 && errno == ESRCH)) {
      std::error_code rm;
      fs::remove(it->path(), rm);
    }
  }
}

void rename_into_place(const fs::path& temp, const fs::path& final) {
  std::error_code ec;
  fs::rename(temp, final, ec);
  if (ec)
    throw IoError(final.string() + ": cannot move the finished file into place: " + ec.message());
}

}  // namespace

AtomicOutput::AtomicOutput(fs::path final_path) : final_(std::move(final_path)) {
  if (final_.empty()) throw IoError("output path is empty");
  const fs::path dir = final_.has_parent_path() ? final_.parent_path() : fs::path(".");
  if (!fs::is_directory(dir)) {
    throw IoError(final_.string() + ": output folder " + dir.string() + " does not exist");
  }
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(final_, ec);
  if (fs::is_directory(st)) throw IoError(final_.string() + ": is a folder, not a file");
  if (fs::exists(st) && !fs::is_regular_file(st))
    throw IoError(final_.string() + ": exists and is not a regular file (" +
                  (fs::is_symlink(st) ? "a symbolic link" : "a device, FIFO or socket") +
                  "); srtdose replaces only regular files");
  remove_stale_temporaries(dir, final_.filename().string());
  std::string temp_name(".");
  temp_name.append(final_.filename().string()).append(kPartial).append(std::to_string(getpid()));
  temp_ = dir / temp_name;
  slot_ = register_path(temp_);
}

AtomicOutput::~AtomicOutput() {
  if (done_) return;
  std::error_code ec;
  fs::remove(temp_, ec);
  unregister_path(slot_);
}

void AtomicOutput::commit() {
  if (t_group) {
    t_group->pending_.push_back({temp_, final_, slot_});
  } else {
    rename_into_place(temp_, final_);
    unregister_path(slot_);
  }
  done_ = true;
}

ImmediateOutputs::ImmediateOutputs() : saved_(t_group) {
  t_group = nullptr;
}

ImmediateOutputs::~ImmediateOutputs() {
  t_group = saved_;
}

OutputGroup::OutputGroup() : outer_(t_group) {
  t_group = this;
}

OutputGroup::~OutputGroup() {
  t_group = outer_;
  for (const Pending& p : pending_) {
    std::error_code ec;
    fs::remove(p.temp, ec);
    unregister_path(p.slot);
  }
}

void OutputGroup::commit() {
  t_group = outer_;
  std::vector<Pending> pending = std::move(pending_);
  pending_.clear();
  for (std::size_t i = 0; i < pending.size(); ++i) {
    try {
      rename_into_place(pending[i].temp, pending[i].final);
    } catch (...) {
      pending_.assign(pending.begin() + static_cast<std::ptrdiff_t>(i), pending.end());
      throw;  // the rest are removed by the destructor
    }
    unregister_path(pending[i].slot);
  }
}

}  // namespace srtdose
