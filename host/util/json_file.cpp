#include "host/util/json_file.h"

#include <fstream>

#include "host/core/error.h"

namespace srtdose {

nlohmann::json read_json_file(const std::filesystem::path& file, const std::string& what) {
  std::ifstream in(file);
  if (!in) throw IoError(file.string() + ": cannot open " + what);
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    const std::string msg = e.what();
    const auto pos = msg.find("parse error");
    throw InputError(file.string() +
                     ": invalid JSON: " + (pos == std::string::npos ? msg : msg.substr(pos)));
  }
}

}  // namespace srtdose
