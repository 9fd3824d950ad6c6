#include "host/geometry/rigid_transform.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "host/core/error.h"

namespace srtdose {

RigidTransform::RigidTransform() : m_{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1} {}

RigidTransform RigidTransform::from_matrix(const std::array<double, 16>& m,
                                           const std::string& what) {
  for (double v : m)
    if (!std::isfinite(v)) throw InputError(what + ": the matrix has a value that is not finite");
  if (std::abs(m[12]) > 1e-9 || std::abs(m[13]) > 1e-9 || std::abs(m[14]) > 1e-9 ||
      std::abs(m[15] - 1) > 1e-9)
    throw InputError(what + ": the last row of the matrix must be 0 0 0 1");
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) {
      double dot = 0;
      for (int k = 0; k < 3; ++k) dot += m[4 * k + a] * m[4 * k + b];
      if (std::abs(dot - (a == b ? 1.0 : 0.0)) > 1e-4)
        throw InputError(what +
                         ": the matrix is not rigid (its 3 x 3 block is not a rotation: scaling "
                         "or shear); only rigid registrations are supported");
    }
  const double det = m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8]) +
                     m[2] * (m[4] * m[9] - m[5] * m[8]);
  if (det < 0) throw InputError(what + ": the matrix mirrors (determinant -1); not a rigid motion");
  RigidTransform t;
  t.m_ = m;
  return t;
}

Vec3 RigidTransform::apply(const Vec3& p) const {
  return {m_[0] * p.x + m_[1] * p.y + m_[2] * p.z + m_[3],
          m_[4] * p.x + m_[5] * p.y + m_[6] * p.z + m_[7],
          m_[8] * p.x + m_[9] * p.y + m_[10] * p.z + m_[11]};
}

RigidTransform RigidTransform::inverse() const {
  // [R t]^-1 = [R^T  -R^T t]
  RigidTransform r;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) r.m_[4 * a + b] = m_[4 * b + a];
  for (int a = 0; a < 3; ++a)
    r.m_[4 * a + 3] = -(r.m_[4 * a] * m_[3] + r.m_[4 * a + 1] * m_[7] + r.m_[4 * a + 2] * m_[11]);
  return r;
}

RigidTransform RigidTransform::after(const RigidTransform& o) const {
  RigidTransform r;
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 4; ++b) {
      double s = 0;
      for (int k = 0; k < 4; ++k) s += m_[4 * a + k] * o.m_[4 * k + b];
      r.m_[4 * a + b] = s;
    }
  return r;
}

bool RigidTransform::is_identity(double tol) const {
  const RigidTransform id;
  for (std::size_t i = 0; i < 16; ++i)
    if (std::abs(m_[i] - id.m_[i]) > tol) return false;
  return true;
}

double RigidTransform::rotation_deg() const {
  const double c = std::clamp((m_[0] + m_[5] + m_[10] - 1) / 2, -1.0, 1.0);
  return std::acos(c) * 180 / std::numbers::pi;
}

double RigidTransform::translation_mm() const {
  return std::sqrt(m_[3] * m_[3] + m_[7] * m_[7] + m_[11] * m_[11]);
}

}  // namespace srtdose
