#include "host/io/rtdose.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <cmath>
#include <cstdint>

#include "host/core/dose_values.h"
#include "host/core/error.h"
#include "host/core/limits.h"
#include "host/core/memory_budget.h"
#include "host/io/dicom_writer.h"

namespace srtdose::dicom {

RtDose read_rtdose(const DicomFile& f) {
  const DicomItem d = f.dataset();
  require_modality(f, "RTDOSE");
  RtDose r;
  r.units = d.string(DCM_DoseUnits);
  r.type = d.optional_string(DCM_DoseType).value_or("");
  r.summation = d.optional_string(DCM_DoseSummationType).value_or("");
  r.frame_of_reference_uid = d.optional_string(DCM_FrameOfReferenceUID).value_or("");
  r.study_uid = d.optional_string(DCM_StudyInstanceUID).value_or("");
  r.patient_id = d.optional_string(DCM_PatientID).value_or("");
  for (const DicomItem& p : d.sequence(DCM_ReferencedRTPlanSequence))
    if (r.referenced_plan_uid.empty())
      r.referenced_plan_uid = p.optional_string(DCM_ReferencedSOPInstanceUID).value_or("");
  const auto [sx, sy] = axial_orientation(d);
  const std::vector<double> ipp = d.numbers(DCM_ImagePositionPatient, 3);
  const std::vector<double> ps = d.numbers(DCM_PixelSpacing, 2);
  const int rows = d.integer(DCM_Rows, 1, 65535), cols = d.integer(DCM_Columns, 1, 65535);
  const int frames = d.optional_integer(DCM_NumberOfFrames, 1, 100000).value_or(1);
  std::vector<double> offsets =
      frames > 1 ? d.numbers(DCM_GridFrameOffsetVector)
                 : d.optional_numbers(DCM_GridFrameOffsetVector).value_or(std::vector<double>{0.0});
  // A single frame needs one offset; some writers leave the whole vector of a multi-frame
  // original (pydicom's rtdose_1frame.dcm): the first value is the frame's.
  if (frames == 1 && offsets.size() > 1) offsets.erase(offsets.begin() + 1, offsets.end());
  if (static_cast<int>(offsets.size()) != frames)
    throw IoError(d.where(DCM_GridFrameOffsetVector) + ": " + std::to_string(offsets.size()) +
                  " values for " + std::to_string(frames) + " frames");
  // Relative offsets start at 0; absolute ones start at the first frame's z (PS3.3 C.8.8.3.2).
  if (offsets[0] != 0) {
    if (std::abs(offsets[0] - ipp[2]) > 1e-3)
      throw IoError(d.where(DCM_GridFrameOffsetVector) +
                    ": first value is neither 0 nor ImagePositionPatient z");
    for (double& z : offsets) z -= ipp[2];
  }
  double dz =
      frames > 1 ? offsets[1] - offsets[0] : d.optional_number(DCM_SliceThickness).value_or(1.0);
  for (int k = 1; k < frames; ++k)
    if (std::abs(offsets[static_cast<std::size_t>(k)] - offsets[static_cast<std::size_t>(k) - 1] -
                 dz) > 1e-3 * std::max(1.0, std::abs(dz)))
      throw IoError(d.where(DCM_GridFrameOffsetVector) + ": frames are not evenly spaced");
  if (frames > 1 && std::abs(dz) < 1e-6)
    throw IoError(d.where(DCM_GridFrameOffsetVector) + ": frames at the same position");
  const double scaling = d.optional_number(DCM_DoseGridScaling).value_or(1.0);
  if (!(scaling > 0 && scaling <= kMaxDoseGy))
    throw IoError(d.where(DCM_DoseGridScaling) + ": " + std::to_string(scaling) +
                  " is not a scaling in (0, " + std::to_string(static_cast<int>(kMaxDoseGy)) +
                  "] Gy per stored value");
  check_memory(f.path().string() + ": RT Dose of " + std::to_string(cols) + " x " +
                   std::to_string(rows) + " x " + std::to_string(frames) + " voxels",
               double(rows) * cols * frames, 12.0);
  const std::vector<double> px = f.pixel_values();
  const double x_step = ps[1], y_step = ps[0];
  const Vec3 origin{sx > 0 ? ipp[0] : ipp[0] - (cols - 1) * x_step,
                    sy > 0 ? ipp[1] : ipp[1] - (rows - 1) * y_step,
                    ipp[2] + std::min(0.0, (frames - 1) * dz)};
  check_image_geometry({x_step, y_step, std::abs(dz)}, origin, f.path().string());
  const Grid3 g({cols, rows, frames}, {x_step, y_step, std::abs(dz)}, origin);
  r.dose = Volume<float>(g, 0.0f);
  for (int f_ = 0; f_ < frames; ++f_) {
    const int k = dz > 0 ? f_ : frames - 1 - f_;
    for (int row = 0; row < rows; ++row)
      for (int c = 0; c < cols; ++c) {
        const int i = sx > 0 ? c : cols - 1 - c, j = sy > 0 ? row : rows - 1 - row;
        r.dose.at(i, j, k) = static_cast<float>(
            scaling * px[(static_cast<std::size_t>(f_) * rows + row) * cols + c]);
      }
  }
  check_dose_values(r.dose, f.path().string() + ": PixelData x DoseGridScaling");
  return r;
}

void write_rtdose(const std::filesystem::path& path, const Volume<float>& dose,
                  const RtDoseExport& m) {
  const Grid3& g = dose.grid();
  double max = 0;
  for (float v : dose.values()) {
    if (!std::isfinite(v) || v < 0)
      throw InputError("RT Dose export: the dose has negative or non-finite values");
    max = std::max(max, static_cast<double>(v));
  }
  // 16-bit pixels: a step of max / 65535 (0.0015 % of the maximum), and readable by every
  // validator (dicom3tools' dciodvfy cannot parse 32-bit OW pixel data).
  const double scaling = max > 0 ? max / 65535.0 : 1.0;
  DicomIdentity id;
  id.patient_id = m.patient_id.empty() ? id.patient_id : m.patient_id;
  id.patient_name = m.patient_name.empty() ? id.patient_name : m.patient_name;
  id.study_uid = m.study_uid;
  id.frame_uid = m.frame_of_reference_uid;
  id.complete();
  DatasetBuilder b(UID_RTDoseStorage, "RTDOSE", id, new_uid(), 1, m.series_description);
  b.put(DCM_InstanceNumber, "1");
  b.put_image_geometry(g, 0, 16, false);
  b.put(DCM_NumberOfFrames, std::to_string(g.nz()));
  if (b.dataset().putAndInsertTagKey(DCM_FrameIncrementPointer, DCM_GridFrameOffsetVector).bad())
    throw IoError("RT Dose export: cannot set FrameIncrementPointer");
  std::vector<double> offsets;
  for (int k = 0; k < g.nz(); ++k) offsets.push_back(k * g.spacing_mm().z);
  b.put(DCM_GridFrameOffsetVector, decimals(offsets));
  b.put(DCM_DoseUnits, "GY");
  b.put(DCM_DoseType, "PHYSICAL");
  b.put(DCM_DoseSummationType, "PLAN");
  b.put(DCM_DoseGridScaling, decimal(scaling));
  if (!m.comment.empty()) b.put(DCM_DoseComment, m.comment.substr(0, 64));
  if (!m.referenced_plan_uid.empty()) {
    DcmItem* item = b.add_item(DCM_ReferencedRTPlanSequence);
    b.put(DCM_ReferencedSOPClassUID, UID_RTPlanStorage, item);
    b.put(DCM_ReferencedSOPInstanceUID, m.referenced_plan_uid, item);
  }
  std::vector<Uint16> pixels(static_cast<std::size_t>(g.size()));
  for (std::int64_t v = 0; v < g.size(); ++v)
    pixels[static_cast<std::size_t>(v)] =
        static_cast<Uint16>(std::min(65535.0, std::round(dose[v] / scaling)));
  if (b.dataset()
          .putAndInsertUint16Array(DCM_PixelData, pixels.data(),
                                   static_cast<unsigned long>(pixels.size()))
          .bad())
    throw IoError("RT Dose export: cannot store the pixel data");
  b.save(path);
}

}  // namespace srtdose::dicom
