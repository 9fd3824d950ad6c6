// The collapsed-cone engine on a whole plan (CPU reference path).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "host/engine/ccc/beam_data.h"
#include "host/engine/device_choice.h"
#include "host/plan/beam_segments.h"
#include "host/plan/patient_model.h"
#include "host/plan/plan.h"

namespace srtdose {

/// Lattice: recursive transport along lattice lines with the exponential kernel (default,
/// CPU or CUDA). Exact: receiving-point ray trace with the tabulated cumulative kernel (CPU,
/// slow; the reference the lattice transport is tested against).
enum class CccTransport { Lattice, Exact };

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

struct PlanDoseResult {
  Volume<float> dose;  ///< Gy, total over all fractions, on the patient grid
  std::vector<std::pair<std::string, Volume<float>>> per_beam;  ///< Gy, all fractions
  double terma_seconds = 0, transport_seconds = 0;
  int segments = 0, directions = 0;
  int transports = 0;  ///< collapsed cone: transports run (segments grouped by gantry angle)
  std::string device = "cpu";  ///< where the transport ran
};

/// Dose per MU of one segment (Gy) on the patient grid.
using SegmentDose = std::function<Volume<float>(const BeamSegment&)>;

/// Dose of every beam (all its segments: static, arc sub-arcs, control points) x its MU x the
/// plan's fractions, from any engine's per-segment dose.
PlanDoseResult plan_dose(const Plan& plan, const PatientModel& patient,
                         const SegmentDose& segment_dose,
                         const std::function<void(const std::string&)>& progress = {});

/// Just the total dose of plan_dose.
Volume<float> plan_dose_sum(const Plan& plan, const PatientModel& patient,
                            const SegmentDose& segment_dose);

/// The same with the collapsed cone.
PlanDoseResult ccc_plan_dose(const Plan& plan, const PatientModel& patient, const CccBeamData& data,
                             const CccOptions& options,
                             const std::function<void(const std::string&)>& progress = {});

}  // namespace srtdose
