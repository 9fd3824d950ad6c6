// The input of a re-treatment summation (COURSES.json, docs/courses.md): the courses in date
// order, the last being the current one, each with its dose, fractions, date and placement in
// the current course's frame; the radiobiology options of the sum.
#pragma once

#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "host/qa/radiobiology.h"

namespace srtdose {

enum class Placement { same_frame, matrix, registration };

struct CourseEntry {
  std::string name;
  std::filesystem::path dose;    ///< srtdose HDF5 or DICOM RT Dose (resolved against the list)
  std::string dataset = "dose";  ///< HDF5 dataset
  int fractions = 1;
  std::string date;                                       ///< YYYY-MM-DD as given
  int day = 0;                                            ///< days since 1970-01-01
  std::optional<std::filesystem::path> plan, structures;  ///< current course only
  std::string frame_of_reference_uid;  ///< given for HDF5 doses placed by a registration
  Placement placement = Placement::same_frame;
  std::array<double, 16> matrix{};     ///< Placement::matrix: course -> current, row-major
  std::filesystem::path registration;  ///< Placement::registration: a DICOM REG file
};

struct CourseList {
  std::filesystem::path file;
  std::vector<CourseEntry> courses;        ///< date order; back() is the current course
  TissueModel model;                       ///< model and its parameters (alpha/beta from the table)
  std::filesystem::path alpha_beta_table;  ///< empty: the built-in table
  double tumour_alpha_beta_gy = 0, oar_alpha_beta_gy = 0;  ///< overrides when > 0
  std::optional<std::filesystem::path> recovery;           ///< a recovery table when asked for
  std::optional<std::filesystem::path> limits;             ///< cumulative limits (none when absent)

  const CourseEntry& current() const { return courses.back(); }
  /// Months (30.4375 days) from course i to the current course.
  double months_before_current(std::size_t i) const;
};

/// Reads and checks COURSES.json: unknown keys, bad dates, dates out of order, negative or zero
/// fractions, missing files, structures on an earlier course or a placement on the current one
/// are InputErrors naming the file and the JSON path. Paths are relative to the list's folder.
CourseList read_course_list(const std::filesystem::path& file);
/// The same on a parsed document; `label` names it in errors, paths are relative to `base`.
CourseList read_course_list(const nlohmann::json& doc, const std::filesystem::path& label,
                            const std::filesystem::path& base);

/// Days since 1970-01-01 of "YYYY-MM-DD"; throws InputError naming `where` otherwise.
int parse_date_days(const std::string& text, const std::string& where);

}  // namespace srtdose
