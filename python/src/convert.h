// numpy <-> Volume<float> for the bindings: volumes leave C++ without a copy (the vector
// moves into a capsule), arrays enter as C-contiguous float32 (the Python layer converts).
#pragma once

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include <array>
#include <vector>

#include "host/core/error.h"
#include "host/core/volume.h"
#include "srtdose/config.h"

namespace srtdose::py {

namespace nb = nanobind;

using FloatArray3 = nb::ndarray<nb::numpy, float, nb::ndim<3>, nb::c_contig>;
using InArray3 = nb::ndarray<const float, nb::ndim<3>, nb::c_contig, nb::device::cpu>;

/// The volume's values as a numpy array [nz][ny][nx] owning the data (no copy).
inline FloatArray3 to_numpy(Volume<float>&& v) {
  const Grid3 g = v.grid();
  auto* data = new std::vector<float>(std::move(v).release_values());
  nb::capsule owner(data, [](void* p) noexcept { delete static_cast<std::vector<float>*>(p); });
  return FloatArray3(data->data(),
                     {static_cast<std::size_t>(g.nz()), static_cast<std::size_t>(g.ny()),
                      static_cast<std::size_t>(g.nx())},
                     owner);
}

inline Vec3 vec3(const std::array<double, 3>& a) {
  return {a[0], a[1], a[2]};
}
inline std::array<double, 3> arr3(const Vec3& v) {
  return {v.x, v.y, v.z};
}

/// A volume from an array and its geometry (copies the values).
inline Volume<float> from_numpy(const InArray3& a, const std::array<double, 3>& origin_mm,
                                const std::array<double, 3>& spacing_mm, const char* what) {
  for (double s : spacing_mm)
    if (!(s > 0)) throw InputError(std::string(what) + ": spacing_mm must be > 0");
  const Grid3 g(
      {static_cast<int>(a.shape(2)), static_cast<int>(a.shape(1)), static_cast<int>(a.shape(0))},
      vec3(spacing_mm), vec3(origin_mm));
  Volume<float> v(g, 0.0f);
  const float* src = a.data();
  std::copy(src, src + g.size(), v.data());
  return v;
}

}  // namespace srtdose::py
