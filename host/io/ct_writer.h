// Export of a HU volume as a DICOM CT series (one file per axial slice, 16-bit signed HU).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "host/core/volume.h"
#include "host/geometry/iec61217.h"
#include "host/io/dicom_writer.h"

namespace srtdose::dicom {

struct WrittenSeries {
  std::string series_uid;
  std::vector<std::string> sop_uids;  ///< per slice, z ascending
};

/// Writes dir/CT_0001.dcm ... (HU rounded to integers, clamped to [-1024, 3071]).
WrittenSeries write_ct_series(const std::filesystem::path& dir, const Volume<float>& hu,
                              PatientPosition position, const DicomIdentity& id);

}  // namespace srtdose::dicom
