// The re-treatment summation from its input file to its result: `srtdose courses` and Python's
// sum_courses call this; the HDF5 and JSON forms of the result.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "host/qa/course_inputs.h"
#include "host/qa/course_list.h"
#include "host/qa/course_sum.h"

namespace srtdose {

struct CoursesResult {
  CourseList list;
  CourseInputs inputs;
  CourseSumOptions options;
  CourseSum sum;
};

/// Reads COURSES.json and everything it names, and sums the courses.
CoursesResult sum_course_list(const std::filesystem::path& file);
/// The same on a course list already read.
CoursesResult sum_course_list(CourseList list);

/// The cumulative maps (/eqd2, /bed, /alpha_beta, /physical_sum, /courses/<k>/eqd2 and
/// /courses/<k>/inside), written atomically.
void write_course_sum(const std::filesystem::path& path, const CoursesResult& r);

/// Courses, assumptions, organs (each course and the total) and limits.
nlohmann::json course_sum_json(const CoursesResult& r);

/// "pass", "FAIL", "INCOMPLETE" or "no limits evaluated": the summary status of the limits.
std::string course_sum_status(const CourseSum& s);

}  // namespace srtdose
