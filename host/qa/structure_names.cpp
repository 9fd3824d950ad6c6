#include "host/qa/structure_names.h"

#include <cctype>

namespace srtdose {

std::string normalise_structure_name(const std::string& name) {
  std::string out;
  for (unsigned char c : name)
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
  return out;
}

int match_structure(const std::vector<std::string>& names,
                    const std::vector<std::string>& aliases) {
  for (const std::string& alias : aliases) {
    const std::string a = normalise_structure_name(alias);
    for (std::size_t i = 0; i < names.size(); ++i)
      if (normalise_structure_name(names[i]) == a) return static_cast<int>(i);
  }
  return -1;
}

bool is_target_name(const std::string& name) {
  const std::string n = normalise_structure_name(name);
  for (const char* prefix : {"gtv", "ctv", "itv", "ptv"})
    if (n.rfind(prefix, 0) == 0) return true;
  return false;
}

}  // namespace srtdose
