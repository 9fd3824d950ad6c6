// The files of a course list read and checked: each course's dose (HDF5 or RT Dose) with its
// placement in the current frame resolved, and the current course's structures.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/core/volume.h"
#include "host/geometry/rigid_transform.h"
#include "host/plan/patient_model.h"
#include "host/qa/course_list.h"

namespace srtdose {

struct LoadedCourse {
  Volume<float> dose_gy;  ///< total over the course's fractions, on its own grid and frame
  std::string frame_of_reference_uid;  ///< "" when the file does not say
  RigidTransform to_current;           ///< course frame -> current frame (mm)
  std::string placement;               ///< how it was placed, for the report
};

struct CourseInputs {
  std::vector<LoadedCourse> courses;     ///< as in the list; back() is the current course
  std::vector<Structure> structures;     ///< the current course's, on its patient or dose grid
  std::optional<Volume<float>> density;  ///< the current patient's density (a plan's patient)
  std::string structures_source;
  std::vector<std::string> notes;  ///< e.g. ROIs without contours left out
};

/// Reads every file of the list. Errors (InputError/IoError) name the file and what is wrong:
/// an RT Dose that is not physical Gy for the whole course, NaN or negative doses, a fraction
/// count that disagrees with the file, "same_frame" for doses whose frames of reference differ,
/// a registration that does not place both frames, a non-rigid matrix.
CourseInputs load_course_inputs(const CourseList& list);

}  // namespace srtdose
