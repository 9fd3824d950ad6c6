// Regular axis-aligned voxel grid in patient coordinates (DICOM LPS, mm).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "kernels/common/grid_view.h"
#include "kernels/common/vec3.h"

namespace srtdose {

/// Box in patient coordinates, given by its voxel-edge limits (mm).
struct Box3 {
  Vec3 min_mm, max_mm;
};

/// A regular grid: dims, spacing and origin (centre of the first voxel). Memory order x fastest.
class Grid3 {
 public:
  Grid3() = default;
  /// Throws InputError when a dimension is < 1 or a spacing is not finite and > 0.
  Grid3(std::array<int, 3> dims, Vec3 spacing_mm, Vec3 origin_mm);

  /// The grid whose voxel edges cover box exactly; throws InputError (naming `what`) when an
  /// extent is not a whole number of voxels (to 1e-6 of a voxel).
  static Grid3 covering(const Box3& box, Vec3 spacing_mm, const std::string& what);

  int nx() const { return dims_[0]; }
  int ny() const { return dims_[1]; }
  int nz() const { return dims_[2]; }
  const std::array<int, 3>& dims() const { return dims_; }
  std::int64_t size() const { return static_cast<std::int64_t>(dims_[0]) * dims_[1] * dims_[2]; }
  const Vec3& spacing_mm() const { return spacing_mm_; }
  const Vec3& origin_mm() const { return origin_mm_; }
  double voxel_volume_cm3() const { return spacing_mm_.x * spacing_mm_.y * spacing_mm_.z * 1e-3; }

  std::int64_t index(int i, int j, int k) const {
    return (static_cast<std::int64_t>(k) * dims_[1] + j) * dims_[0] + i;
  }
  /// Centre of voxel (i, j, k) in mm.
  Vec3 position_mm(int i, int j, int k) const {
    return {origin_mm_.x + i * spacing_mm_.x, origin_mm_.y + j * spacing_mm_.y,
            origin_mm_.z + k * spacing_mm_.z};
  }
  /// Continuous voxel index of a point (voxel centres at integers).
  Vec3 continuous_index(const Vec3& p_mm) const {
    return {(p_mm.x - origin_mm_.x) / spacing_mm_.x, (p_mm.y - origin_mm_.y) / spacing_mm_.y,
            (p_mm.z - origin_mm_.z) / spacing_mm_.z};
  }
  /// The outer box of the grid (voxel edges).
  Box3 bounds_mm() const;
  bool contains(const Vec3& p_mm) const;

  GridView view() const { return GridView{dims_[0], dims_[1], dims_[2], origin_mm_, spacing_mm_}; }

  bool operator==(const Grid3& o) const = default;

 private:
  std::array<int, 3> dims_{0, 0, 0};
  Vec3 spacing_mm_{1, 1, 1};
  Vec3 origin_mm_{0, 0, 0};
};

/// The geometry of an image read from a file (an HDF5 volume, a DICOM CT or RT Dose): voxel
/// sizes in [0.01, 500] mm and an origin within +-10 m (host/core/limits.h). Throws IoError
/// "<what>: ..." otherwise.
void check_image_geometry(const Vec3& spacing_mm, const Vec3& origin_mm, const std::string& what);

}  // namespace srtdose
