#include "host/engine/beam_data_cache.h"

#include <map>
#include <mutex>
#include <system_error>

namespace srtdose {

namespace {

struct Entry {
  std::uintmax_t size = 0;
  std::filesystem::file_time_type modified;
  std::shared_ptr<const void> data;
};

std::mutex& cache_mutex() {
  static std::mutex m;
  return m;
}

std::map<std::string, Entry>& cache() {
  static std::map<std::string, Entry> c;
  return c;
}

}  // namespace

namespace detail {

std::shared_ptr<const void> cached(const std::filesystem::path& file, const std::string& params,
                                   const std::function<std::shared_ptr<const void>()>& load) {
  std::error_code ec;
  const std::filesystem::path canonical = std::filesystem::weakly_canonical(file, ec);
  const std::string key = (ec ? file : canonical).string() + "|" + params;
  const std::uintmax_t size = std::filesystem::file_size(file, ec);
  const auto modified = std::filesystem::last_write_time(file, ec);
  if (ec) return load();  // the loader reports the missing or unreadable file
  // Loading under the lock: two threads asking for the same machine load it once.
  const std::lock_guard<std::mutex> lock(cache_mutex());
  Entry& e = cache()[key];
  if (!e.data || e.size != size || e.modified != modified) {
    e.data.reset();
    e.data = load();
    e.size = size;
    e.modified = modified;
  }
  return e.data;
}

}  // namespace detail

void clear_beam_data_cache() {
  const std::lock_guard<std::mutex> lock(cache_mutex());
  cache().clear();
}

}  // namespace srtdose
