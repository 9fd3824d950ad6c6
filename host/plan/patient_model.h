// The patient as the engines see it: mass density, material and structure masks on one grid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/core/volume.h"
#include "host/geometry/iec61217.h"
#include "host/plan/plan.h"

namespace srtdose {

/// A structure as the fraction of each voxel inside it (0..1), on the patient grid.
struct Structure {
  std::string name;
  Volume<float> fraction;
  /// Sum of fractions x voxel volume.
  double volume_cm3() const;
};

struct PatientModel {
  Volume<float> density_g_cm3;    ///< mass density per voxel
  Volume<std::uint8_t> material;  ///< MaterialId per voxel (majority material)
  std::vector<Structure> structures;
  PatientPosition position = PatientPosition::HFS;
  /// True on the patient the engines transport in (transport_model): density_g_cm3 is then
  /// the water-equivalent (electron) density, rho (Z/A) / (Z/A)_water.
  bool water_equivalent = false;

  const Grid3& grid() const { return density_g_cm3.grid(); }
  /// The structure of that name, or nullptr.
  const Structure* find_structure(const std::string& name) const;
};

/// The patient as the dose engines transport in it (docs/ccc-engine.md, "Media"), and the way
/// back to dose to medium.
struct TransportModel {
  /// Each voxel's density replaced by its water-equivalent (electron) density
  /// rho * electrons_per_gram_ratio, materials kept, no structures, water_equivalent set.
  /// Attenuation and kernel ranges then scale with electrons, as Compton scattering and
  /// electron stopping do.
  PatientModel patient;
  /// Per voxel: dose per water-equivalent gram -> dose to medium, rho_we / rho (the
  /// electrons-per-gram ratio); 1 in water.
  Volume<float> to_medium;
};
TransportModel transport_model(const PatientModel& mass);

/// Fraction of each voxel of grid inside the shape (exact partial volumes).
Volume<float> shape_mask(const Shape& shape, const Grid3& grid);

/// Paints a phantom: the medium, then each object in order, each voxel's density mixed by the
/// fraction the object covers (mass conserving), its material set where the object covers at
/// least half of it. Objects with a structure name give a mask of their own full shape.
PatientModel build_phantom(const PhantomSpec& spec, PatientPosition position);

/// The grid a plan's dose is reported on: the patient grid, or the plan's dose_grid voxel size
/// over its extent (default: the patient box). Throws InputError for an extent that is not a
/// whole number of voxels.
Grid3 plan_dose_grid(const Plan& plan, const Grid3& patient);

/// Density and material of every voxel of a HU volume (label names it in errors).
PatientModel patient_from_hu(const Volume<float>& hu, const HuCalibration& calibration,
                             PatientPosition position, const std::string& label);

/// The patient of a plan (phantom or CT), with the plan's extra structures added.
/// Throws InputError for DICOM patients until DICOM import exists, and for invalid CT data.
PatientModel build_patient_model(const Plan& plan);

}  // namespace srtdose
