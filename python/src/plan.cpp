// Plans: from plan-format JSON (text or file) or from a DICOM folder, and their properties.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "host/dicom/plan_files.h"
#include "host/dicom/rtplan.h"
#include "host/io/dicom_file.h"
#include "host/plan/plan_parser.h"
#include "host/plan/plan_writer.h"
#include "host/util/json_file.h"
#include "python/src/convert.h"

namespace nb = nanobind;
using namespace srtdose;

namespace {

Plan from_dicom(const std::string& folder, const std::string& machine_map, const std::string& uid) {
  const dicom::FolderScan scan = dicom::scan_dicom_folder(folder);
  const auto map = dicom::read_machine_map(
      machine_map.empty() ? dicom::default_machine_map() : std::filesystem::path(machine_map));
  Plan plan = dicom::import_plan(dicom::find_plan(scan, uid, folder), map).plan;
  plan.patient.source = DicomSpec{std::filesystem::absolute(folder)};
  return plan;
}

}  // namespace

void bind_plan(nb::module_& m) {
  nb::class_<Plan>(m, "Plan", "A treatment plan (plan format v1), as the C++ core holds it.")
      .def_ro("name", &Plan::name)
      .def_ro("fractions", &Plan::fractions)
      .def_ro("machine", &Plan::machine)
      .def_prop_ro("beam_names",
                   [](const Plan& p) {
                     std::vector<std::string> n;
                     for (const auto& b : p.beams) n.push_back(b.name);
                     return n;
                   })
      .def_prop_ro("monitor_units",
                   [](const Plan& p) {
                     std::vector<double> mu;
                     for (const auto& b : p.beams) mu.push_back(b.mu);
                     return mu;
                   })
      .def_prop_ro("prescription",
                   [](const Plan& p) -> std::optional<std::pair<std::string, double>> {
                     if (!p.prescription) return std::nullopt;
                     return std::pair{p.prescription->target, p.prescription->dose_gy};
                   })
      .def_prop_ro("source_file", [](const Plan& p) { return p.source_file.string(); })
      .def(
          "to_json_text",
          [](const Plan& p, const std::string& base_dir) {
            return plan_to_json(p, base_dir).dump(2);
          },
          nb::arg("base_dir") = "", "Plan-format JSON (CT and DICOM patients only).");
  m.def(
      "plan_from_json_text",
      [](const std::string& text, const std::string& label, const std::string& base_dir) {
        return parse_plan_json(parse_json_text(text, label), label, base_dir);
      },
      nb::arg("text"), nb::arg("label"), nb::arg("base_dir"));
  m.def(
      "plan_from_file", [](const std::string& path) { return parse_plan_file(path); },
      nb::arg("path"));
  m.def("plan_from_dicom", &from_dicom, nb::arg("folder"), nb::arg("machine_map") = "",
        nb::arg("plan_uid") = "");
}
