#include "host/core/grid3.h"

#include <cmath>
#include <sstream>

#include "host/core/error.h"
#include "host/core/limits.h"
#include "host/core/memory_budget.h"

namespace srtdose {

Grid3::Grid3(std::array<int, 3> dims, Vec3 spacing_mm, Vec3 origin_mm)
    : dims_(dims), spacing_mm_(spacing_mm), origin_mm_(origin_mm) {
  static const char* axis_name[3] = {"x", "y", "z"};
  for (int a = 0; a < 3; ++a) {
    if (dims_[a] < 1) {
      throw InputError(std::string("grid: dimension along ") + axis_name[a] +
                       " must be >= 1, got " + std::to_string(dims_[a]));
    }
    if (!std::isfinite(spacing_mm_[a]) || spacing_mm_[a] <= 0) {
      throw InputError(std::string("grid: voxel size along ") + axis_name[a] +
                       " must be finite and > 0 mm");
    }
    if (!std::isfinite(origin_mm_[a])) {
      throw InputError(std::string("grid: origin along ") + axis_name[a] + " must be finite");
    }
  }
}

Grid3 Grid3::covering(const Box3& box, Vec3 spacing_mm, const std::string& what) {
  static const char* axis_name[3] = {"x", "y", "z"};
  std::array<int, 3> dims{};
  Vec3 origin;
  for (int a = 0; a < 3; ++a) {
    const double s = spacing_mm[a];
    if (!std::isfinite(s) || s <= 0) {
      throw InputError(what + ": voxel size along " + axis_name[a] + " must be > 0 mm");
    }
    const double extent = box.max_mm[a] - box.min_mm[a];
    if (!std::isfinite(extent) || extent <= 0) {
      throw InputError(what + ": extent along " + axis_name[a] + " must have min < max");
    }
    const double n = extent / s;
    const double n_round = std::round(n);
    if (std::abs(n - n_round) > 1e-6 * std::max(1.0, n)) {
      std::ostringstream msg;
      msg << what << ": extent along " << axis_name[a] << " (" << extent
          << " mm) is not a whole number of " << s << " mm voxels (" << n << ")";
      throw InputError(msg.str());
    }
    if (n_round > 1e6) {
      throw InputError(what + ": more than a million voxels along " + axis_name[a]);
    }
    dims[a] = static_cast<int>(n_round);
    origin[a] = box.min_mm[a] + 0.5 * s;
  }
  std::ostringstream grid;
  grid << what << ": a grid of " << dims[0] << " x " << dims[1] << " x " << dims[2] << " voxels";
  check_memory(grid.str(), double(dims[0]) * dims[1] * dims[2], kWorkingBytesPerVoxel);
  return Grid3(dims, spacing_mm, origin);
}

void check_image_geometry(const Vec3& spacing_mm, const Vec3& origin_mm, const std::string& what) {
  static const char* axis_name[3] = {"x", "y", "z"};
  for (int a = 0; a < 3; ++a) {
    std::ostringstream msg;
    if (!(spacing_mm[a] >= kMinVoxelMm && spacing_mm[a] <= kMaxVoxelMm))
      msg << what << ": invalid geometry: voxel size along " << axis_name[a] << " is "
          << spacing_mm[a] << " mm, not in [" << kMinVoxelMm << ", " << kMaxVoxelMm << "] mm";
    else if (!(std::abs(origin_mm[a]) <= kMaxPatientCoordinateMm))
      msg << what << ": invalid geometry: origin along " << axis_name[a] << " is " << origin_mm[a]
          << " mm, beyond +-" << kMaxPatientCoordinateMm << " mm";
    else
      continue;
    throw IoError(msg.str());
  }
}

Box3 Grid3::bounds_mm() const {
  Box3 b;
  for (int a = 0; a < 3; ++a) {
    b.min_mm[a] = origin_mm_[a] - 0.5 * spacing_mm_[a];
    b.max_mm[a] = origin_mm_[a] + (dims_[a] - 0.5) * spacing_mm_[a];
  }
  return b;
}

bool Grid3::contains(const Vec3& p_mm) const {
  const Box3 b = bounds_mm();
  return p_mm.x >= b.min_mm.x && p_mm.x <= b.max_mm.x && p_mm.y >= b.min_mm.y &&
         p_mm.y <= b.max_mm.y && p_mm.z >= b.min_mm.z && p_mm.z <= b.max_mm.z;
}

}  // namespace srtdose
