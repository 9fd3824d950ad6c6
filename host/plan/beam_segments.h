// A beam (static, arc or control points) expanded into fixed-geometry segments for dose engines.
#pragma once

#include <vector>

#include "host/plan/plan.h"

namespace srtdose {

/// One fixed beam direction and aperture delivering `mu` monitor units (per fraction).
struct BeamSegment {
  double gantry_deg = 0, collimator_deg = 0, couch_deg = 0;
  Vec3 isocenter_mm;
  double sad_mm = 1000.0;
  Aperture aperture;
  double mu = 0;
};

/// Static beam: one segment. Arc: ceil(length / spacing) segments at the mid-angles of equal
/// sub-arcs, MU shared equally. Control points: one segment per pair of consecutive control
/// points with meterset weight > 0, at the mid gantry angle, jaws and leaves interpolated to
/// the middle, MU in proportion to the meterset weight difference (DICOM cumulative weights).
std::vector<BeamSegment> expand_beam(const BeamSpec& beam);

/// Signed arc length from a to b (degrees) in the rotation direction, in (0, 360].
double arc_length_deg(double start_deg, double stop_deg, RotationDirection dir);
/// The number of sub-arcs of an arc: ceil(length / spacing_deg) (at most 3600 for a valid
/// plan's spacing >= 0.1 degree; InputError beyond 360 000).
int arc_segment_count(const ArcSpec& arc);

}  // namespace srtdose
