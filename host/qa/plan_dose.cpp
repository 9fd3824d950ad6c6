#include "host/qa/plan_dose.h"

#include <cmath>

#include "host/core/dose_values.h"
#include "host/core/error.h"
#include "host/io/hdf5_file.h"
#include "host/plan/plan_parser.h"
#include "host/qa/structure_names.h"

namespace srtdose {

PlanDose load_plan_dose(const std::string& dose_file, const std::string& plan_file,
                        const std::string& dataset) {
  PlanDose pd;
  pd.plan = parse_plan_file(plan_file);
  pd.patient = build_patient_model(pd.plan);
  const H5File f = H5File::open_read(dose_file);
  pd.dose = f.read_volume("/" + dataset);
  check_dose_values(pd.dose, dose_file + ": /" + dataset);
  pd.fractions = pd.plan.fractions;
  pd.prescription = pd.plan.prescription;
  if (f.has_attr("/" + dataset, "fractions")) {
    const auto n = f.read_attr_int("/" + dataset, "fractions");
    if (n != pd.fractions)
      throw InputError(dose_file + ": /" + dataset + " is for " + std::to_string(n) +
                       " fractions but " + plan_file + " gives " + std::to_string(pd.fractions));
  }
  const Box3 a = pd.dose.grid().bounds_mm(), b = pd.patient.grid().bounds_mm();
  for (int i = 0; i < 3; ++i)
    if (a.max_mm[i] <= b.min_mm[i] || b.max_mm[i] <= a.min_mm[i])
      throw InputError(dose_file + ": the dose grid does not overlap the patient of " + plan_file);
  return pd;
}

std::vector<const Structure*> select_structures(const PatientModel& patient,
                                                const std::vector<std::string>& names) {
  std::vector<const Structure*> out;
  std::vector<std::string> known;
  for (const Structure& s : patient.structures) known.push_back(s.name);
  if (names.empty()) {
    for (const Structure& s : patient.structures) out.push_back(&s);
    return out;
  }
  for (const std::string& n : names) {
    const int i = match_structure(known, {n});
    if (i < 0) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw InputError("unknown structure '" + n +
                       "' (the plan has: " + (list.empty() ? "none" : list) + ")");
    }
    out.push_back(&patient.structures[static_cast<std::size_t>(i)]);
  }
  return out;
}

std::vector<Dvh> structure_dvhs(const PlanDose& pd, const std::vector<const Structure*>& s,
                                const DvhOptions& options) {
  std::vector<Dvh> out;
  for (const Structure* st : s)
    out.push_back(compute_dvh(st->name, st->fraction, pd.dose, options));
  return out;
}

int prescription_target_index(const PlanDose& pd, const std::vector<Dvh>& dvhs) {
  if (!pd.prescription) return -1;
  std::vector<std::string> names;
  for (const Dvh& d : dvhs) names.push_back(d.name);
  return match_structure(names, {pd.prescription->target});
}

const Structure* find_body(const PatientModel& patient) {
  std::vector<std::string> names;
  for (const Structure& s : patient.structures) names.push_back(s.name);
  const int i = match_structure(names, {"BODY", "External", "Outline", "Skin_Outline", "Patient"});
  return i < 0 ? nullptr : &patient.structures[static_cast<std::size_t>(i)];
}

}  // namespace srtdose
