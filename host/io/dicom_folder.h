// The DICOM files of a folder (recursively), classified by modality with the UIDs that tie a
// plan to its CT, structure set and dose.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace srtdose::dicom {

struct DicomEntry {
  std::filesystem::path path;
  std::string modality, sop_uid, series_uid, study_uid, frame_uid, patient_id;
  /// RTPLAN: its structure set; RTDOSE: its plan; RTSTRUCT: its CT series.
  std::string referenced_uid;
  std::string summation;  ///< RTDOSE: DoseSummationType
};

struct FolderScan {
  std::vector<DicomEntry> entries;
  /// "path: reason" for files that look like DICOM (preamble or .dcm) but cannot be read.
  std::vector<std::string> unreadable;
  std::vector<std::filesystem::path> unreadable_paths;  ///< the same files
  std::vector<const DicomEntry*> of(const std::string& modality) const;
};

/// Reads the headers of every file under dir (pixel data is not loaded). Throws IoError when
/// dir is not a folder.
FolderScan scan_dicom_folder(const std::filesystem::path& dir);

}  // namespace srtdose::dicom
