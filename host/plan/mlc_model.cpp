#include "host/plan/mlc_model.h"

#include "host/core/error.h"

namespace srtdose {

namespace {

std::vector<double> symmetric_bank(std::initializer_list<std::pair<int, double>> groups) {
  double total = 0;
  for (auto [n, w] : groups) total += n * w;
  std::vector<double> edges{-0.5 * total};
  for (auto [n, w] : groups) {
    for (int i = 0; i < n; ++i) edges.push_back(edges.back() + w);
  }
  return edges;
}

const MlcGeometry& geometry_table(int i) {
  static const MlcGeometry table[3] = {
      {MlcModel::HD120, "hd120", symmetric_bank({{14, 5.0}, {32, 2.5}, {14, 5.0}})},
      {MlcModel::Millennium120, "millennium120",
       symmetric_bank({{10, 10.0}, {40, 5.0}, {10, 10.0}})},
      {MlcModel::Agility160, "agility160", symmetric_bank({{80, 5.0}})},
  };
  return table[i];
}

}  // namespace

const MlcGeometry& mlc_geometry(MlcModel model) {
  return geometry_table(static_cast<int>(model));
}

MlcModel mlc_model_by_name(std::string_view name, const std::string& where) {
  for (int i = 0; i < 3; ++i) {
    if (geometry_table(i).name == name) return geometry_table(i).model;
  }
  throw InputError(where + ": unknown MLC model \"" + std::string(name) +
                   "\" (known: hd120, millennium120, agility160)");
}

}  // namespace srtdose
