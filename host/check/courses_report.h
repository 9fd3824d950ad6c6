// The re-treatment report (`srtdose courses --report`): per organ each course's contribution
// and the total in EQD2, the re-irradiation limits, slices of the cumulative EQD2 with the
// structures, and every assumption (alpha/beta, model, recovery, registration).
#pragma once

#include <string>

#include "host/qa/courses.h"

namespace srtdose {

/// The self-contained HTML document.
std::string courses_report_html(const CoursesResult& r);

}  // namespace srtdose
