#include "host/plan/dicom_patient.h"

#include <set>

#include "host/core/error.h"
#include "host/io/ct_series.h"
#include "host/io/dicom_file.h"
#include "host/io/dicom_folder.h"
#include "host/io/rtstruct.h"

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

PatientModel dicom_patient_from(const std::vector<std::filesystem::path>& ct_files,
                                const std::filesystem::path* structure_set,
                                PatientPosition position, const HuCalibration& calibration) {
  const CtSeries ct = read_ct_series(ct_files);
  const std::string label =
      ct_files.front().parent_path().string() + ": CT series " + ct.series_uid;
  if (ct.position != position)
    throw InputError(label + " was scanned " + std::string(to_string(ct.position)) +
                     " but the plan is " + std::string(to_string(position)));
  PatientModel m = patient_from_hu(ct.hu, calibration, position, label);
  if (structure_set) {
    const StructureSet set = read_rtstruct(DicomFile::load(*structure_set));
    for (const RoiContours& roi : set.rois)
      if (!roi.contours.empty()) m.structures.push_back({roi.name, rasterise_roi(roi, m.grid())});
  }
  return m;
}

}  // namespace srtdose::dicom
