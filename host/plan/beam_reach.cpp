#include "host/plan/beam_reach.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "host/core/error.h"
#include "host/plan/beam_segments.h"

namespace srtdose {

double segment_length_in_box_mm(const Vec3& a, const Vec3& b, const Box3& box) {
  const Vec3 d = b - a;
  double lo = 0.0, hi = 1.0;
  for (int ax = 0; ax < 3; ++ax) {
    if (d[ax] == 0.0) {
      if (a[ax] < box.min_mm[ax] || a[ax] > box.max_mm[ax]) return 0.0;
      continue;
    }
    const double t0 = (box.min_mm[ax] - a[ax]) / d[ax], t1 = (box.max_mm[ax] - a[ax]) / d[ax];
    lo = std::max(lo, std::min(t0, t1));
    hi = std::min(hi, std::max(t0, t1));
  }
  return hi > lo ? (hi - lo) * norm(d) : 0.0;
}

namespace {

/// Half-extent rectangle of the aperture at the isocentre plane: {x1, x2, y1, y2}.
Jaws aperture_bounds(const Aperture& ap) {
  if (ap.cone_mm) {
    const double r = 0.5 * *ap.cone_mm;
    return {-r, r, -r, r};
  }
  return *ap.jaws;
}

}  // namespace

void check_beam_reaches(const BeamSpec& beam, PatientPosition position, const Box3& box,
                        const std::string& where) {
  for (const BeamSegment& s : expand_beam(beam)) {
    const BeamFrame f =
        beam_frame(s.gantry_deg, s.collimator_deg, s.couch_deg, s.isocenter_mm, s.sad_mm, position);
    const Jaws r = aperture_bounds(s.aperture);
    // Project the box corners to the isocentre plane; the beam reaches the box when their
    // bounding rectangle overlaps the aperture (the projection of a box lies inside it).
    double xmin = 1e300, xmax = -1e300, ymin = 1e300, ymax = -1e300;
    bool all_downstream = true;
    for (int c = 0; c < 8; ++c) {
      const Vec3 corner{(c & 1) ? box.max_mm.x : box.min_mm.x,
                        (c & 2) ? box.max_mm.y : box.min_mm.y,
                        (c & 4) ? box.max_mm.z : box.min_mm.z};
      const Vec3 bev = f.to_bev(corner);
      if (!(bev.z > 1.0)) {
        all_downstream = false;
        break;
      }
      xmin = std::min(xmin, bev.x), xmax = std::max(xmax, bev.x);
      ymin = std::min(ymin, bev.y), ymax = std::max(ymax, bev.y);
    }
    if (all_downstream) {
      if (xmax > r.x1 && xmin < r.x2 && ymax > r.y1 && ymin < r.y2) return;
      continue;
    }
    // The source lies beside the box along the axis: test the central axis and corner rays.
    const double far_mm = 3.0 * s.sad_mm;
    const double rays[5][2] = {{0, 0}, {r.x1, r.y1}, {r.x1, r.y2}, {r.x2, r.y1}, {r.x2, r.y2}};
    for (const auto& c : rays) {
      const Vec3 end = f.from_bev({c[0], c[1], far_mm});
      if (segment_length_in_box_mm(f.source_mm, end, box) > 0) return;
    }
  }
  std::ostringstream msg;
  msg << where << ": beam \"" << beam.name << "\" (gantry " << beam.gantry_deg
      << " deg, isocentre [" << beam.isocenter_mm.x << ", " << beam.isocenter_mm.y << ", "
      << beam.isocenter_mm.z << "] mm) misses the patient grid; check isocenter_mm and the angles";
  throw InputError(msg.str());
}

void check_field_inside_ct(const BeamSpec& beam, PatientPosition position, const Box3& box,
                           const std::string& where) {
  double zmin = 1e300, zmax = -1e300;
  for (const BeamSegment& s : expand_beam(beam)) {
    const BeamFrame f =
        beam_frame(s.gantry_deg, s.collimator_deg, s.couch_deg, s.isocenter_mm, s.sad_mm, position);
    const Jaws r = aperture_bounds(s.aperture);
    for (const double x : {r.x1, r.x2})
      for (const double y : {r.y1, r.y2}) {
        const double z = f.from_bev({x, y, s.sad_mm}).z;
        zmin = std::min(zmin, z), zmax = std::max(zmax, z);
      }
  }
  constexpr double kTolerance = 0.5;  // mm
  if (zmin >= box.min_mm.z - kTolerance && zmax <= box.max_mm.z + kTolerance) return;
  std::ostringstream msg;
  msg.setf(std::ios::fixed);
  msg.precision(1);
  msg << where << ": beam \"" << beam.name << "\": the field reaches z = " << zmin << " to " << zmax
      << " mm at the isocentre but the CT covers z = " << box.min_mm.z << " to " << box.max_mm.z
      << " mm; the dose beyond the CT's last slice cannot be computed (give a CT that covers the "
         "whole field)";
  throw InputError(msg.str());
}

}  // namespace srtdose
