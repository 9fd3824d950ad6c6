// Small text helpers shared by the CLI tables.
#pragma once

#include <cmath>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include "host/util/number_format.h"

namespace srtdose::cli {

/// Items of comma-separated lists, empty items dropped.
inline std::vector<std::string> split_list(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& item : items) {
    std::stringstream in(item);
    std::string s;
    while (std::getline(in, s, ','))
      if (!s.empty()) out.push_back(s);
  }
  return out;
}

}  // namespace srtdose::cli
