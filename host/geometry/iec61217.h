// Beam geometry per IEC 61217 as DICOM RT Plan uses it: gantry, collimator (beam limiting
// device) and couch (patient support) rotations, expressed in DICOM patient coordinates.
#pragma once

#include <string>
#include <string_view>

#include "kernels/common/bev_frame.h"
#include "kernels/common/vec3.h"

namespace srtdose {

/// DICOM Patient Position (0018,5100) for the positions srtdose supports.
enum class PatientPosition { HFS, HFP, FFS, FFP };

PatientPosition patient_position_by_name(std::string_view name, const std::string& where);
std::string_view to_string(PatientPosition p);

/// A beam direction in patient coordinates (mm, unit vectors).
struct BeamFrame {
  Vec3 source_mm;  ///< x-ray source (focal spot)
  Vec3 isocenter_mm;
  Vec3 axis;   ///< central-axis direction, from the source towards the isocentre
  Vec3 bld_x;  ///< IEC beam-limiting-device X axis (X jaws, MLC leaf travel)
  Vec3 bld_y;  ///< IEC beam-limiting-device Y axis (Y jaws, leaf stacking)
  double sad_mm = 1000.0;

  /// Beam's-eye-view coordinates of a point: x and y projected to the isocentre plane (mm),
  /// z = distance from the source along the central axis (mm).
  Vec3 to_bev(const Vec3& p_mm) const;
  /// Inverse of to_bev.
  Vec3 from_bev(const Vec3& bev) const;
  /// The same transform as a value the CUDA kernels take.
  BevFrame view() const { return {source_mm, axis, bld_x, bld_y, sad_mm}; }
};

/// The frame of a beam at the given machine angles (degrees, IEC 61217 / DICOM).
/// Rotations follow IEC 61217: gantry about the fixed Y axis, collimator about the gantry
/// Z axis, couch about the fixed vertical axis, each positive counter-clockwise when viewed
/// from the positive end of its axis towards the origin.
BeamFrame beam_frame(double gantry_deg, double collimator_deg, double couch_deg,
                     const Vec3& isocenter_mm, double sad_mm,
                     PatientPosition position = PatientPosition::HFS);

}  // namespace srtdose
