// Radiological depth along the fan lines of one beam, traced once on a lattice of lines through
// the isocentre plane and interpolated at the voxels (the pencil beam and its dose-influence
// matrix; the collapsed cone's TERMA traces every voxel exactly).
#pragma once

#include <vector>

#include "host/core/volume.h"
#include "host/geometry/iec61217.h"
#include "kernels/common/fan_depth_view.h"

namespace srtdose {

class FanDepthMap {
 public:
  /// Lines through the isocentre-plane box [u0, u1] x [v0, v1] (mm, beam-limiting-device axes)
  /// at the multiples of step_mm, sampled every step_mm / 4 along the central axis over the grid's
  /// extent; the density of the voxel each sample falls in (0 outside the grid).
  FanDepthMap(const Volume<float>& density_g_cm3, const BeamFrame& frame, double u0, double u1,
              double v0, double v1, double step_mm);
  /// The lines of a layout (from layout()).
  FanDepthMap(const Volume<float>& density_g_cm3, const BeamFrame& frame,
              const FanDepthView& layout);
  /// The lattice of lines and samples FanDepthMap traces (depth left null), for a tracer
  /// elsewhere (the CUDA path).
  static FanDepthView layout(const Grid3& grid, const BeamFrame& frame, double u0, double u1,
                             double v0, double v1, double step_mm);
  /// Radiological depth (mm of water) from the source to a beam's-eye-view point (x, y at the
  /// isocentre plane, z along the axis): trilinear between lines and samples.
  double depth_mm(const Vec3& bev) const { return view().depth_mm(bev); }
  FanDepthView view() const {
    FanDepthView v = layout_;
    v.depth = depth_.data();
    return v;
  }

 private:
  FanDepthView layout_;
  std::vector<float> depth_;  ///< [(v * nu + u) * nz + z]
};

}  // namespace srtdose
