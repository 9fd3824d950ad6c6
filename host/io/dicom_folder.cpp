#include "host/io/dicom_folder.h"

#include <dcmtk/dcmdata/dcdeftag.h>

#include <algorithm>

#include "host/core/error.h"
#include "host/io/dicom_file.h"

namespace srtdose::dicom {

namespace fs = std::filesystem;

std::vector<const DicomEntry*> FolderScan::of(const std::string& modality) const {
  std::vector<const DicomEntry*> out;
  for (const DicomEntry& e : entries)
    if (e.modality == modality) out.push_back(&e);
  return out;
}

FolderScan scan_dicom_folder(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw IoError(dir.string() + ": not a folder");
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  FolderScan scan;
  for (const fs::path& p : files) {
    std::string ext = p.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool candidate = looks_like_dicom(p) || ext == ".dcm";
    if (!candidate) continue;
    try {
      const DicomFile f = DicomFile::load(p);
      const DicomItem d = f.dataset();
      DicomEntry e;
      e.path = p;
      e.modality = f.modality();
      e.sop_uid = d.optional_string(DCM_SOPInstanceUID).value_or("");
      e.series_uid = d.optional_string(DCM_SeriesInstanceUID).value_or("");
      e.study_uid = d.optional_string(DCM_StudyInstanceUID).value_or("");
      e.frame_uid = d.optional_string(DCM_FrameOfReferenceUID).value_or("");
      e.patient_id = d.optional_string(DCM_PatientID).value_or("");
      if (e.modality == "RTPLAN") {
        for (const DicomItem& r : d.sequence(DCM_ReferencedStructureSetSequence))
          e.referenced_uid = r.optional_string(DCM_ReferencedSOPInstanceUID).value_or("");
      } else if (e.modality == "RTDOSE") {
        e.summation = d.optional_string(DCM_DoseSummationType).value_or("");
        for (const DicomItem& r : d.sequence(DCM_ReferencedRTPlanSequence))
          e.referenced_uid = r.optional_string(DCM_ReferencedSOPInstanceUID).value_or("");
      } else if (e.modality == "RTSTRUCT") {
        for (const DicomItem& f1 : d.sequence(DCM_ReferencedFrameOfReferenceSequence))
          for (const DicomItem& st : f1.sequence(DCM_RTReferencedStudySequence))
            for (const DicomItem& se : st.sequence(DCM_RTReferencedSeriesSequence))
              e.referenced_uid = se.optional_string(DCM_SeriesInstanceUID).value_or("");
      }
      scan.entries.push_back(std::move(e));
    } catch (const Error& err) {
      scan.unreadable.push_back(err.what());
      scan.unreadable_paths.push_back(p);
    }
  }
  return scan;
}

}  // namespace srtdose::dicom
