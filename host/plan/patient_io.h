// HDF5 layout of a patient model (`srtdose phantom`): /density (float32, g/cm3), /material
// (uint8 MaterialId, attribute `names`), /structures/<name> (float32 voxel fractions), each
// with origin_mm and spacing_mm; root attributes srtdose_version, plan, patient_position.
#pragma once

#include <filesystem>
#include <string>

#include "host/io/hdf5_file.h"
#include "host/plan/patient_model.h"

namespace srtdose {

/// Writes the model atomically (no partial file on failure).
void write_patient_model(const std::filesystem::path& path, const PatientModel& model,
                         const std::string& plan_name);

/// Root attributes every srtdose output carries (srtdose_version, plan).
void write_provenance(H5File& file, const std::string& plan_name);

}  // namespace srtdose
