#include "host/geometry/rigid_resample.h"

#include "host/core/resample.h"

namespace srtdose {

RigidResample resample_rigid(const Volume<float>& source, const Grid3& target,
                             const RigidTransform& target_to_source) {
  RigidResample r{Volume<float>(target, 0.0f), Volume<std::uint8_t>(target, 0), 0};
  const Grid3& sg = source.grid();
  std::int64_t inside = 0;
#pragma omp parallel for collapse(2) schedule(static) reduction(+ : inside)
  for (int k = 0; k < target.nz(); ++k)
    for (int j = 0; j < target.ny(); ++j)
      for (int i = 0; i < target.nx(); ++i) {
        const Vec3 q = target_to_source.apply(target.position_mm(i, j, k));
        if (!sg.contains(q)) continue;
        r.values.at(i, j, k) = static_cast<float>(interpolate_trilinear(source, q, 0.0));
        r.inside.at(i, j, k) = 1;
        ++inside;
      }
  r.inside_voxels = inside;
  return r;
}

}  // namespace srtdose
