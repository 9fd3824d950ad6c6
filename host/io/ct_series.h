// A CT series from DICOM files: slices sorted along their normal, HU from the rescale, on an
// axis-aligned grid in patient coordinates (DICOM LPS). Oblique or tilted series, mixed
// orientations or sizes, and irregular slice spacing are rejected with the reason.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "host/core/volume.h"
#include "host/geometry/iec61217.h"

namespace srtdose::dicom {

struct CtSeries {
  Volume<float> hu;  ///< Hounsfield units, x fastest
  PatientPosition position = PatientPosition::HFS;
  std::string series_uid, study_uid, frame_of_reference_uid, patient_id;
  std::vector<std::string> sop_instance_uids;  ///< in slice order (z ascending)
};

/// Reads the slices (files of one series, any order). Throws IoError naming the file and tag.
CtSeries read_ct_series(const std::vector<std::filesystem::path>& files);

}  // namespace srtdose::dicom
