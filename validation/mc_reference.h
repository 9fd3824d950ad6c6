// Reading the Monte Carlo references of validation/reference/mc: the tables (<case>_cax.txt,
// <case>_prof10.txt: '#' comment lines, then whitespace-separated columns) and the 3D doses
// (<case>.json geometry, <case>.h5 float32 dose and unc; README there). Shared by the
// validation program and the tests.
#pragma once

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/core/volume.h"
#include "host/io/hdf5_file.h"

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

/// A case's 3D Monte Carlo dose (<case>.json, datasets dose and unc of <case>.h5): Gy per
/// incident photon and relative 1-sigma, C order (z, y, x) with x fastest; MC coordinates (cm).
struct McDose {
  int nx = 0, ny = 0, nz = 0;
  std::vector<double> x_bounds_cm, y_bounds_cm, z_bounds_cm, dose, unc;
  std::size_t index(int i, int j, int k) const {
    return (static_cast<std::size_t>(k) * ny + j) * nx + i;
  }
  /// Index of the voxel whose x (or y) range contains 0: the central axis.
  int axis_x() const { return axis_index(x_bounds_cm); }
  int axis_y() const { return axis_index(y_bounds_cm); }

 private:
  static int axis_index(const std::vector<double>& b) {
    for (std::size_t i = 0; i + 1 < b.size(); ++i)
      if (b[i] <= 0 && b[i + 1] > 0) return static_cast<int>(i);
    throw std::runtime_error("Monte Carlo dose: no voxel on the central axis");
  }
};

inline McDose read_mc_dose(const std::filesystem::path& mc_dir, const std::string& name) {
  std::ifstream in(mc_dir / (name + ".json"));
  if (!in) throw std::runtime_error("cannot read " + (mc_dir / (name + ".json")).string());
  const nlohmann::json j = nlohmann::json::parse(in);
  McDose d;
  d.nx = j.at("nx"), d.ny = j.at("ny"), d.nz = j.at("nz");
  d.x_bounds_cm = j.at("x_bounds_cm").get<std::vector<double>>();
  d.y_bounds_cm = j.at("y_bounds_cm").get<std::vector<double>>();
  d.z_bounds_cm = j.at("z_bounds_cm").get<std::vector<double>>();
  const H5File file = H5File::open_read(mc_dir / (name + ".h5"));
  const std::vector<std::size_t> want{static_cast<std::size_t>(d.nz),
                                      static_cast<std::size_t>(d.ny),
                                      static_cast<std::size_t>(d.nx)};
  for (auto [dataset, values] : {std::pair{"dose", &d.dose}, std::pair{"unc", &d.unc}}) {
    std::vector<std::size_t> dims;
    *values = file.read_array(dataset, dims);
    if (dims != want)
      throw std::runtime_error(file.path().string() + ": /" + dataset +
                               " does not have the shape nz x ny x nx of " + name + ".json");
  }
  return d;
}

/// Mean dose of the 3 x 3 voxels around the central axis at depth index k, and its relative
/// 1-sigma (independent voxels).
inline std::pair<double, double> axis_mean_3x3(const McDose& d, int k) {
  double sum = 0, var = 0;
  for (int dj = -1; dj <= 1; ++dj)
    for (int di = -1; di <= 1; ++di) {
      const std::size_t v = d.index(d.axis_x() + di, d.axis_y() + dj, k);
      sum += d.dose[v];
      var += d.dose[v] * d.unc[v] * d.dose[v] * d.unc[v];
    }
  return {sum / 9, sum > 0 ? std::sqrt(var) / sum : 0.0};
}

/// Depth-dose deviations engine / Monte Carlo - 1 at depth indices from..to (inclusive), both
/// normalised to their mean over indices norm - half .. norm + half (a window, so the Monte
/// Carlo noise of one voxel does not shift every deviation).
inline std::vector<double> depth_dose_deviation(const std::vector<double>& engine,
                                                const std::vector<double>& mc, int norm, int half,
                                                int from, int to) {
  double en = 0, mn = 0;
  for (int j = norm - half; j <= norm + half; ++j) en += engine.at(j), mn += mc.at(j);
  std::vector<double> d;
  for (int j = from; j <= to && j < static_cast<int>(mc.size()); ++j)
    d.push_back((engine[j] / en) / (mc[j] / mn) - 1);
  return d;
}

/// The p-quantile (0..1) of |x| (nearest rank).
inline double abs_percentile(std::vector<double> x, double p) {
  if (x.empty()) return 0;
  for (double& v : x) v = std::abs(v);
  std::sort(x.begin(), x.end());
  const std::size_t k = static_cast<std::size_t>(std::ceil(p * x.size()));
  return x[std::min(x.size(), std::max<std::size_t>(k, 1)) - 1];
}

/// Mean of an engine's dose over the 3 x 3 voxels around the axis of the Monte Carlo cases
/// (beam along +y: the x-z centre of depth row j).
inline double axis_mean_3x3(const Volume<float>& d, int j) {
  const Grid3& g = d.grid();
  double sum = 0;
  for (int dk = -1; dk <= 1; ++dk)
    for (int di = -1; di <= 1; ++di) sum += d.at(g.nx() / 2 + di, j, g.nz() / 2 + dk);
  return sum / 9;
}

}  // namespace srtdose::validation
