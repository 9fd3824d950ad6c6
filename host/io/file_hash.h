// SHA-256 of input files (OpenSSL), for the provenance of reports: what exactly was checked.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace srtdose {

/// Lower-case hex SHA-256 of the file's bytes. Throws IoError naming the file when it cannot
/// be read.
std::string sha256_file(const std::filesystem::path& file);

/// SHA-256 of several files' bytes, in the order given (a CT series as one digest).
std::string sha256_files(const std::vector<std::filesystem::path>& files);

}  // namespace srtdose
