// DICOM Spatial Registration (modality REG, PS3.3 C.20.2): the rigid matrices that place each
// registered frame of reference in the registration's own frame.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "host/geometry/rigid_transform.h"
#include "host/io/dicom_file.h"

namespace srtdose::dicom {

struct SpatialRegistration {
  std::string frame_of_reference_uid;  ///< the registration's frame (A)
  struct Item {
    std::string frame_of_reference_uid;  ///< a registered frame (B)
    RigidTransform to_registration;      ///< maps B coordinates to A (the matrix A_M_B)
  };
  std::vector<Item> items;

  /// The transform from frame `from_uid` to frame `to_uid` (through the registration's frame).
  /// Throws InputError naming the file and listing the frames it has when one is missing.
  RigidTransform transform(const std::string& from_uid, const std::string& to_uid,
                           const std::string& file) const;
};

/// Reads a REG file: every Registration Sequence item's frame and its RIGID matrices (several
/// matrices in one item are composed in order). Throws IoError naming file and tag for a
/// missing or malformed attribute, InputError for a non-rigid (deformable, affine) matrix.
SpatialRegistration read_spatial_registration(const DicomFile& file);

/// Writes a REG file placing `moving_uid` in the frame `fixed_uid` by `moving_to_fixed`
/// (two items: the fixed frame with the identity, the moving frame with the matrix).
void write_spatial_registration(const std::filesystem::path& path, const std::string& fixed_uid,
                                const std::string& moving_uid,
                                const RigidTransform& moving_to_fixed);

}  // namespace srtdose::dicom
