#include "host/engine/fan_depth.h"

#include <algorithm>
#include <cmath>

#include "kernels/common/launch_cpu.h"

namespace srtdose {

FanDepthView FanDepthMap::layout(const Grid3& g, const BeamFrame& frame, double u0, double u1,
                                 double v0, double v1, double step) {
  const Vec3 sp = g.spacing_mm();
  FanDepthView v;
  v.step = step;
  v.dz = 0.25 * std::min({sp.x, sp.y, sp.z});
  // Lines on multiples of the step: the same lines for any box that contains them.
  v.u0 = std::floor(u0 / step) * step, v.v0 = std::floor(v0 / step) * step;
  v.nu = std::max(2, static_cast<int>(std::ceil((u1 - v.u0) / step)) + 1);
  v.nv = std::max(2, static_cast<int>(std::ceil((v1 - v.v0) / step)) + 1);
  // The grid's extent along the axis (its corners), a sample's margin either side.
  const Box3 box = g.bounds_mm();
  double z_lo = 1e300, z_hi = -1e300;
  for (int c = 0; c < 8; ++c) {
    const Vec3 p{c & 1 ? box.max_mm.x : box.min_mm.x, c & 2 ? box.max_mm.y : box.min_mm.y,
                 c & 4 ? box.max_mm.z : box.min_mm.z};
    const double z = frame.to_bev(p).z;
    z_lo = std::min(z_lo, z), z_hi = std::max(z_hi, z);
  }
  v.z0 = std::max(1.0, z_lo - v.dz);
  v.nz = std::max(2, static_cast<int>(std::ceil((z_hi + v.dz - v.z0) / v.dz)) + 1);
  return v;
}

FanDepthMap::FanDepthMap(const Volume<float>& rho, const BeamFrame& frame, double u0, double u1,
                         double v0, double v1, double step)
    : FanDepthMap(rho, frame, layout(rho.grid(), frame, u0, u1, v0, v1, step)) {}

FanDepthMap::FanDepthMap(const Volume<float>& rho, const BeamFrame& frame,
                         const FanDepthView& lines)
    : layout_(lines) {
  layout_.depth = nullptr;
  depth_.assign(static_cast<std::size_t>(layout_.line_count()) * layout_.nz, 0.0f);
  const GridView g = rho.grid().view();
  const BevFrame f = frame.view();
  launch_cpu(layout_.line_count(), FanTraceExecutor{layout_, f, g, rho.data(), depth_.data()}, 16);
}

}  // namespace srtdose
