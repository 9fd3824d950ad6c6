// The patient model of a DICOM folder: its CT series (HU -> density) and the structures of its
// RT Structure Set rasterised on the CT grid.
#pragma once

#include <filesystem>
#include <vector>

#include "host/core/hu_calibration.h"
#include "host/plan/patient_model.h"

namespace srtdose::dicom {

/// One CT series must be in the folder (several: an error listing them); the RT Structure Set
/// that references it (or shares its frame of reference), if any, gives the structures.
/// `position` is the plan's patient position; a CT whose PatientPosition differs is an error.
PatientModel dicom_patient(const std::filesystem::path& dir, PatientPosition position,
                           const HuCalibration& calibration);

/// The patient of a CT series and an optional structure set (rasterised on the CT grid).
PatientModel dicom_patient_from(const std::vector<std::filesystem::path>& ct_files,
                                const std::filesystem::path* structure_set,
                                PatientPosition position, const HuCalibration& calibration);

}  // namespace srtdose::dicom
