// Radiological depth along the fan lines of one beam (host/engine/fan_depth.h): the trace of one
// line and the trilinear lookup, shared by the CPU and CUDA paths of the pencil beam.
#pragma once

#include <cstdint>
#include <type_traits>

#include "kernels/common/bev_frame.h"
#include "kernels/common/grid_view.h"
#include "kernels/common/hd.h"

namespace srtdose {

/// Lines through the isocentre plane at (u0 + iu step, v0 + jv step), sampled along the central
/// axis at z0 + q dz; depth[(jv * nu + iu) * nz + q] is the water-equivalent depth (mm) there.
struct FanDepthView {
  const float* depth = nullptr;
  int nu = 0, nv = 0, nz = 0;
  double u0 = 0, v0 = 0, z0 = 0, step = 1, dz = 1;

  SRTDOSE_HD_INLINE std::int64_t line_count() const { return static_cast<std::int64_t>(nu) * nv; }

  /// Radiological depth (mm) at a beam's-eye-view point: trilinear between lines and samples,
  /// clamped to the lattice.
  SRTDOSE_HD_INLINE double depth_mm(Vec3 bev) const {
    int iu = 0, jv = 0, kz = 0;
    double tu = 0, tv = 0, tz = 0;
    split((bev.x - u0) / step, nu, iu, tu);
    split((bev.y - v0) / step, nv, jv, tv);
    split((bev.z - z0) / dz, nz, kz, tz);
    auto line = [&](int a, int b) {
      const float* p = depth + (static_cast<std::int64_t>(b) * nu + a) * nz + kz;
      return (1 - tz) * p[0] + tz * p[1];
    };
    return (1 - tv) * ((1 - tu) * line(iu, jv) + tu * line(iu + 1, jv)) +
           tv * ((1 - tu) * line(iu, jv + 1) + tu * line(iu + 1, jv + 1));
  }

 private:
  SRTDOSE_HD_INLINE static void split(double f, int n, int& i, double& t) {
    f = f < 0 ? 0 : (f > n - 1.0 ? n - 1.0 : f);
    i = static_cast<int>(f);
    if (i > n - 2) i = n - 2;
    t = f - i;
  }
};

static_assert(std::is_trivially_copyable_v<FanDepthView>);

/// Traces line `line` (= jv * nu + iu) of v through the density grid: out[q] (nz values) is the
/// water-equivalent depth at sample q, each step adding the density of the voxel its midpoint
/// falls in (0 outside the grid) times the path length.
SRTDOSE_HD_INLINE void trace_fan_line(const FanDepthView& v, const BevFrame& frame,
                                      const GridView& g, const float* density_g_cm3,
                                      std::int64_t line, float* out) {
  const int iu = static_cast<int>(line % v.nu), jv = static_cast<int>(line / v.nu);
  const double u = v.u0 + iu * v.step, w = v.v0 + jv * v.step;
  // Path length per unit of axis distance along this line.
  const double stretch =
      norm(frame.from_bev({u, w, frame.sad_mm}) - frame.source_mm) / frame.sad_mm;
  double d = 0;
  out[0] = 0;
  for (int q = 1; q < v.nz; ++q) {
    const Vec3 mid = frame.from_bev({u, w, v.z0 + (q - 0.5) * v.dz});
    const int i = static_cast<int>(llround((mid.x - g.origin_mm.x) / g.spacing_mm.x));
    const int j = static_cast<int>(llround((mid.y - g.origin_mm.y) / g.spacing_mm.y));
    const int k = static_cast<int>(llround((mid.z - g.origin_mm.z) / g.spacing_mm.z));
    if (i >= 0 && j >= 0 && k >= 0 && i < g.nx && j < g.ny && k < g.nz)
      d += density_g_cm3[g.index(i, j, k)] * v.dz * stretch;
    out[q] = static_cast<float>(d);
  }
}

/// One thread per fan line: its depths into depth[line * v.nz ...].
struct FanTraceExecutor {
  FanDepthView v;
  BevFrame frame;
  GridView g;
  const float* density_g_cm3;
  float* depth;
  SRTDOSE_HD void operator()(std::int64_t line) const {
    trace_fan_line(v, frame, g, density_g_cm3, line, depth + line * v.nz);
  }
};

}  // namespace srtdose
