// The patient model of a DICOM folder: its CT series (HU -> density) and the structures of its
// RT Structure Set rasterised on the CT grid.
#pragma once

#include <filesystem>

#include "host/core/hu_calibration.h"
#include "host/plan/patient_model.h"

namespace srtdose::dicom {

/// One CT series must be in the folder (several: an error listing them); the RT Structure Set
/// that references it (or shares its frame of reference), if any, gives the structures.
/// `position` is the plan's patient position; a CT whose PatientPosition differs is an error.
PatientModel dicom_patient(const std::filesystem::path& dir, PatientPosition position,
                           const HuCalibration& calibration);

}  // namespace srtdose::dicom
