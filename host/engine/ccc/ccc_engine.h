// The collapsed-cone engine (Ahnesjo 1989, Med Phys 16:577): polyenergetic TERMA per energy
// group, transported along cone directions (lattice recursion, CPU or CUDA; or the exact
// ray-traced reference, CPU).
#pragma once

#include <memory>
#include <vector>

#include "host/engine/ccc/beam_data.h"
#include "host/engine/ccc/lattice_transport.h"
#include "host/engine/dose_options.h"
#include "host/engine/engine.h"
#include "host/geometry/iec61217.h"
#include "host/plan/patient_model.h"

namespace srtdose {

namespace cuda {
class CccLatticeDevice;
}

struct CccOptions {
  int azimuths = 12;  ///< directions per zenith band (the band count comes with the beam data)
  CccTransport transport = CccTransport::Lattice;
  Device device = Device::Cpu;  ///< Cpu or Cuda (resolve Auto before)
  bool kernel_tilting = true;   ///< kernel aligned with the diverging ray (lattice transport)
  /// Consecutive segments of a beam (arc sub-arcs, control points) within this many degrees
  /// of gantry share one transport (their TERMAs add exactly; the kernel axis is their
  /// MU-weighted mean). 0: one transport per segment.
  double arc_group_deg = 10;
  double fluence_pixel_mm = 0.5;
  double min_density_g_cm3 = 0.01;  ///< voxels below (air outside the patient) get no dose
};

/// The collapsed cone on one patient: TERMA per group of segments, one transport per group.
class CccEngine final : public Engine {
 public:
  /// patient: mass densities (the engine keeps its water-equivalent copy, transport_model,
  /// and reports dose to medium). options.device: Cpu or Cuda (not Auto).
  CccEngine(const PatientModel& patient, std::shared_ptr<const CccBeamData> data,
            const CccOptions& options);
  ~CccEngine() override;

  Device device() const override { return options_.device; }
  /// Consecutive segments within options.arc_group_deg of the first.
  std::size_t group_size(std::span<const BeamSegment> segments, std::size_t first) const override;
  void add_dose(std::span<const BeamSegment> segments, int fractions, Volume<float>& beam_dose,
                DoseTimings& timings) override;
  void finish(DoseResult& result) override { result.directions = directions_; }

 private:
  Volume<float> transport(const std::vector<Volume<float>>& terma, const Volume<float>& total,
                          const BeamFrame& frame);

  TransportModel media_;  ///< water-equivalent patient, factor to dose to medium
  const PatientModel& patient_ = media_.patient;
  std::shared_ptr<const CccBeamData> data_;
  CccOptions options_;
  Volume<std::uint8_t> receive_;
  TiltWeights tilt_weights_;
  TiltTable tilt_;
  std::unique_ptr<cuda::CccLatticeDevice> gpu_;
  std::vector<double> energy_;  ///< the device's deposited energy, copied back
  int directions_ = 0;
};

/// The plan's dose with the collapsed cone (run_engine with a CccEngine).
DoseResult ccc_plan_dose(const Plan& plan, const PatientModel& patient, const CccBeamData& data,
                         const CccOptions& options, const Progress& progress = {});

}  // namespace srtdose
