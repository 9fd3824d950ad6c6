#include "host/geometry/iec61217.h"

#include <Eigen/Geometry>
#include <numbers>

#include "host/core/error.h"

namespace srtdose {

namespace {

Vec3 to_vec3(const Eigen::Vector3d& v) {
  return {v.x(), v.y(), v.z()};
}

// Maps a vector in DICOM patient coordinates to the IEC patient-support system (couch at 0).
// HFS: patient left = +Xf, superior = +Yf (towards the gantry), anterior = +Zf.
Eigen::Matrix3d patient_to_support(PatientPosition p) {
  Eigen::Matrix3d m;
  switch (p) {
    case PatientPosition::HFS:
      m << 1, 0, 0, 0, 0, 1, 0, -1, 0;
      break;
    case PatientPosition::HFP:
      m << -1, 0, 0, 0, 0, 1, 0, 1, 0;
      break;
    case PatientPosition::FFS:
      m << -1, 0, 0, 0, 0, -1, 0, -1, 0;
      break;
    case PatientPosition::FFP:
      m << 1, 0, 0, 0, 0, -1, 0, 1, 0;
      break;
  }
  return m;
}

double radians(double deg) {
  return deg * std::numbers::pi / 180.0;
}

}  // namespace

PatientPosition patient_position_by_name(std::string_view name, const std::string& where) {
  if (name == "HFS") return PatientPosition::HFS;
  if (name == "HFP") return PatientPosition::HFP;
  if (name == "FFS") return PatientPosition::FFS;
  if (name == "FFP") return PatientPosition::FFP;
  throw InputError(where + ": unknown patient position \"" + std::string(name) +
                   "\" (supported: HFS, HFP, FFS, FFP)");
}

std::string_view to_string(PatientPosition p) {
  switch (p) {
    case PatientPosition::HFS:
      return "HFS";
    case PatientPosition::HFP:
      return "HFP";
    case PatientPosition::FFS:
      return "FFS";
    case PatientPosition::FFP:
      return "FFP";
  }
  return "?";
}

BeamFrame beam_frame(double gantry_deg, double collimator_deg, double couch_deg,
                     const Vec3& isocenter_mm, double sad_mm, PatientPosition position) {
  using Eigen::AngleAxisd;
  using Eigen::Vector3d;
  // Beam-limiting-device vector -> patient vector: v_p = M^T Rz(couch)^T Ry(gantry) Rz(coll) v_b.
  const Eigen::Matrix3d bld_to_fixed = (AngleAxisd(radians(gantry_deg), Vector3d::UnitY()) *
                                        AngleAxisd(radians(collimator_deg), Vector3d::UnitZ()))
                                           .toRotationMatrix();
  const Eigen::Matrix3d fixed_to_support =
      AngleAxisd(radians(couch_deg), Vector3d::UnitZ()).toRotationMatrix().transpose();
  const Eigen::Matrix3d bld_to_patient =
      patient_to_support(position).transpose() * fixed_to_support * bld_to_fixed;

  BeamFrame f;
  f.sad_mm = sad_mm;
  f.isocenter_mm = isocenter_mm;
  const Vec3 towards_source = to_vec3(bld_to_patient.col(2));
  f.source_mm = isocenter_mm + sad_mm * towards_source;
  f.axis = -towards_source;
  f.bld_x = to_vec3(bld_to_patient.col(0));
  f.bld_y = to_vec3(bld_to_patient.col(1));
  return f;
}

Vec3 BeamFrame::to_bev(const Vec3& p_mm) const {
  return view().to_bev(p_mm);
}

Vec3 BeamFrame::from_bev(const Vec3& bev) const {
  return view().from_bev(bev);
}

}  // namespace srtdose
