#include "host/engine/radiological_depth.h"

#include "kernels/common/radiological_depth.h"
#include "kernels/radiological_depth_launch.h"

namespace srtdose {

Volume<float> radiological_depth_cpu(const Volume<float>& density_g_cm3, const Vec3& source_mm) {
  const GridView g = density_g_cm3.grid().view();
  Volume<float> depth(density_g_cm3.grid());
  const float* rho = density_g_cm3.data();
  float* out = depth.data();
  const std::int64_t n = g.size();
#pragma omp parallel for schedule(static)
  for (std::int64_t v = 0; v < n; ++v) {
    out[v] = static_cast<float>(radiological_depth_to_voxel_mm(g, rho, source_mm, v));
  }
  return depth;
}

Volume<float> radiological_depth(const Volume<float>& density_g_cm3, const Vec3& source_mm,
                                 Device device) {
  if (resolve_device(device) == Device::Cpu)
    return radiological_depth_cpu(density_g_cm3, source_mm);
  Volume<float> depth(density_g_cm3.grid());
  cuda::radiological_depth(density_g_cm3.grid().view(), density_g_cm3.data(), source_mm,
                           depth.data());
  return depth;
}

}  // namespace srtdose
