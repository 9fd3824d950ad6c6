// Whether a beam can deliver dose to a box (the patient or dose grid) at all.
#pragma once

#include <string>

#include "host/core/grid3.h"
#include "host/plan/plan.h"

namespace srtdose {

/// Length (mm) of the part of segment a -> b inside the box (0 when it misses).
double segment_length_in_box_mm(const Vec3& a, const Vec3& b, const Box3& box);

/// Throws InputError "<where>: beam "<name>" ... misses the patient grid" when neither the
/// central axis nor any ray through a corner of the aperture, for any segment of the beam,
/// crosses the box.
void check_beam_reaches(const BeamSpec& beam, PatientPosition position, const Box3& box,
                        const std::string& where);

/// Throws InputError "<where>: beam "<name>": the field reaches z = ... mm at the isocentre but
/// the CT covers z = ... mm" when a corner of any segment's aperture at the isocentre plane lies
/// outside the box's superior-inferior (z) range: a CT shorter than the field, whose dose (and
/// scatter) beyond its last slice cannot be computed.
void check_field_inside_ct(const BeamSpec& beam, PatientPosition position, const Box3& box,
                           const std::string& where);

}  // namespace srtdose
