// A plan's dose as `srtdose dose`, `srtdose check` and Python's compute_dose compute it: the
// options checked in one place, the engine run at the dose grid's resolution over the whole
// patient (so that every upstream voxel attenuates), the result resampled onto the dose grid.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "host/engine/ccc/ccc_engine.h"
#include "host/plan/patient_model.h"

namespace srtdose {

struct DoseOptions {
  std::string engine = "ccc";         ///< ccc (collapsed cone) or pb (pencil beam)
  std::string device = "auto";        ///< cpu, cuda or auto
  std::string transport = "lattice";  ///< collapsed cone: lattice or exact
  int zenith = 16, azimuths = 12;     ///< collapsed-cone directions
  double beamlet_mm = 2.5;            ///< pencil-beam beamlet size at the isocentre
  double arc_group_deg = 10;          ///< collapsed cone: segments sharing one transport
  bool lateral_scaling = false;       ///< pencil beam: lateral density scaling of the kernel
  /// Throws InputError naming the option as the command line does (--engine, --device, ...).
  void validate() const;
  /// The device the engine will run on (auto: CUDA where the engine has a path and a device
  /// is present).
  Device resolved_device() const;
  /// Whether the chosen engine has a CUDA path (the pencil beam; the collapsed cone's lattice
  /// transport).
  bool has_cuda_path() const { return engine == "pb" || transport == "lattice"; }
};

/// The patient on another grid: density as the mean of 3 x 3 x 3 trilinear samples per voxel
/// (partial volumes; 0 outside the patient), material at the voxel centre (nearest; air
/// outside). Structures are not carried over (the engines do not use them).
PatientModel resample_patient(const PatientModel& patient, const Grid3& grid);

/// The grid the engine runs on for a dose grid: the patient grid when the voxel sizes agree,
/// else the patient's box at the dose grid's voxel size.
Grid3 compute_grid(const Grid3& patient, const Grid3& dose_grid);

/// The plan's dose on dose_grid (total over all fractions, Gy; per-beam doses too), with the
/// machine file given. Timings and counts as the engines report them. A batch may pass the
/// collapsed-cone beam data it has already loaded (ccc_data, with options.zenith bands).
PlanDoseResult compute_plan_dose(const Plan& plan, const PatientModel& patient,
                                 const std::filesystem::path& machine_file,
                                 const DoseOptions& options, const Grid3& dose_grid,
                                 const std::function<void(const std::string&)>& progress = {},
                                 const CccBeamData* ccc_data = nullptr);

}  // namespace srtdose
