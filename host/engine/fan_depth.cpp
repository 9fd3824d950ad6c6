#include "host/engine/fan_depth.h"

#include <algorithm>
#include <cmath>

namespace srtdose {

FanDepthMap::FanDepthMap(const Volume<float>& rho, const BeamFrame& frame, double u0, double u1,
                         double v0, double v1, double step) {
  const Grid3& g = rho.grid();
  const Vec3 sp = g.spacing_mm();
  step_ = step;
  dz_ = 0.25 * std::min({sp.x, sp.y, sp.z});
  // Lines on multiples of the step: the same lines for any box that contains them.
  u0_ = std::floor(u0 / step) * step, v0_ = std::floor(v0 / step) * step;
  nu_ = std::max(2, static_cast<int>(std::ceil((u1 - u0_) / step)) + 1);
  nv_ = std::max(2, static_cast<int>(std::ceil((v1 - v0_) / step)) + 1);
  // The grid's extent along the axis (its corners), a sample's margin either side.
  const Box3 box = g.bounds_mm();
  double z_lo = 1e300, z_hi = -1e300;
  for (int c = 0; c < 8; ++c) {
    const Vec3 p{c & 1 ? box.max_mm.x : box.min_mm.x, c & 2 ? box.max_mm.y : box.min_mm.y,
                 c & 4 ? box.max_mm.z : box.min_mm.z};
    const double z = frame.to_bev(p).z;
    z_lo = std::min(z_lo, z), z_hi = std::max(z_hi, z);
  }
  z0_ = std::max(1.0, z_lo - dz_);
  nz_ = std::max(2, static_cast<int>(std::ceil((z_hi + dz_ - z0_) / dz_)) + 1);
  depth_.assign(static_cast<std::size_t>(nu_) * nv_ * nz_, 0.0f);
#pragma omp parallel for collapse(2) schedule(static)
  for (int jv = 0; jv < nv_; ++jv)
    for (int iu = 0; iu < nu_; ++iu) {
      const double u = u0_ + iu * step_, v = v0_ + jv * step_;
      // Path length per unit of axis distance along this line.
      const Vec3 at_iso = frame.from_bev({u, v, frame.sad_mm});
      const double stretch = norm(at_iso - frame.source_mm) / frame.sad_mm;
      float* out = &depth_[(static_cast<std::size_t>(jv) * nu_ + iu) * nz_];
      double d = 0;
      out[0] = 0;
      for (int q = 1; q < nz_; ++q) {
        const Vec3 mid = frame.from_bev({u, v, z0_ + (q - 0.5) * dz_});
        const Vec3 c = g.continuous_index(mid);
        const int i = static_cast<int>(std::lround(c.x)), j = static_cast<int>(std::lround(c.y)),
                  k = static_cast<int>(std::lround(c.z));
        if (i >= 0 && j >= 0 && k >= 0 && i < g.nx() && j < g.ny() && k < g.nz())
          d += rho.at(i, j, k) * dz_ * stretch;
        out[q] = static_cast<float>(d);
      }
    }
}

double FanDepthMap::depth_mm(const Vec3& bev) const {
  auto split = [](double f, int n, int& i, double& t) {
    f = std::clamp(f, 0.0, n - 1.0);
    i = std::min(static_cast<int>(f), n - 2);
    t = f - i;
  };
  int iu = 0, jv = 0, kz = 0;
  double tu = 0, tv = 0, tz = 0;
  split((bev.x - u0_) / step_, nu_, iu, tu);
  split((bev.y - v0_) / step_, nv_, jv, tv);
  split((bev.z - z0_) / dz_, nz_, kz, tz);
  auto line = [&](int a, int b) {
    const float* p = &depth_[(static_cast<std::size_t>(b) * nu_ + a) * nz_ + kz];
    return (1 - tz) * p[0] + tz * p[1];
  };
  return (1 - tv) * ((1 - tu) * line(iu, jv) + tu * line(iu + 1, jv)) +
         tv * ((1 - tu) * line(iu, jv + 1) + tu * line(iu + 1, jv + 1));
}

}  // namespace srtdose
