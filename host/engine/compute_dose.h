// The front door of the engines: one DoseRequest -> DoseResult for `srtdose dose`, `srtdose
// check` and Python. The machine resolved by one rule, the patient and dose grid built, the
// engine taken from the registry and run at the dose grid's resolution over the whole patient
// (so that every upstream voxel attenuates), the result resampled onto the dose grid.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "host/engine/dose_options.h"
#include "host/engine/engine.h"
#include "host/plan/patient_model.h"

namespace srtdose {

struct DoseRequest {
  std::string plan_path;  ///< where the plan came from (file or DICOM folder), for messages
  std::string machine;    ///< machine file; empty: the plan's (resolve_machine)
  DoseOptions options;
  /// The patient; null: built from the plan (build_patient_model, which refuses beams that
  /// miss it). A caller giving its own patient makes that test itself (check_beam_reaches;
  /// `srtdose check` does, before anything is computed).
  const PatientModel* patient = nullptr;
  /// The grid of the returned dose; default: the plan's dose grid.
  std::optional<Grid3> dose_grid;
  Progress progress;  ///< one line per group of segments, or nothing
};

/// The plan's dose on the dose grid (total over all fractions, Gy; per beam too), with the
/// machine, options and timings (setup included) filled in. InputError for bad options or a
/// machine that is not the plan's; DeviceError for CUDA asked of a machine without one.
DoseResult compute_dose(const Plan& plan, const DoseRequest& request);

/// The same on a patient with a given machine file (no machine check; setup time not set).
DoseResult compute_plan_dose(const Plan& plan, const PatientModel& patient,
                             const std::filesystem::path& machine_file, const DoseOptions& options,
                             const Grid3& dose_grid, const Progress& progress = {});

/// The patient on another grid: density as the mean of 3 x 3 x 3 trilinear samples per voxel
/// (partial volumes; 0 outside the patient), material at the voxel centre (nearest; air
/// outside). Structures are not carried over (the engines do not use them).
PatientModel resample_patient(const PatientModel& patient, const Grid3& grid);

/// The grid the engine runs on for a dose grid: the patient grid when the voxel sizes agree,
/// else the patient's box at the dose grid's voxel size.
Grid3 compute_grid(const Grid3& patient, const Grid3& dose_grid);

}  // namespace srtdose
