// Cumulative dose of several radiotherapy courses on the current course's grid: each course's
// physical dose placed by a rigid transform (trilinear), converted voxel by voxel to BED and
// EQD2 with the alpha/beta of the tissue there, optionally discounted for recovery, and summed;
// per-organ figures and re-irradiation limits on the cumulative EQD2 (docs/courses.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/core/volume.h"
#include "host/geometry/rigid_transform.h"
#include "host/plan/patient_model.h"
#include "host/qa/constraints.h"
#include "host/qa/cumulative_limits.h"
#include "host/qa/dvh.h"
#include "host/qa/radiobiology.h"
#include "host/qa/recovery.h"
#include "host/qa/tissue_table.h"

namespace srtdose {

/// One course as the sum sees it; the last one is the current course (its grid is the sum's).
struct CourseDose {
  std::string name;
  const Volume<float>* dose_gy = nullptr;  ///< total over its fractions, own grid and frame
  int fractions = 1;
  double months_before_current = 0;
  RigidTransform to_current;  ///< course frame -> current frame
};

struct CourseSumOptions {
  TissueTable table;                      ///< alpha/beta per structure (targets, organs, default)
  TissueModel base;                       ///< LQ, LQ-L or USC with their parameters
  std::optional<RecoveryTable> recovery;  ///< applied only when given
  std::optional<CumulativeLimitSet> limits;
  DvhOptions dvh;
  /// Parallel organs' critical volumes to report on the cumulative EQD2: the CV<x>cc metrics
  /// this set gives for an organ (TG-101's lungs, liver, renal cortex), when set.
  std::optional<ConstraintSet> critical_volumes;
  /// A course whose dose at its grid's edge reaches this fraction of its maximum is taken as
  /// unknown (not 0) outside its grid: limits on organs reaching there are "incomplete".
  double edge_dose_fraction = 0.01;
};

struct OrganCourse {
  double counted = 1;      ///< fraction of this course's EQD2 counted (recovery)
  double outside_pct = 0;  ///< % of the organ's volume outside this course's dose grid
  double physical_near_max_gy = 0, physical_mean_gy = 0;  ///< the course alone
  double eqd2_near_max_gy = 0, eqd2_mean_gy = 0;          ///< counted EQD2 of the course alone
};

struct OrganSum {
  std::string name;
  bool is_target = false;
  TissueModel tissue;
  std::string recovery_organ;  ///< the recovery table's organ applied ("" when none)
  double volume_cm3 = 0;
  std::vector<OrganCourse> courses;
  double eqd2_near_max_gy = 0, eqd2_mean_gy = 0, bed_near_max_gy = 0;  ///< cumulative
  Dvh eqd2_dvh;                                                        ///< cumulative EQD2 DVH
  /// Critical volumes of the cumulative EQD2 (metric text, Gy; NaN when the organ is smaller).
  std::vector<std::pair<std::string, double>> critical_volumes_gy;
};

struct LimitResult {
  enum class Status { pass, fail, not_applicable, not_evaluable, incomplete, interval };
  const CumulativeLimit* limit = nullptr;
  std::string structure;
  double value = 0;
  int course = -1;  ///< the course giving the value (scope each), else -1
  Status status = Status::not_applicable;
  std::string detail;
  bool passed() const { return status == Status::pass; }
  bool counted() const { return status != Status::not_applicable; }
};
const char* to_string(LimitResult::Status s);

struct CourseSum {
  Grid3 grid;
  Volume<float> physical;    ///< physical dose sum, Gy: NOT a biological quantity across schemes
  Volume<float> eqd2, bed;   ///< cumulative, each voxel with its tissue's alpha/beta, Gy
  Volume<float> alpha_beta;  ///< alpha/beta each voxel used
  std::vector<Volume<float>> course_eqd2;           ///< each course's counted EQD2 (same tissues)
  std::vector<Volume<std::uint8_t>> course_inside;  ///< 1 where the course's dose grid reaches
  std::vector<double> edge_fraction;  ///< per course: dose at its grid edge / its maximum
  std::vector<OrganSum> organs;
  std::vector<LimitResult> limits;
  int failed = 0, evaluated = 0;  ///< limits: not passing (fail, incomplete, interval), counted
};

/// The sum. Throws InputError naming the course when its grid, placed in the current frame,
/// does not overlap the current grid at all.
CourseSum sum_courses(const std::vector<CourseDose>& courses,
                      const std::vector<const Structure*>& structures,
                      const CourseSumOptions& options);

/// EQD2 of a course's total dose d_gy in n fractions for one tissue (BED / (1 + 2 / (a/b))).
double course_eqd2_gy(double d_gy, int fractions, const TissueModel& t);

}  // namespace srtdose
