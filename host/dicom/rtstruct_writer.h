// Export of structures as a DICOM RT Structure Set referencing a CT series: contours of the
// phantom's analytic shapes on each CT slice (equal-area polygons).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "host/io/ct_writer.h"
#include "host/plan/plan.h"

namespace srtdose::dicom {

struct RoiToWrite {
  std::string name;
  std::string type = "ORGAN";  ///< RTROIInterpretedType: PTV, GTV, CTV, EXTERNAL, ORGAN...
  std::vector<std::vector<Vec3>> contours;
};

/// Closed contours of a shape on the slice centres of grid (z of slice k = the grid's);
/// circles as `points`-gons with the circle's area. Empty where the shape misses a slice.
std::vector<std::vector<Vec3>> shape_contours(const Shape& shape, const Grid3& grid,
                                              int points = 72);

/// Writes the structure set; returns its SOP Instance UID.
std::string write_rtstruct(const std::filesystem::path& path, const std::vector<RoiToWrite>& rois,
                           const WrittenSeries& ct, const DicomIdentity& id);

}  // namespace srtdose::dicom
