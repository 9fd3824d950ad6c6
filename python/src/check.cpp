// Plan checks one plan at a time, for distributed batches (Dask): list the plans of folders,
// check one by its UID, write the summary of gathered results. Results cross as JSON text.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "host/check/batch.h"
#include "host/engine/engine_registry.h"
#include "python/src/convert.h"

namespace nb = nanobind;
using namespace srtdose;

namespace {

BatchOptions options_from(const std::vector<std::string>& dirs, const std::string& out,
                          const std::string& options_json) {
  const nlohmann::json j = nlohmann::json::parse(options_json);
  BatchOptions o;
  for (const auto& d : dirs) o.dirs.emplace_back(d);
  o.out = out;
  o.check.gamma.dd_percent = j.value("dd", 3.0);
  o.check.gamma.dta_mm = j.value("dta", 2.0);
  o.check.gamma.threshold_percent = j.value("threshold", 10.0);
  o.check.gamma.validate();
  o.check.pass_rate_pct = j.value("pass_rate", 95.0);
  o.check.machine_file = j.value("machine", std::string());
  o.check.dose.engine = engine_by_name(j.value("engine", std::string("ccc")), "engine");
  o.check.dose.zenith = j.value("zenith", 16);
  o.check.dose.azimuths = j.value("azimuths", 12);
  o.check.dose.device = device_by_name(j.value("device", std::string("auto")), "device");
  o.check.dose.validate();
  o.check.dose.device = o.check.dose.resolved_device();
  o.check.constraints = j.value("constraints", std::string("tg101"));
  const std::string map = j.value("machine_map", std::string());
  o.check.machines = dicom::read_machine_map(map.empty() ? dicom::default_machine_map()
                                                         : std::filesystem::path(map));
  return o;
}

}  // namespace

void bind_check(nb::module_& m) {
  m.def(
      "find_plans",
      [](const std::vector<std::string>& dirs) {
        nb::list out;
        const BatchPlans found = find_batch_plans({dirs.begin(), dirs.end()});
        for (const auto& p : found.plans) {
          nb::dict d;
          d["label"] = plan_label(p);
          d["plan_uid"] = p.plan->sop_uid;
          d["plan_file"] = p.plan->path.string();
          out.append(d);
        }
        return out;
      },
      nb::arg("dirs"));
  m.def(
      "check_plan",
      [](const std::vector<std::string>& dirs, const std::string& plan_uid, const std::string& out,
         const std::string& options_json) {
        const BatchOptions o = options_from(dirs, out, options_json);
        nb::gil_scoped_release release;
        const BatchPlans found = find_batch_plans(o.dirs);
        for (const auto& p : found.plans)
          if (p.plan->sop_uid == plan_uid)
            return check_plan(p, o.check, o.out / plan_label(p)).to_json().dump();
        throw InputError("no RT Plan " + plan_uid + " under the folders");
      },
      nb::arg("dirs"), nb::arg("plan_uid"), nb::arg("out"), nb::arg("options_json"));
  m.def(
      "write_summary",
      [](const std::vector<std::string>& dirs, const std::string& out,
         const std::string& options_json, const std::vector<std::string>& results_json) {
        const BatchOptions o = options_from(dirs, out, options_json);
        BatchResult r;
        for (const auto& j : results_json)
          r.plans.push_back(PlanCheck::from_json(nlohmann::json::parse(j)));
        write_batch_summary(o, r);
        return r.all_passed();
      },
      nb::arg("dirs"), nb::arg("out"), nb::arg("options_json"), nb::arg("results_json"));
}
