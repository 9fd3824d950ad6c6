// The pencil-beam engine on a plan, on the CPU (OpenMP) or the GPU: the same per-segment math
// (kernels/common/pb_lattice.h), the GPU keeping the density, tables and dose on the device.
#pragma once

#include <memory>

#include "host/engine/engine.h"
#include "host/engine/pb/pb_engine.h"

namespace srtdose {

namespace cuda {
class PbDevice;
}

struct PbOptions {
  Device device = Device::Cpu;   ///< Cpu or Cuda (resolved: not Auto)
  bool lateral_scaling = false;  ///< needs data built with lateral_scaling
  double min_density_g_cm3 = 0.01;
};

/// The pencil beam on one patient. On the CPU each segment is one call; on the GPU a whole
/// beam is one call (its segments prepared on the host in parallel, summed on the device).
class PbEngine final : public Engine {
 public:
  /// patient: mass densities (the engine keeps its water-equivalent copy, transport_model,
  /// and reports dose to medium). options.device: Cpu or Cuda (not Auto).
  PbEngine(const PatientModel& patient, std::shared_ptr<const PbBeamData> data,
           const PbOptions& options);
  ~PbEngine() override;

  Device device() const override { return options_.device; }
  std::size_t group_size(std::span<const BeamSegment> segments, std::size_t first) const override;
  void add_dose(std::span<const BeamSegment> segments, int fractions, Volume<float>& beam_dose,
                DoseTimings& timings) override;

 private:
  TransportModel media_;  ///< water-equivalent patient, factor to dose to medium
  const PatientModel& patient_ = media_.patient;
  std::shared_ptr<const PbBeamData> data_;
  PbOptions options_;
  Volume<float> lateral_;  ///< lateral density (lateral scaling only)
  std::unique_ptr<cuda::PbDevice> gpu_;
};

/// The plan's dose with the pencil beam (run_engine with a PbEngine).
DoseResult pb_plan_dose(const Plan& plan, const PatientModel& patient, const PbBeamData& data,
                        const PbOptions& options, const Progress& progress = {});

}  // namespace srtdose
