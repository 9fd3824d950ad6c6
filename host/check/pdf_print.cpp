#include "host/check/pdf_print.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "host/core/error.h"
#include "host/io/atomic_output.h"

extern char** environ;

namespace srtdose {

namespace fs = std::filesystem;

fs::path find_chromium(const std::string& option) {
  if (const char* env = std::getenv("SRTDOSE_CHROMIUM"); env && *env) {
    if (::access(env, X_OK) != 0)
      throw InputError(option + ": SRTDOSE_CHROMIUM=" + env + " is not an executable");
    return env;
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
      const std::size_t end = std::min(dirs.find(':', start), dirs.size());
      const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
      if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate;
      start = end + 1;
    }
  }
  throw InputError(option +
                   ": needs headless Chromium (Debian: apt-get install chromium), or "
                   "SRTDOSE_CHROMIUM naming its executable");
}

void print_pdf(const fs::path& chromium, const fs::path& html, const fs::path& pdf,
               double timeout_s) {
  AtomicOutput out(pdf);
  fs::remove(out.temp_path());
  const std::vector<std::string> args{chromium.string(),
                                      "--headless=new",
                                      "--no-sandbox",
                                      "--disable-gpu",
                                      "--no-pdf-header-footer",
                                      "--print-to-pdf=" + out.temp_path().string(),
                                      "file://" + fs::absolute(html).string()};
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // Chromium's own chatter goes nowhere: the report says what matters.
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw IoError(pdf.string() + ": could not start " + chromium.string());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) throw IoError(pdf.string() + ": lost the Chromium process");
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      throw IoError(pdf.string() + ": Chromium took longer than " +
                    std::to_string(static_cast<int>(timeout_s)) + " s to print " + html.string());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::error_code ec;
  const auto size = fs::file_size(out.temp_path(), ec);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || ec || size == 0)
    throw IoError(pdf.string() + ": Chromium did not print " + html.string() + " (exit " +
                  std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  out.commit();
}

}  // namespace srtdose
