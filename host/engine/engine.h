// The seam every dose engine plugs into: an Engine computes the dose of a group of one beam's
// segments; run_engine is the one beams -> segments -> x MU x fractions loop all engines share.
// A new engine: its own folder under host/engine/, a class deriving from Engine, and one line
// in engine_registry.cpp.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "host/core/device_choice.h"
#include "host/core/volume.h"
#include "host/plan/beam_segments.h"
#include "host/plan/patient_model.h"
#include "host/plan/plan.h"

namespace srtdose {

/// The engines the registry knows (engine_registry.h parses and names them).
enum class EngineKind { Ccc, Pb };

/// What an engine can do, so that a front end can refuse an impossible request up front.
struct EngineCapabilities {
  bool cuda = false;         ///< has a CUDA path
  bool dij = false;          ///< can write a beamlet dose-influence matrix
  bool arcs = true;          ///< arcs and control points (every engine gets them as segments)
  bool uncertainty = false;  ///< reports a statistical uncertainty per voxel
};

/// Seconds spent per stage of a dose computation (0 where an engine has no such stage).
struct DoseTimings {
  double setup_s = 0;      ///< patient, machine data, resampling: the rest of the wall time
  double terma_s = 0;      ///< collapsed cone: TERMA of the segments
  double transport_s = 0;  ///< the engine's dose step (transport, kernel superposition)
};

/// A plan's dose: total over all fractions (Gy) and per beam, on the grid the engine ran on
/// (compute_dose resamples it onto the dose grid).
struct DoseResult {
  Volume<float> dose;                                           ///< Gy, all fractions
  std::vector<std::pair<std::string, Volume<float>>> per_beam;  ///< Gy, all fractions
  /// Relative 1-sigma statistical uncertainty of `dose` per voxel (engines with capability
  /// `uncertainty` only).
  std::optional<Volume<float>> uncertainty;
  EngineKind engine = EngineKind::Ccc;
  Device device = Device::Cpu;  ///< where the dose step ran (never Auto)
  DoseTimings timings;
  int segments = 0;    ///< segments with MU > 0
  int transports = 0;  ///< dose steps run (collapsed cone: segments grouped by gantry angle)
  int directions = 0;  ///< collapsed cone: transport directions
  // Filled by compute_dose (the front door), written with the dose file:
  std::string machine;       ///< the machine's name
  std::string machine_file;  ///< the machine file used
  std::string options;       ///< DoseOptions::describe()
};

using Progress = std::function<void(const std::string&)>;

/// One engine on one patient, set up for one dose computation (device buffers, beam data).
class Engine {
 public:
  virtual ~Engine() = default;
  Engine() = default;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Where the dose step runs (Cpu or Cuda).
  virtual Device device() const = 0;
  /// How many of segments[first..] one call of add_dose takes (at least 1). Default: one.
  virtual std::size_t group_size(std::span<const BeamSegment> segments, std::size_t first) const;
  /// Adds the dose (Gy) of the segments, each x its MU x `fractions`, into beam_dose (the
  /// patient grid); adds the seconds of its stages into timings. Every segment has MU > 0.
  virtual void add_dose(std::span<const BeamSegment> segments, int fractions,
                        Volume<float>& beam_dose, DoseTimings& timings) = 0;
  /// Fills what only the engine knows (directions, uncertainty) after the last beam.
  virtual void finish(DoseResult& result);
};

/// The one loop: every beam of the plan expanded into segments (static, arc sub-arcs, control
/// points; MU <= 0 skipped), grouped as the engine asks, each group's dose x MU x fractions
/// summed per beam and over beams, on `grid` (the engine's patient grid). The stage timings
/// are the engine's; transport_s is the rest of each group's time.
DoseResult run_engine(Engine& engine, EngineKind kind, const Plan& plan, const Grid3& grid,
                      const Progress& progress = {});

/// beam_dose[v] += float(scale x dose[v]), the product in double: a segment's dose per MU
/// weighted by its MU x fractions.
void add_scaled_dose(Volume<float>& beam_dose, const Volume<float>& dose, double scale);

/// Dose per MU of one segment (Gy) on the patient grid: the simplest engine, for tests and
/// reference formulations.
using SegmentDose = std::function<Volume<float>(const BeamSegment&)>;

/// run_engine with a per-segment dose function (on the CPU), on the patient's grid.
DoseResult plan_dose(const Plan& plan, const PatientModel& patient, const SegmentDose& segment_dose,
                     const Progress& progress = {});

/// Just the total dose of plan_dose.
Volume<float> plan_dose_sum(const Plan& plan, const PatientModel& patient,
                            const SegmentDose& segment_dose);

}  // namespace srtdose
