#include "host/io/dicom_writer.h"

#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <ctime>
#include <sstream>

#include "host/core/error.h"
#include "host/io/atomic_output.h"
#include "srtdose/config.h"

namespace srtdose::dicom {

std::string new_uid() {
  char buf[100];
  dcmGenerateUniqueIdentifier(buf, SITE_INSTANCE_UID_ROOT);
  return buf;
}

DicomIdentity& DicomIdentity::complete() {
  if (study_uid.empty()) study_uid = new_uid();
  if (frame_uid.empty()) frame_uid = new_uid();
  const std::time_t now = std::time(nullptr);
  char d[9], t[7];
  std::strftime(d, sizeof d, "%Y%m%d", std::localtime(&now));
  std::strftime(t, sizeof t, "%H%M%S", std::localtime(&now));
  if (date.empty()) date = d;
  if (time.empty()) time = t;
  return *this;
}

std::string decimal(double x) {
  for (int precision = 12; precision > 4; --precision) {
    std::ostringstream o;
    o.precision(precision);
    o << x;
    if (o.str().size() <= 16) return o.str();
  }
  std::ostringstream o;
  o.precision(4);
  o << x;
  return o.str();
}

std::string decimals(const std::vector<double>& xs) {
  std::string s;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (i) s += '\\';
    s += decimal(xs[i]);
  }
  return s;
}

DatasetBuilder::DatasetBuilder(const char* sop_class, const std::string& modality,
                               const DicomIdentity& id, const std::string& series_uid,
                               int series_number, const std::string& description)
    : file_(std::make_unique<DcmFileFormat>()), sop_uid_(new_uid()) {
  put(DCM_SOPClassUID, sop_class);
  put(DCM_SOPInstanceUID, sop_uid_);
  put(DCM_SpecificCharacterSet, "ISO_IR 100");
  put(DCM_InstanceCreationDate, id.date);
  put(DCM_InstanceCreationTime, id.time);
  put(DCM_Modality, modality);
  put(DCM_Manufacturer, "srtdose");
  put(DCM_SoftwareVersions, SRTDOSE_VERSION);
  put(DCM_PatientName, id.patient_name);
  put(DCM_PatientID, id.patient_id);
  put(DCM_PatientBirthDate, "");
  put(DCM_PatientSex, "");
  put(DCM_StudyInstanceUID, id.study_uid);
  put(DCM_StudyDate, id.date);
  put(DCM_StudyTime, id.time);
  put(DCM_ReferringPhysicianName, "");
  put(DCM_StudyID, "srtdose");
  put(DCM_AccessionNumber, "");
  put(DCM_SeriesInstanceUID, series_uid);
  put(DCM_SeriesNumber, std::to_string(series_number));
  put(DCM_SeriesDescription, description);
  put(DCM_OperatorsName, "");
  put(DCM_FrameOfReferenceUID, id.frame_uid);
  put(DCM_PositionReferenceIndicator, "");
}

DatasetBuilder::~DatasetBuilder() = default;

DcmItem& DatasetBuilder::dataset() {
  return *file_->getDataset();
}

void DatasetBuilder::put(const DcmTagKey& tag, const std::string& value, DcmItem* item) {
  DcmItem& target = item ? *item : dataset();
  if (target.putAndInsertString(tag, value.c_str()).bad())
    throw IoError("DICOM export: cannot set " + std::string(DcmTag(tag).getTagName()) + " to \"" +
                  value + "\"");
}

void DatasetBuilder::put_image_geometry(const Grid3& g, int k, int bits, bool is_signed) {
  const Vec3 p = g.position_mm(0, 0, k);
  put(DCM_ImagePositionPatient, decimals({p.x, p.y, p.z}));
  put(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
  put(DCM_SliceThickness, decimal(g.spacing_mm().z));
  put(DCM_PixelSpacing, decimals({g.spacing_mm().y, g.spacing_mm().x}));
  put(DCM_SamplesPerPixel, "1");
  put(DCM_PhotometricInterpretation, "MONOCHROME2");
  put(DCM_Rows, std::to_string(g.ny()));
  put(DCM_Columns, std::to_string(g.nx()));
  put(DCM_BitsAllocated, std::to_string(bits));
  put(DCM_BitsStored, std::to_string(bits));
  put(DCM_HighBit, std::to_string(bits - 1));
  put(DCM_PixelRepresentation, is_signed ? "1" : "0");
}

DcmItem* DatasetBuilder::add_item(const DcmTagKey& tag, DcmItem* parent) {
  DcmItem& target = parent ? *parent : dataset();
  DcmItem* item = nullptr;
  if (target.findOrCreateSequenceItem(tag, item, -2).bad() || !item)
    throw IoError("DICOM export: cannot add an item to " + std::string(DcmTag(tag).getTagName()));
  return item;
}

void DatasetBuilder::save(const std::filesystem::path& path) {
  AtomicOutput out(path);
  const OFCondition st = file_->saveFile(out.temp_path().c_str(), EXS_LittleEndianExplicit,
                                         EET_ExplicitLength, EGL_recalcGL, EPD_withoutPadding);
  if (st.bad()) throw IoError(path.string() + ": cannot write (" + st.text() + ")");
  out.commit();
}

}  // namespace srtdose::dicom
