#include "host/dicom/dicom_patient.h"

#include <set>

#include "host/core/error.h"
#include "host/dicom/dicom_folder.h"
#include "host/dicom/plan_files.h"

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
  const std::vector<const DicomEntry*> cts = scan.of("CT");
  std::vector<std::filesystem::path> files;
  for (const DicomEntry* e : cts) files.push_back(e->path);
  const std::string& series_uid = *series.begin();
  const std::string& frame_uid = cts.front()->frame_uid;
  const DicomEntry* rs = nullptr;
  for (const DicomEntry* e : scan.of("RTSTRUCT"))
    if (e->referenced_uid == series_uid || (!frame_uid.empty() && e->frame_uid == frame_uid)) {
      if (rs)
        throw InputError(dir.string() + ": two RT Structure Sets for the CT (" +
                         rs->path.filename().string() + ", " + e->path.filename().string() + ")");
      rs = e;
    }
  return dicom_patient_from(files, rs ? &rs->path : nullptr, position, calibration);
}

}  // namespace srtdose::dicom
