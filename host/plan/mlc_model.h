// Multi-leaf collimator leaf geometry (leaf widths projected to the isocentre plane).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace srtdose {

enum class MlcModel { HD120, Millennium120, Agility160 };

/// Leaf-pair geometry of an MLC model along the IEC beam-limiting-device y axis.
struct MlcGeometry {
  MlcModel model;
  std::string_view name;              ///< plan name: "hd120", "millennium120", "agility160"
  std::vector<double> boundaries_mm;  ///< n_pairs + 1 leaf edges at the isocentre, increasing y
  int pairs() const { return static_cast<int>(boundaries_mm.size()) - 1; }
  double width_mm(int pair) const { return boundaries_mm[pair + 1] - boundaries_mm[pair]; }
};

/// Built-in MLC geometry. Leaf widths at the isocentre from the vendors' specifications:
/// Varian HD120: 14 x 5 mm, 32 x 2.5 mm, 14 x 5 mm (220 mm); Varian Millennium 120:
/// 10 x 10 mm, 40 x 5 mm, 10 x 10 mm (400 mm); Elekta Agility: 80 x 5 mm (400 mm).
const MlcGeometry& mlc_geometry(MlcModel model);

/// The model of a plan name; throws InputError listing the known names when unknown.
MlcModel mlc_model_by_name(std::string_view name, const std::string& where);

}  // namespace srtdose
