// Reading a JSON document strictly, with errors that name the file: malformed text, a number
// beyond double's range and a key given twice in one object are all InputErrors (RFC 8259
// leaves duplicate names undefined; a plan whose "mu" appears twice is ambiguous, not "last
// wins").
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace srtdose {

/// The parsed document. Throws IoError "<file>: cannot open <what>" when the file cannot be
/// read and InputError "<file>: invalid JSON: ..." when it does not parse strictly.
nlohmann::json read_json_file(const std::filesystem::path& file, const std::string& what);

/// The same rules for a text; `label` names it in errors.
nlohmann::json parse_json_text(const std::string& text, const std::string& label);

}  // namespace srtdose
