// Building DICOM datasets for export: the modules every srtdose-written object shares
// (patient, study, series, frame of reference, equipment, SOP common), values checked as
// they are put, and an atomic save (Part 10, explicit VR little endian).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "host/core/grid3.h"

class DcmFileFormat;
class DcmItem;
class DcmTagKey;

namespace srtdose::dicom {

/// Who and what the exported objects belong to; shared by a CT, its structures, plan and dose.
struct DicomIdentity {
  std::string patient_id = "SRTDOSE", patient_name = "Anonymous^";
  std::string study_uid, frame_uid;  ///< fresh UIDs when empty (see complete())
  std::string date, time;            ///< YYYYMMDD, HHMMSS: now when empty
  /// Fills the empty UIDs and date/time.
  DicomIdentity& complete();
};

std::string new_uid();
/// A DS value (at most 16 characters).
std::string decimal(double x);
/// Several DS values joined by backslashes.
std::string decimals(const std::vector<double>& xs);

class DatasetBuilder {
 public:
  /// A dataset with the common modules; modality e.g. "CT", "RTSTRUCT", "RTPLAN", "RTDOSE".
  DatasetBuilder(const char* sop_class_uid, const std::string& modality, const DicomIdentity& id,
                 const std::string& series_uid, int series_number, const std::string& description);
  ~DatasetBuilder();
  DatasetBuilder(const DatasetBuilder&) = delete;
  DatasetBuilder& operator=(const DatasetBuilder&) = delete;

  /// Sets a value in the dataset (or in `item`); throws IoError naming the tag on failure.
  void put(const DcmTagKey& tag, const std::string& value, DcmItem* item = nullptr);
  /// Image plane and pixel modules of slice k of grid (axial, x fastest): position,
  /// orientation, spacing, rows, columns, `bits`-bit grey pixels (signed or not).
  void put_image_geometry(const Grid3& grid, int k, int bits, bool is_signed);
  /// Appends an item to sequence `tag` of `parent` (the dataset when null) and returns it.
  DcmItem* add_item(const DcmTagKey& tag, DcmItem* parent = nullptr);
  DcmItem& dataset();
  const std::string& sop_uid() const { return sop_uid_; }
  /// Writes the file atomically; throws IoError.
  void save(const std::filesystem::path& path);

 private:
  std::unique_ptr<DcmFileFormat> file_;
  std::string sop_uid_;
};

}  // namespace srtdose::dicom
