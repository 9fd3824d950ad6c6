#include "host/core/memory_budget.h"

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "host/core/error.h"

namespace srtdose {

namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr double kDefaultGiB = 4.0;
/// 0: not set yet (read the environment on first use).
std::atomic<std::uint64_t> g_budget{0};

std::uint64_t to_bytes(double gib, const std::string& where) {
  if (!(gib > 0 && gib <= 1.0e6)) {
    std::ostringstream msg;
    msg << where << ": the memory budget must be in (0, 1e6] GiB, got " << gib;
    throw InputError(msg.str());
  }
  return static_cast<std::uint64_t>(gib * kGiB);
}

}  // namespace

std::uint64_t memory_budget_bytes() {
  std::uint64_t b = g_budget.load();
  if (b != 0) return b;
  double gib = kDefaultGiB;
  if (const char* env = std::getenv("SRTDOSE_MAX_MEMORY_GB")) {
    char* end = nullptr;
    gib = std::strtod(env, &end);
    if (end == env || *end != '\0') gib = std::nan("");
  }
  b = to_bytes(gib, "SRTDOSE_MAX_MEMORY_GB");
  g_budget.store(b);
  return b;
}

void set_memory_budget_gb(double gib) {
  g_budget.store(to_bytes(gib, "--max-memory-gb"));
}

void check_memory(const std::string& what, double count, double bytes_each) {
  const double need = count * bytes_each;
  const double budget = static_cast<double>(memory_budget_bytes());
  if (std::isfinite(need) && need >= 0 && need <= budget) return;
  std::ostringstream msg;
  msg.precision(3);
  msg << what << ": needs about ";
  if (std::isfinite(need))
    msg << need / kGiB << " GiB";
  else
    msg << "an unbounded amount of memory";
  msg << " (" << count << " x " << bytes_each << " bytes), more than the memory budget of "
      << budget / kGiB << " GiB (--max-memory-gb or SRTDOSE_MAX_MEMORY_GB raise it)";
  throw InputError(msg.str());
}

}  // namespace srtdose
