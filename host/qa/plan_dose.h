// A plan's dose and structures, loaded together for plan QA (DVH, constraints, BED).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/plan/patient_model.h"
#include "host/plan/plan.h"
#include "host/qa/dvh.h"

namespace srtdose {

struct PlanDose {
  Plan plan;
  PatientModel patient;
  Volume<float> dose;  ///< total plan dose, Gy
  int fractions = 1;
  std::optional<Prescription> prescription;
};

/// Reads the plan, builds its structures and reads /<dataset> from the dose file. Throws
/// InputError for doses that are NaN or negative, a fraction count that disagrees with the
/// plan, or a dose grid that misses the patient.
PlanDose load_plan_dose(const std::string& dose_file, const std::string& plan_file,
                        const std::string& dataset = "dose");

/// The plan's structures by name (all when names is empty); names may be aliases that match
/// after normalising. Throws InputError for an unknown name, listing the known ones.
std::vector<const Structure*> select_structures(const PatientModel& patient,
                                                const std::vector<std::string>& names);

/// DVHs of the selected structures.
std::vector<Dvh> structure_dvhs(const PlanDose& pd, const std::vector<const Structure*>& s,
                                const DvhOptions& options);

/// Index of the prescription target among the DVHs, or -1.
int prescription_target_index(const PlanDose& pd, const std::vector<Dvh>& dvhs);

/// The body contour among the structures (BODY, External, Outline, Skin_Outline), or nullptr.
const Structure* find_body(const PatientModel& patient);

}  // namespace srtdose
