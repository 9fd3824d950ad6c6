// A rigid transform between two patient frames (mm): p_to = R p_from + t, as a 4 x 4 matrix in
// the DICOM convention (Frame of Reference Transformation Matrix, PS3.3 C.20.2.1.1: row-major,
// last row 0 0 0 1, applied to column vectors).
#pragma once

#include <array>
#include <string>

#include "kernels/common/vec3.h"

namespace srtdose {

class RigidTransform {
 public:
  /// The identity (same frame of reference).
  RigidTransform();
  /// From 16 row-major values. Throws InputError naming `what` unless the upper 3 x 3 block is
  /// a rotation (orthonormal to 1e-4, determinant +1: no scaling, shear or mirroring) and the
  /// last row is 0 0 0 1.
  static RigidTransform from_matrix(const std::array<double, 16>& rows, const std::string& what);

  Vec3 apply(const Vec3& p_mm) const;
  RigidTransform inverse() const;
  /// This after other: p -> this(other(p)).
  RigidTransform after(const RigidTransform& other) const;

  bool is_identity(double tolerance = 1e-9) const;
  /// Rotation angle (degrees) and translation length (mm), for reports.
  double rotation_deg() const;
  double translation_mm() const;
  const std::array<double, 16>& matrix() const { return m_; }

 private:
  std::array<double, 16> m_;
};

}  // namespace srtdose
