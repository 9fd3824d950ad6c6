// Reading a JSON document from a file with errors that name the file.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace srtdose {

/// The parsed document. Throws IoError "<file>: cannot open <what>" when the file cannot be
/// read and InputError "<file>: invalid JSON: ..." when it does not parse.
nlohmann::json read_json_file(const std::filesystem::path& file, const std::string& what);

}  // namespace srtdose
