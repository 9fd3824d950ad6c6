#include "host/dicom/rtstruct_writer.h"

#include <dcmtk/dcmdata/dctk.h>

#include <cmath>

#include "host/core/error.h"
#include "host/physics/constants.h"

namespace srtdose::dicom {

std::vector<std::vector<Vec3>> shape_contours(const Shape& s, const Grid3& g, int n) {
  std::vector<std::vector<Vec3>> out;
  // Radius of the n-gon with the circle's area.
  const double equal_area = std::sqrt(2 * physics::kPi / (n * std::sin(2 * physics::kPi / n)));
  auto circle = [&](double cx, double cy, double r, double z) {
    std::vector<Vec3> c;
    for (int q = 0; q < n; ++q) {
      const double a = 2 * physics::kPi * q / n;
      c.push_back({cx + equal_area * r * std::cos(a), cy + equal_area * r * std::sin(a), z});
    }
    out.push_back(std::move(c));
  };
  auto rect = [&](double x0, double x1, double y0, double y1, double z) {
    out.push_back({{x0, y0, z}, {x1, y0, z}, {x1, y1, z}, {x0, y1, z}});
  };
  for (int k = 0; k < g.nz(); ++k) {
    const double z = g.position_mm(0, 0, k).z;
    switch (s.type) {
      case ShapeType::Box:
        if (z >= s.min_mm.z && z <= s.max_mm.z)
          rect(s.min_mm.x, s.max_mm.x, s.min_mm.y, s.max_mm.y, z);
        break;
      case ShapeType::Sphere: {
        const double dz = z - s.center_mm.z;
        if (std::abs(dz) < s.radius_mm)
          circle(s.center_mm.x, s.center_mm.y, std::sqrt(s.radius_mm * s.radius_mm - dz * dz), z);
        break;
      }
      case ShapeType::Cylinder: {
        const double h = 0.5 * s.length_mm;
        const Vec3 c = s.center_mm;
        if (s.axis == 2) {
          if (std::abs(z - c.z) <= h) circle(c.x, c.y, s.radius_mm, z);
        } else {
          const double dz = z - c.z;
          if (std::abs(dz) >= s.radius_mm) break;
          const double w = std::sqrt(s.radius_mm * s.radius_mm - dz * dz);
          if (s.axis == 0)
            rect(c.x - h, c.x + h, c.y - w, c.y + w, z);
          else
            rect(c.x - w, c.x + w, c.y - h, c.y + h, z);
        }
        break;
      }
    }
  }
  return out;
}

std::string write_rtstruct(const std::filesystem::path& path, const std::vector<RoiToWrite>& rois,
                           const WrittenSeries& ct, const DicomIdentity& id) {
  DatasetBuilder b(UID_RTStructureSetStorage, "RTSTRUCT", id, new_uid(), 2, "srtdose structures");
  b.put(DCM_StructureSetLabel, "srtdose");
  b.put(DCM_StructureSetDate, id.date);
  b.put(DCM_StructureSetTime, id.time);
  b.put(DCM_InstanceNumber, "1");
  DcmItem* frame = b.add_item(DCM_ReferencedFrameOfReferenceSequence);
  b.put(DCM_FrameOfReferenceUID, id.frame_uid, frame);
  DcmItem* study = b.add_item(DCM_RTReferencedStudySequence, frame);
  b.put(DCM_ReferencedSOPClassUID, "1.2.840.10008.3.1.2.3.1", study);  // Detached Study Mgmt
  b.put(DCM_ReferencedSOPInstanceUID, id.study_uid, study);
  DcmItem* series = b.add_item(DCM_RTReferencedSeriesSequence, study);
  b.put(DCM_SeriesInstanceUID, ct.series_uid, series);
  for (const std::string& uid : ct.sop_uids) {
    DcmItem* image = b.add_item(DCM_ContourImageSequence, series);
    b.put(DCM_ReferencedSOPClassUID, UID_CTImageStorage, image);
    b.put(DCM_ReferencedSOPInstanceUID, uid, image);
  }
  for (std::size_t r = 0; r < rois.size(); ++r) {
    const std::string number = std::to_string(r + 1);
    DcmItem* roi = b.add_item(DCM_StructureSetROISequence);
    b.put(DCM_ROINumber, number, roi);
    b.put(DCM_ReferencedFrameOfReferenceUID, id.frame_uid, roi);
    b.put(DCM_ROIName, rois[r].name, roi);
    b.put(DCM_ROIGenerationAlgorithm, "AUTOMATIC", roi);
    DcmItem* rc = b.add_item(DCM_ROIContourSequence);
    b.put(DCM_ReferencedROINumber, number, rc);
    b.put(DCM_ROIDisplayColor, "255\\0\\0", rc);
    for (const auto& contour : rois[r].contours) {
      DcmItem* c = b.add_item(DCM_ContourSequence, rc);
      b.put(DCM_ContourGeometricType, "CLOSED_PLANAR", c);
      b.put(DCM_NumberOfContourPoints, std::to_string(contour.size()), c);
      std::vector<double> xyz;
      for (const Vec3& p : contour) xyz.insert(xyz.end(), {p.x, p.y, p.z});
      b.put(DCM_ContourData, decimals(xyz), c);
    }
    DcmItem* obs = b.add_item(DCM_RTROIObservationsSequence);
    b.put(DCM_ObservationNumber, number, obs);
    b.put(DCM_ReferencedROINumber, number, obs);
    b.put(DCM_RTROIInterpretedType, rois[r].type, obs);
    b.put(DCM_ROIInterpreter, "", obs);
  }
  b.save(path);
  return b.sop_uid();
}

}  // namespace srtdose::dicom
