#include "host/core/data_dir.h"

#include <cstdlib>

#include "srtdose/config.h"

namespace srtdose {

std::filesystem::path data_dir() {
  if (const char* env = std::getenv("SRTDOSE_DATA_DIR"); env && *env) return env;
  return SRTDOSE_DATA_DIR;
}

}  // namespace srtdose
