#include "host/engine/radiological_depth.h"

#include "kernels/common/launch_cpu.h"
#include "kernels/common/radiological_depth.h"
#include "kernels/radiological_depth_launch.h"

namespace srtdose {

Volume<float> radiological_depth_cpu(const Volume<float>& density_g_cm3, const Vec3& source_mm) {
  const GridView g = density_g_cm3.grid().view();
  Volume<float> depth(density_g_cm3.grid());
  launch_cpu(g.size(), RadiologicalDepthExecutor{g, density_g_cm3.data(), source_mm, depth.data()},
             256);
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
