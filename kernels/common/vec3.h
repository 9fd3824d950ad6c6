// Plain 3-vector for code shared by host and device (no allocation, trivially copyable).
#pragma once

#include <cmath>

#include "kernels/common/hd.h"

namespace srtdose {

/// A point or direction in patient coordinates (mm unless a name says otherwise).
struct Vec3 {
  double x = 0, y = 0, z = 0;

  SRTDOSE_HD_INLINE double operator[](int axis) const {
    return axis == 0 ? x : (axis == 1 ? y : z);
  }
  SRTDOSE_HD_INLINE double& operator[](int axis) { return axis == 0 ? x : (axis == 1 ? y : z); }
};

SRTDOSE_HD_INLINE Vec3 operator+(Vec3 a, Vec3 b) {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
SRTDOSE_HD_INLINE Vec3 operator-(Vec3 a, Vec3 b) {
  return {a.x - b.x, a.y - b.y, a.z - b.z};
}
SRTDOSE_HD_INLINE Vec3 operator-(Vec3 a) {
  return {-a.x, -a.y, -a.z};
}
SRTDOSE_HD_INLINE Vec3 operator*(double s, Vec3 a) {
  return {s * a.x, s * a.y, s * a.z};
}
SRTDOSE_HD_INLINE Vec3 operator*(Vec3 a, double s) {
  return s * a;
}
SRTDOSE_HD_INLINE bool operator==(Vec3 a, Vec3 b) {
  return a.x == b.x && a.y == b.y && a.z == b.z;
}
SRTDOSE_HD_INLINE double dot(Vec3 a, Vec3 b) {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}
SRTDOSE_HD_INLINE Vec3 cross(Vec3 a, Vec3 b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
SRTDOSE_HD_INLINE double norm(Vec3 a) {
  return sqrt(dot(a, a));
}
SRTDOSE_HD_INLINE Vec3 normalized(Vec3 a) {
  return (1.0 / norm(a)) * a;
}

}  // namespace srtdose
