// Radiological depth from a beam's source to every voxel centre, on the CPU or a GPU.
#pragma once

#include "host/core/device_choice.h"
#include "host/core/volume.h"

namespace srtdose {

/// CPU reference path (OpenMP): water-equivalent depth (mm) from source_mm to each voxel centre.
Volume<float> radiological_depth_cpu(const Volume<float>& density_g_cm3, const Vec3& source_mm);

/// The same on the chosen device (Auto resolved by resolve_device).
Volume<float> radiological_depth(const Volume<float>& density_g_cm3, const Vec3& source_mm,
                                 Device device);

}  // namespace srtdose
