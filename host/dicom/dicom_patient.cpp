#include "host/dicom/dicom_patient.h"

#include <set>

#include "host/core/error.h"
#include "host/dicom/ct_series.h"
#include "host/dicom/dicom_folder.h"
#include "host/dicom/rtstruct.h"

namespace srtdose::dicom {

PatientModel dicom_patient(const std::filesystem::path& dir, PatientPosition position,
                           const HuCalibration& calibration) {
  const FolderScan scan = scan_dicom_folder(dir);
  std::set<std::string> series;
  for (const DicomEntry* e : scan.of("CT")) series.insert(e->series_uid);
  if (series.empty()) {
    std::string why = dir.string() + ": no CT series in the folder";
    if (!scan.unreadable.empty()) why += " (unreadable: " + scan.unreadable.front() + ")";
    throw InputError(why);
  }
  if (series.size() > 1) {
    std::string list;
    for (const std::string& s : series) list += (list.empty() ? "" : ", ") + s;
    throw InputError(dir.string() + ": " + std::to_string(series.size()) + " CT series (" + list +
                     "); give a folder with one");
  }
  std::vector<std::filesystem::path> files;
  for (const DicomEntry* e : scan.of("CT")) files.push_back(e->path);
  const CtSeries ct = read_ct_series(files);
  if (ct.position != position)
    throw InputError(dir.string() + ": the CT was scanned " + std::string(to_string(ct.position)) +
                     " but the plan is " + std::string(to_string(position)));
  PatientModel m = patient_from_hu(ct.hu, calibration, position, dir.string() + ": CT");
  const DicomEntry* rs = nullptr;
  for (const DicomEntry* e : scan.of("RTSTRUCT"))
    if (e->referenced_uid == ct.series_uid ||
        (!ct.frame_of_reference_uid.empty() && e->frame_uid == ct.frame_of_reference_uid)) {
      if (rs)
        throw InputError(dir.string() + ": two RT Structure Sets for the CT (" +
                         rs->path.filename().string() + ", " + e->path.filename().string() + ")");
      rs = e;
    }
  if (rs) {
    const StructureSet set = read_rtstruct(DicomFile::load(rs->path));
    for (const RoiContours& roi : set.rois)
      if (!roi.contours.empty()) m.structures.push_back({roi.name, rasterise_roi(roi, m.grid())});
  }
  return m;
}

}  // namespace srtdose::dicom
