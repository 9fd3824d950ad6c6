#include "host/io/rtstruct.h"

#include <dcmtk/dcmdata/dcdeftag.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "host/core/error.h"
#include "host/core/limits.h"
#include "host/core/numeric_cast.h"

namespace srtdose::dicom {

StructureSet read_rtstruct(const DicomFile& f) {
  const DicomItem d = f.dataset();
  require_modality(f, "RTSTRUCT");
  StructureSet s;
  s.label = d.optional_string(DCM_StructureSetLabel).value_or("");
  std::map<int, RoiContours> rois;
  for (const DicomItem& roi : d.required_sequence(DCM_StructureSetROISequence)) {
    RoiContours r;
    r.number = roi.integer(DCM_ROINumber, kMinId, kMaxId);
    r.name = roi.optional_string(DCM_ROIName).value_or("ROI" + std::to_string(r.number));
    rois[r.number] = r;
  }
  for (const DicomItem& ref : d.sequence(DCM_ReferencedFrameOfReferenceSequence)) {
    if (s.frame_of_reference_uid.empty())
      s.frame_of_reference_uid = ref.optional_string(DCM_FrameOfReferenceUID).value_or("");
    for (const DicomItem& study : ref.sequence(DCM_RTReferencedStudySequence))
      for (const DicomItem& series : study.sequence(DCM_RTReferencedSeriesSequence))
        if (s.referenced_series_uid.empty())
          s.referenced_series_uid = series.optional_string(DCM_SeriesInstanceUID).value_or("");
  }
  for (const DicomItem& obs : d.sequence(DCM_RTROIObservationsSequence)) {
    const auto n = obs.optional_integer(DCM_ReferencedROINumber, kMinId, kMaxId);
    if (n && rois.count(*n))
      rois[*n].interpreted_type = obs.optional_string(DCM_RTROIInterpretedType).value_or("");
  }
  for (const DicomItem& rc : d.sequence(DCM_ROIContourSequence)) {
    const int n = rc.integer(DCM_ReferencedROINumber, kMinId, kMaxId);
    auto it = rois.find(n);
    if (it == rois.end())
      throw IoError(rc.where(DCM_ReferencedROINumber) + ": ROI " + std::to_string(n) +
                    " is not in the StructureSetROISequence");
    for (const DicomItem& c : rc.sequence(DCM_ContourSequence)) {
      const std::string type =
          c.optional_string(DCM_ContourGeometricType).value_or("CLOSED_PLANAR");
      if (type == "POINT") continue;
      if (type != "CLOSED_PLANAR")
        throw IoError(c.where(DCM_ContourGeometricType) + ": ROI \"" + it->second.name +
                      "\" has a " + type + " contour, which encloses no volume");
      const std::vector<double> xyz = c.numbers(DCM_ContourData);
      if (xyz.size() % 3 != 0 || xyz.size() < 9)
        throw IoError(c.where(DCM_ContourData) + ": needs at least 3 points (x\\y\\z each)");
      for (double v : xyz)
        if (std::abs(v) > kMaxPatientCoordinateMm)
          throw IoError(c.where(DCM_ContourData) + ": ROI \"" + it->second.name +
                        "\": a contour point lies beyond +-" +
                        std::to_string(static_cast<int>(kMaxPatientCoordinateMm)) + " mm");
      std::vector<Vec3> pts;
      for (std::size_t i = 0; i < xyz.size(); i += 3)
        pts.push_back({xyz[i], xyz[i + 1], xyz[i + 2]});
      for (const Vec3& p : pts)
        if (std::abs(p.z - pts[0].z) > 0.05)
          throw IoError(c.where(DCM_ContourData) + ": ROI \"" + it->second.name +
                        "\": contour points are not in one axial plane");
      it->second.contours.push_back(std::move(pts));
    }
  }
  for (auto& [n, r] : rois) s.rois.push_back(std::move(r));
  return s;
}

Volume<float> rasterise_roi(const RoiContours& roi, const Grid3& g, int ss) {
  Volume<float> mask(g, 0.0f);
  const double sx = g.spacing_mm().x, sy = g.spacing_mm().y, sz = g.spacing_mm().z;
  for (int k = 0; k < g.nz(); ++k) {
    const double zc = g.position_mm(0, 0, k).z;
    // Contours of this slice: those in the plane nearest the slice centre within half a voxel.
    double best = 0.5 * sz + 1e-6;
    for (const auto& c : roi.contours) best = std::min(best, std::abs(c[0].z - zc));
    std::vector<const std::vector<Vec3>*> here;
    for (const auto& c : roi.contours)
      if (std::abs(std::abs(c[0].z - zc) - best) < 1e-3 && best <= 0.5 * sz + 1e-6)
        here.push_back(&c);
    if (here.empty()) continue;
    std::vector<int> count(static_cast<std::size_t>(g.nx()) * g.ny(), 0);
    const double x0 = g.position_mm(0, 0, 0).x - 0.5 * sx;
    // Each sub-row: crossings of every contour edge (even-odd), then the sub-columns between
    // pairs of crossings are inside.
    for (int j = 0; j < g.ny(); ++j)
      for (int sj = 0; sj < ss; ++sj) {
        const double y = g.position_mm(0, j, 0).y - 0.5 * sy + (sj + 0.5) * sy / ss;
        std::vector<double> xs;
        for (const auto* c : here)
          for (std::size_t p = 0; p < c->size(); ++p) {
            const Vec3& a = (*c)[p];
            const Vec3& b = (*c)[(p + 1) % c->size()];
            if ((a.y <= y) != (b.y <= y)) xs.push_back(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
          }
        std::sort(xs.begin(), xs.end());
        for (std::size_t q = 0; q + 1 < xs.size(); q += 2) {
          // Sub-columns with centres in [xs[q], xs[q+1]).
          const double u0 = (xs[q] - x0) / (sx / ss) - 0.5, u1 = (xs[q + 1] - x0) / (sx / ss) - 0.5;
          const long sub_columns = static_cast<long>(g.nx()) * ss;
          const long first = clamped_ceil<long>(u0, 0, sub_columns);
          const long last = clamped_ceil<long>(u1, 0, sub_columns) - 1;
          for (long u = first; u <= last; ++u)
            ++count[static_cast<std::size_t>(j) * g.nx() + static_cast<std::size_t>(u / ss)];
        }
      }
    const float per = 1.0f / static_cast<float>(ss * ss);
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i)
        mask.at(i, j, k) = std::min(1.0f, per * count[static_cast<std::size_t>(j) * g.nx() + i]);
  }
  return mask;
}

}  // namespace srtdose::dicom
