#include "host/io/ct_series.h"

#include <dcmtk/dcmdata/dcdeftag.h>

#include <algorithm>
#include <cmath>

#include "host/core/error.h"
#include "host/core/memory_budget.h"
#include "host/io/dicom_file.h"

namespace srtdose::dicom {

namespace {

struct Slice {
  DicomFile file;
  Vec3 position;  ///< ImagePositionPatient: centre of the first transmitted pixel
  double along_normal = 0;
};

}  // namespace

CtSeries read_ct_series(const std::vector<std::filesystem::path>& files) {
  if (files.empty()) throw IoError("CT series: no files");
  std::vector<Slice> slices;
  CtSeries out;
  std::vector<double> orientation;
  double rows = 0, cols = 0;
  std::vector<double> pixel_spacing;
  for (const auto& path : files) {
    DicomFile f = DicomFile::load(path);
    const DicomItem d = f.dataset();
    require_modality(f, "CT");
    const std::string series = d.string(DCM_SeriesInstanceUID);
    const std::vector<double> o = d.numbers(DCM_ImageOrientationPatient, 6);
    const std::vector<double> ps = d.numbers(DCM_PixelSpacing, 2);
    const double r = d.number(DCM_Rows), c = d.number(DCM_Columns);
    if (slices.empty()) {
      out.series_uid = series;
      out.study_uid = d.optional_string(DCM_StudyInstanceUID).value_or("");
      out.frame_of_reference_uid = d.optional_string(DCM_FrameOfReferenceUID).value_or("");
      out.patient_id = d.optional_string(DCM_PatientID).value_or("");
      out.position = patient_position_by_name(
          d.optional_string(DCM_PatientPosition).value_or("HFS"), d.where(DCM_PatientPosition));
      orientation = o, pixel_spacing = ps, rows = r, cols = c;
    } else {
      if (series != out.series_uid)
        throw IoError(path.string() + ": belongs to series " + series + ", not " + out.series_uid +
                      " (one series at a time)");
      for (int i = 0; i < 6; ++i)
        if (std::abs(o[static_cast<std::size_t>(i)] - orientation[static_cast<std::size_t>(i)]) >
            1e-4)
          throw IoError(d.where(DCM_ImageOrientationPatient) +
                        ": differs from the first slice's (mixed orientations)");
      if (r != rows || c != cols || std::abs(ps[0] - pixel_spacing[0]) > 1e-4 ||
          std::abs(ps[1] - pixel_spacing[1]) > 1e-4)
        throw IoError(path.string() +
                      ": rows, columns or pixel spacing differ from the first "
                      "slice's");
    }
    const std::vector<double> ipp = d.numbers(DCM_ImagePositionPatient, 3);
    slices.push_back({std::move(f), {ipp[0], ipp[1], ipp[2]}, 0});
  }
  // Axial slices only: rows along +-x, columns along +-y (HFS/FFS: +x,+y; HFP/FFP: -x,-y).
  const auto [sx, sy] = axial_orientation(slices.front().file.dataset());
  for (Slice& s : slices) s.along_normal = s.position.z * sx * sy;
  std::sort(slices.begin(), slices.end(),
            [](const Slice& a, const Slice& b) { return a.along_normal < b.along_normal; });
  const std::size_t nz = slices.size();
  double dz = 0;
  if (nz > 1) {
    dz = slices[1].position.z - slices[0].position.z;
    if (std::abs(dz) < 1e-3)
      throw IoError(slices[1].file.path().string() + ": two slices at the same position");
    for (std::size_t k = 1; k < nz; ++k) {
      const Vec3 step = slices[k].position - slices[k - 1].position;
      if (std::abs(step.x) > 1e-2 || std::abs(step.y) > 1e-2)
        throw IoError(slices[k].file.path().string() +
                      ": (0020,0032) ImagePositionPatient: slice origin moves in-plane "
                      "(gantry tilt or a shifted slice), not supported");
      if (std::abs(step.z - dz) > 0.01 * std::abs(dz) + 1e-3)
        throw IoError(slices[k].file.path().string() + ": irregular slice spacing (" +
                      std::to_string(step.z) + " mm after " + std::to_string(dz) +
                      " mm); re-export the series with a uniform spacing");
    }
  } else {
    dz = slices[0].file.dataset().optional_number(DCM_SliceThickness).value_or(1.0);
  }
  const int nx = static_cast<int>(cols), ny = static_cast<int>(rows);
  // PixelSpacing = [between rows (along the column direction), between columns].
  const double px = pixel_spacing[1], py = pixel_spacing[0];
  const Vec3 first = slices[0].position;
  // The grid runs towards +x, +y, +z: flipped axes start at the far pixel.
  const Vec3 origin{sx > 0 ? first.x : first.x - (nx - 1) * px,
                    sy > 0 ? first.y : first.y - (ny - 1) * py,
                    std::min(first.z, slices.back().position.z)};
  const bool z_descending = nz > 1 && slices.back().position.z < first.z;
  check_image_geometry({px, py, std::abs(dz)}, origin, slices[0].file.path().string());
  check_memory(slices[0].file.path().string() + ": CT series of " + std::to_string(nz) + " slices",
               double(nx) * ny * double(nz), kWorkingBytesPerVoxel);
  const Grid3 g({nx, ny, static_cast<int>(nz)}, {px, py, std::abs(dz)}, origin);
  out.hu = Volume<float>(g, 0.0f);
  for (std::size_t s = 0; s < nz; ++s) {
    const DicomItem d = slices[s].file.dataset();
    const double slope = d.optional_number(DCM_RescaleSlope).value_or(1.0);
    const double intercept = d.optional_number(DCM_RescaleIntercept).value_or(0.0);
    const std::vector<double> px_values = slices[s].file.pixel_values();
    if (px_values.size() < static_cast<std::size_t>(nx) * ny)
      throw IoError(d.where(DCM_PixelData) + ": fewer pixels than Rows x Columns");
    const int k = static_cast<int>(z_descending ? nz - 1 - s : s);
    for (int r = 0; r < ny; ++r)
      for (int c = 0; c < nx; ++c) {
        const int i = sx > 0 ? c : nx - 1 - c, j = sy > 0 ? r : ny - 1 - r;
        out.hu.at(i, j, k) =
            static_cast<float>(slope * px_values[static_cast<std::size_t>(r) * nx + c] + intercept);
      }
    out.sop_instance_uids.push_back(d.optional_string(DCM_SOPInstanceUID).value_or(""));
  }
  if (z_descending) std::reverse(out.sop_instance_uids.begin(), out.sop_instance_uids.end());
  return out;
}

}  // namespace srtdose::dicom
