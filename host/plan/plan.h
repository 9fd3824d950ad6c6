// Plan format v1 (docs/plan-format.md) as C++ data. parse_plan fills it strictly.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "host/core/grid3.h"
#include "host/core/hu_calibration.h"
#include "host/geometry/iec61217.h"
#include "host/plan/mlc_model.h"

namespace srtdose {

enum class ShapeType { Box, Sphere, Cylinder };

/// An analytic solid in patient coordinates (mm).
struct Shape {
  ShapeType type = ShapeType::Box;
  Vec3 min_mm, max_mm;   ///< box
  Vec3 center_mm;        ///< sphere, cylinder
  double radius_mm = 0;  ///< sphere, cylinder
  int axis = 2;          ///< cylinder axis: 0 = x, 1 = y, 2 = z
  double length_mm = 0;  ///< cylinder length along its axis
};

/// One painted object of a phantom; `structure` also makes it a structure.
struct PhantomObject {
  Shape shape;
  std::string material;
  double density_g_cm3 = 1.0;
  std::optional<std::string> structure;
};

struct PhantomSpec {
  Box3 extent_mm;
  Vec3 voxel_mm;
  std::string medium_material = "water";
  double medium_density_g_cm3 = 1.0;
  std::vector<PhantomObject> objects;
};

/// A CT volume in HDF5: dataset of HU with origin_mm / spacing_mm attributes.
struct CtSpec {
  std::filesystem::path hdf5;
  std::string dataset = "hu";
  HuCalibration hu_to_density = HuCalibration::generic();
};

struct DicomSpec {
  std::filesystem::path dir;
};

struct PatientSpec {
  std::variant<PhantomSpec, CtSpec, DicomSpec> source;
  PatientPosition position = PatientPosition::HFS;
};

/// Jaw positions at the isocentre plane (mm), IEC beam-limiting-device coordinates.
struct Jaws {
  double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
};

/// Leaf-end positions at the isocentre plane (mm): bank A = DICOM leaves 1..N (the -x side),
/// bank B = leaves N+1..2N (the +x side), pairs ordered by increasing y.
struct MlcPositions {
  MlcModel model = MlcModel::Millennium120;
  std::vector<double> a_mm, b_mm;
};

/// What limits the field: jaws (always present unless a cone is used), MLC, or a cone.
struct Aperture {
  std::optional<Jaws> jaws;
  std::optional<MlcPositions> mlc;
  std::optional<double> cone_mm;  ///< circular cone diameter at the isocentre
};

/// The jaws a cone beam is delivered with when the plan gives none: 5 mm outside the cone at
/// the isocentre. They leave the cone's primary field unchanged but limit the head scatter
/// (the fluence model) and are what DICOM export writes (jaws are required there).
inline Jaws default_cone_jaws(double cone_mm) {
  const double h = 0.5 * cone_mm + 5;
  return Jaws{-h, h, -h, h};
}

/// The aperture as delivered: a cone beam without jaws gets default_cone_jaws.
inline Aperture delivered_aperture(Aperture a) {
  if (a.cone_mm && !a.jaws) a.jaws = default_cone_jaws(*a.cone_mm);
  return a;
}

enum class RotationDirection { CW, CC };

struct ArcSpec {
  double start_deg = 0, stop_deg = 0;
  RotationDirection direction = RotationDirection::CW;
  double spacing_deg = 2.0;
};

/// A control point as in DICOM: cumulative meterset weight; gantry/aperture may change.
struct ControlPoint {
  double gantry_deg = 0;
  double meterset_weight = 0;  ///< cumulative
  Aperture aperture;
};

struct BeamSpec {
  std::string name;
  double gantry_deg = 0, collimator_deg = 0, couch_deg = 0;
  Vec3 isocenter_mm;
  double sad_mm = 1000.0;
  double mu = 0;  ///< monitor units per fraction
  Aperture aperture;
  std::optional<ArcSpec> arc;
  std::vector<ControlPoint> control_points;
};

struct DoseGridSpec {
  std::optional<Vec3> voxel_mm;
  std::optional<Box3> extent_mm;
};

/// An extra structure: an analytic shape or a fractional mask in HDF5.
struct StructureSpec {
  std::string name;
  std::optional<Shape> shape;
  std::filesystem::path hdf5;
  std::string dataset;
};

struct Prescription {
  std::string target;
  double dose_gy = 0;  ///< total over all fractions
  int fractions = 1;
  std::optional<double> coverage_volume_pct;
};

struct Plan {
  std::filesystem::path source_file;  ///< where it was read from (relative paths resolve here)
  std::string name;
  PatientSpec patient;
  std::string machine;
  std::vector<BeamSpec> beams;
  DoseGridSpec dose_grid;
  std::vector<StructureSpec> structures;
  std::optional<Prescription> prescription;
  int fractions = 1;
};

/// The built-in machine names.
const std::vector<std::string>& builtin_machine_names();

}  // namespace srtdose
