// A plan's pencil-beam dose on the CPU (OpenMP) or the GPU: the same per-segment math
// (kernels/common/pb_lattice.h), the GPU keeping the density, tables and dose on the device.
#pragma once

#include <functional>
#include <string>

#include "host/engine/ccc/ccc_engine.h"
#include "host/engine/device_choice.h"
#include "host/engine/pb/pb_engine.h"

namespace srtdose {

struct PbOptions {
  Device device = Device::Cpu;   ///< Cpu or Cuda (resolved: not Auto)
  bool lateral_scaling = false;  ///< needs data built with lateral_scaling
  double min_density_g_cm3 = 0.01;
};

/// Dose of every beam (all segments) x MU x fractions, as plan_dose with pb_dose_per_mu.
PlanDoseResult pb_plan_dose(const Plan& plan, const PatientModel& patient, const PbBeamData& data,
                            const PbOptions& options,
                            const std::function<void(const std::string&)>& progress = {});

}  // namespace srtdose
