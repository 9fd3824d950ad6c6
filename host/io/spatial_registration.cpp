#include "host/io/spatial_registration.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "host/core/error.h"
#include "host/io/dicom_writer.h"

namespace srtdose::dicom {

RigidTransform SpatialRegistration::transform(const std::string& from_uid,
                                              const std::string& to_uid,
                                              const std::string& file) const {
  auto find = [&](const std::string& uid) -> const RigidTransform* {
    if (uid == frame_of_reference_uid) {
      static const RigidTransform identity;
      for (const Item& i : items)
        if (i.frame_of_reference_uid == uid) return &i.to_registration;
      return &identity;
    }
    for (const Item& i : items)
      if (i.frame_of_reference_uid == uid) return &i.to_registration;
    return nullptr;
  };
  const RigidTransform* from = find(from_uid);
  const RigidTransform* to = find(to_uid);
  if (!from || !to) {
    std::string have = frame_of_reference_uid;
    for (const Item& i : items) have += ", " + i.frame_of_reference_uid;
    throw InputError(file + ": the registration does not place frame of reference " +
                     (!from ? from_uid : to_uid) + " (it has " + have + ")");
  }
  return to->inverse().after(*from);
}

SpatialRegistration read_spatial_registration(const DicomFile& file) {
  require_modality(file, "REG");
  const DicomItem ds = file.dataset();
  SpatialRegistration reg;
  reg.frame_of_reference_uid = ds.string(DCM_FrameOfReferenceUID);
  for (const DicomItem& item : ds.required_sequence(DCM_RegistrationSequence)) {
    SpatialRegistration::Item r;
    r.frame_of_reference_uid = item.string(DCM_FrameOfReferenceUID);
    for (const DicomItem& mr : item.required_sequence(DCM_MatrixRegistrationSequence))
      for (const DicomItem& m : mr.required_sequence(DCM_MatrixSequence)) {
        const std::string type = m.string(DCM_FrameOfReferenceTransformationMatrixType);
        if (type != "RIGID" && type != "RIGID_SCALE" && type != "AFFINE")
          throw IoError(m.where(DCM_FrameOfReferenceTransformationMatrixType) + ": '" + type +
                        "' is not a DICOM matrix type");
        const std::vector<double> v = m.numbers(DCM_FrameOfReferenceTransformationMatrix, 16);
        std::array<double, 16> a{};
        std::copy(v.begin(), v.end(), a.begin());
        // A RIGID_SCALE or AFFINE matrix that is in fact rigid is accepted; any scaling is not.
        const RigidTransform t = RigidTransform::from_matrix(
            a, m.where(DCM_FrameOfReferenceTransformationMatrix) + " (" + type + ")");
        r.to_registration = r.to_registration.after(t);
      }
    reg.items.push_back(std::move(r));
  }
  return reg;
}

void write_spatial_registration(const std::filesystem::path& path, const std::string& fixed_uid,
                                const std::string& moving_uid,
                                const RigidTransform& moving_to_fixed) {
  DicomIdentity id;
  id.frame_uid = fixed_uid;
  id.complete();
  DatasetBuilder b(UID_SpatialRegistrationStorage, "REG", id, new_uid(), 1, "srtdose registration");
  const std::pair<std::string, RigidTransform> items[] = {{fixed_uid, RigidTransform()},
                                                          {moving_uid, moving_to_fixed}};
  for (const auto& [uid, t] : items) {
    DcmItem* reg = b.add_item(DCM_RegistrationSequence);
    b.put(DCM_FrameOfReferenceUID, uid, reg);
    DcmItem* mr = b.add_item(DCM_MatrixRegistrationSequence, reg);
    DcmItem* m = b.add_item(DCM_MatrixSequence, mr);
    b.put(DCM_FrameOfReferenceTransformationMatrixType, "RIGID", m);
    b.put(DCM_FrameOfReferenceTransformationMatrix,
          decimals(std::vector<double>(t.matrix().begin(), t.matrix().end())), m);
  }
  b.save(path);
}

}  // namespace srtdose::dicom
