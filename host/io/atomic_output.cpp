#include "host/io/atomic_output.h"

#include <unistd.h>

#include <array>
#include <csignal>
#include <cstring>
#include <mutex>
#include <system_error>

#include "host/core/error.h"

namespace srtdose {

namespace {

// Temporary paths in flight, kept as fixed buffers so a signal handler may unlink them.
constexpr int kSlots = 64;
constexpr std::size_t kPathMax = 4096;
char g_paths[kSlots][kPathMax];
volatile std::sig_atomic_t g_used[kSlots];
std::mutex g_mutex;

extern "C" void remove_partial_outputs(int sig) {
  for (int i = 0; i < kSlots; ++i) {
    if (g_used[i]) unlink(g_paths[i]);
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

int register_path(const std::filesystem::path& p) {
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

}  // namespace

AtomicOutput::AtomicOutput(std::filesystem::path final_path) : final_(std::move(final_path)) {
  namespace fs = std::filesystem;
  if (final_.empty()) throw IoError("output path is empty");
  const fs::path dir = final_.has_parent_path() ? final_.parent_path() : fs::path(".");
  if (!fs::is_directory(dir)) {
    throw IoError(final_.string() + ": output folder " + dir.string() + " does not exist");
  }
  if (fs::is_directory(final_)) throw IoError(final_.string() + ": is a folder, not a file");
  std::string name(".");
  name.append(final_.filename().string()).append(".partial-").append(std::to_string(getpid()));
  temp_ = dir / name;
  slot_ = register_path(temp_);
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
  unregister_path(slot_);
}

void AtomicOutput::commit() {
  std::error_code ec;
  std::filesystem::rename(temp_, final_, ec);
  if (ec)
    throw IoError(final_.string() + ": cannot move the finished file into place: " + ec.message());
  committed_ = true;
}

}  // namespace srtdose
