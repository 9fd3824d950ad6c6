// RT Dose import (GridFrameOffsetVector, DoseGridScaling) and export of an srtdose dose as a
// DICOM RT Dose (PHYSICAL, GY, PLAN summation) referencing the plan it was computed for.
#pragma once

#include <filesystem>
#include <string>

#include "host/core/volume.h"
#include "host/io/dicom_file.h"

namespace srtdose::dicom {

struct RtDose {
  Volume<float> dose;        ///< stored value x DoseGridScaling, in `units`
  std::string units = "GY";  ///< GY or RELATIVE
  std::string type;          ///< PHYSICAL, EFFECTIVE or ERROR
  std::string summation;     ///< PLAN, MULTI_PLAN, FRACTION, BEAM, BRACHY, CONTROL_POINT...
  std::string referenced_plan_uid, frame_of_reference_uid, study_uid, patient_id;
};

/// Reads an RT Dose (axial frames; rows along +-x, columns along +-y). Throws IoError naming
/// the file and tag for anything malformed.
RtDose read_rtdose(const DicomFile& file);

/// Identity of what the exported dose belongs to (empty strings get fresh UIDs / defaults).
struct RtDoseExport {
  std::string patient_id, patient_name, study_uid, frame_of_reference_uid;
  std::string referenced_plan_uid;  ///< SOP Instance UID of the RT Plan, if any
  std::string series_description = "srtdose dose";
  std::string comment;  ///< e.g. engine and machine
};

/// Writes dose (Gy) as an RT Dose file: 16-bit unsigned pixels with DoseGridScaling = max /
/// 65535 (a step of 0.0015 % of the maximum), atomically (no partial file on failure).
void write_rtdose(const std::filesystem::path& path, const Volume<float>& dose_gy,
                  const RtDoseExport& meta);

}  // namespace srtdose::dicom
