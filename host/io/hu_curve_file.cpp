#include "host/io/hu_curve_file.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "host/core/error.h"

namespace srtdose {

namespace {

std::vector<std::string> tokens(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == ',' || c == ';' || c == '\t' || c == ' ' || c == '\r') {
      if (!cur.empty()) out.push_back(cur), cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

bool number(const std::string& s, double& v) {
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return end && *end == '\0' && end != s.c_str() && std::isfinite(v);
}

}  // namespace

HuCalibration read_hu_curve(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string() + ": cannot read the HU curve");
  std::vector<std::pair<double, double>> points;
  std::string line;
  int n = 0;
  bool data_seen = false;
  while (std::getline(in, line)) {
    ++n;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    const std::vector<std::string> t = tokens(line);
    if (t.empty()) continue;
    double hu = 0, rho = 0;
    const bool ok = t.size() >= 2 && number(t[t.size() - 2], hu) && number(t.back(), rho);
    if (!ok) {
      if (!data_seen && points.empty()) {
        data_seen = true;  // a header
        continue;
      }
      throw InputError(file.string() + ": line " + std::to_string(n) +
                       ": expected HU and mass density (g/cm3) as the last two numbers");
    }
    data_seen = true;
    if (!(rho > 0))
      throw InputError(file.string() + ": line " + std::to_string(n) + ": density " +
                       std::to_string(rho) + " g/cm3; densities must be > 0 (air: 0.0012)");
    points.emplace_back(hu, rho);
  }
  return HuCalibration(points, file.string());
}

}  // namespace srtdose
