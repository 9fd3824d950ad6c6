// RT Structure Set: ROI contours, and their rasterisation into partial-volume masks on any
// grid (even-odd rule over all contours of a slice, so holes and islands need no flags; each
// contour covers its own slice only: no interpolation between contoured slices is invented).
#pragma once

#include <string>
#include <vector>

#include "host/core/volume.h"
#include "host/io/dicom_file.h"

namespace srtdose::dicom {

struct RoiContours {
  int number = 0;
  std::string name;
  std::string interpreted_type;  ///< RTROIInterpretedType (PTV, ORGAN, EXTERNAL, ...), may be ""
  /// Closed planar contours (mm, patient coordinates); each at one z.
  std::vector<std::vector<Vec3>> contours;
};

struct StructureSet {
  std::string label, frame_of_reference_uid, referenced_series_uid;
  std::vector<RoiContours> rois;
};

/// Reads the ROIs. POINT contours are skipped; OPEN_PLANAR and OPEN_NONPLANAR are reported as
/// errors naming the ROI (they enclose no volume). Throws IoError naming file and tag.
StructureSet read_rtstruct(const DicomFile& file);

/// Fraction of each voxel inside the ROI: sub-samples (supersample^2 per voxel in the slice
/// plane) tested against the contours lying in the voxel's slice (|z - centre| <= half a voxel;
/// the nearest contour plane when several fall in one slice).
Volume<float> rasterise_roi(const RoiContours& roi, const Grid3& grid, int supersample = 5);

}  // namespace srtdose::dicom
