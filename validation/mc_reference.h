// Reading the Monte Carlo reference tables of ../shared/reference/mc (<case>_cax.txt,
// <case>_prof10.txt): '#' comment lines, then whitespace-separated columns (README there).
// Shared by the validation program and the tests.
#pragma once

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace srtdose::validation {

/// The rows of a table; a non-numeric column (the medium name) reads as NaN.
inline std::vector<std::vector<double>> read_mc_table(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read Monte Carlo reference " + p.string());
  std::vector<std::vector<double>> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream s(line);
    std::vector<double> row;
    for (std::string tok; s >> tok;) {
      try {
        row.push_back(std::stod(tok));
      } catch (const std::exception&) {
        row.push_back(NAN);
      }
    }
    rows.push_back(row);
  }
  return rows;
}

/// Columns of <case>_cax.txt: z_center_cm, z_lo, z_hi, medium, density, dose, rel_unc, pct.
inline constexpr int kCaxDepth = 0, kCaxDose = 5, kCaxUnc = 6;
/// Columns of <case>_prof10.txt: lo, hi, centre (cm), Dx, relunc_x, pct_x, Dy, relunc_y, pct_y.
inline constexpr int kProfLo = 0, kProfHi = 1, kProfCentre = 2, kProfDose = 3, kProfUnc = 4;

}  // namespace srtdose::validation
