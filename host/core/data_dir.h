// Where srtdose's data files are (constraint sets, alpha/beta tables, machines): the
// SRTDOSE_DATA_DIR environment variable, else the folder configured at build time.
#pragma once

#include <filesystem>

namespace srtdose {

std::filesystem::path data_dir();

}  // namespace srtdose
