// A clinic's CT calibration (HU -> mass density) from a text file: CSV ("HU,Density" header
// optional) or a whitespace table with a name column and '#' comments, as scanner look-up
// tables are commonly exported (docs/dicom.md, "CT calibration").
#pragma once

#include <filesystem>

#include "host/core/hu_calibration.h"

namespace srtdose {

/// Each data line: optional labels, then HU and mass density (g/cm3) as its last two numbers,
/// separated by commas, semicolons, tabs or spaces; '#' starts a comment; a first line without
/// numbers is a header. Throws InputError naming the file and line for a malformed line, and
/// the file for a curve HuCalibration refuses (fewer than 2 points, HU not increasing, a
/// density <= 0 or decreasing).
HuCalibration read_hu_curve(const std::filesystem::path& file);

}  // namespace srtdose
