// Beam's-eye-view coordinates of a beam (source, central axis, beam-limiting-device axes), shared
// by the CPU and CUDA paths of the pencil beam.
#pragma once

#include <type_traits>

#include "kernels/common/hd.h"
#include "kernels/common/vec3.h"

namespace srtdose {

struct BevFrame {
  Vec3 source_mm;
  Vec3 axis;   ///< central-axis direction, from the source towards the isocentre
  Vec3 bld_x;  ///< IEC beam-limiting-device X axis
  Vec3 bld_y;  ///< IEC beam-limiting-device Y axis
  double sad_mm = 1000.0;

  /// x and y projected to the isocentre plane (mm), z = distance from the source along the
  /// central axis (mm).
  SRTDOSE_HD_INLINE Vec3 to_bev(Vec3 p_mm) const {
    const Vec3 d = p_mm - source_mm;
    const double t = dot(d, axis);
    return {dot(d, bld_x) * sad_mm / t, dot(d, bld_y) * sad_mm / t, t};
  }
  SRTDOSE_HD_INLINE Vec3 from_bev(Vec3 bev) const {
    const double scale = bev.z / sad_mm;
    return source_mm + bev.z * axis + (bev.x * scale) * bld_x + (bev.y * scale) * bld_y;
  }
};

static_assert(std::is_trivially_copyable_v<BevFrame>);

}  // namespace srtdose
