// Dose engines: collapsed cone (CPU/CUDA) and pencil beam, and the pencil-beam Dij.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/array.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <algorithm>
#include <chrono>

#include "host/core/device_choice.h"
#include "host/engine/compute_dose.h"
#include "host/engine/engine_registry.h"
#include "host/engine/machine_choice.h"
#include "host/engine/pb/dij.h"
#include "host/engine/pb/pb_engine.h"
#include "host/machine/machine_file.h"
#include "host/machine/machine_spec.h"
#include "python/src/convert.h"

namespace nb = nanobind;
using namespace srtdose;

namespace {

template <class T>
nb::ndarray<nb::numpy, T, nb::ndim<1>> vector_to_numpy(std::vector<T>&& v) {
  auto* data = new std::vector<T>(std::move(v));
  nb::capsule owner(data, [](void* p) noexcept { delete static_cast<std::vector<T>*>(p); });
  return nb::ndarray<nb::numpy, T, nb::ndim<1>>(data->data(), {data->size()}, owner);
}

nb::dict volume_dict(Volume<float>&& v) {
  nb::dict d;
  d["origin_mm"] = py::arr3(v.grid().origin_mm());
  d["spacing_mm"] = py::arr3(v.grid().spacing_mm());
  d["array"] = py::to_numpy(std::move(v));
  return d;
}

nb::dict py_compute_dose(const Plan& plan, const std::string& machine, const std::string& engine,
                         const std::string& device_name, int zenith, int azimuths,
                         double beamlet_mm, bool per_beam, bool lateral_scaling,
                         const std::string& transport, double arc_group_deg) {
  DoseRequest request;
  DoseOptions& o = request.options;
  o.engine = engine_by_name(engine, "engine");
  o.device = device_by_name(device_name, "device");
  o.transport = transport_by_name(transport, "transport");
  o.zenith = zenith;
  o.azimuths = azimuths;
  o.beamlet_mm = beamlet_mm;
  o.lateral_scaling = lateral_scaling;
  o.arc_group_deg = arc_group_deg;
  request.plan_path = "plan " + plan.name;
  request.machine = machine;
  DoseResult r;
  double seconds = 0;
  {
    nb::gil_scoped_release release;
    const auto t0 = std::chrono::steady_clock::now();
    r = srtdose::compute_dose(plan, request);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  nb::dict out = volume_dict(std::move(r.dose));
  nb::dict beams;
  if (per_beam)
    for (auto& [name, d] : r.per_beam) beams[name.c_str()] = volume_dict(std::move(d));
  out["per_beam"] = beams;
  out["device"] = std::string(to_string(r.device));
  out["engine"] = std::string(to_string(r.engine));
  out["machine"] = r.machine;
  out["machine_file"] = r.machine_file;
  out["options"] = r.options;
  out["seconds"] = seconds;
  out["segments"] = r.segments;
  return out;
}

nb::dict dij(const Plan& plan, const std::string& machine, double beamlet_mm, double cutoff_mm,
             double threshold, const std::string& device) {
  DijMatrix d;
  const Device dev = resolve_device(device_by_name(device, "device"));
  {
    nb::gil_scoped_release release;
    const PatientModel patient = build_patient_model(plan);
    const PbBeamData data = PbBeamData::from_machine_file(machine, beamlet_mm);
    DijOptions o;
    o.cutoff_mm = cutoff_mm;
    o.threshold = threshold;
    o.device = dev;
    d = compute_dij(plan, patient, data, o);
  }
  nb::dict out;
  out["shape"] =
      std::array<std::int64_t, 2>{static_cast<std::int64_t>(d.beamlets.size()), d.grid.size()};
  out["dims"] = std::array<int, 3>{d.grid.nx(), d.grid.ny(), d.grid.nz()};
  out["origin_mm"] = py::arr3(d.grid.origin_mm());
  out["spacing_mm"] = py::arr3(d.grid.spacing_mm());
  out["beamlet_mm"] = d.beamlet_mm;
  std::vector<int> beam, segment;
  std::vector<double> x, y, w;
  for (const DijBeamlet& b : d.beamlets) {
    beam.push_back(b.beam), segment.push_back(b.segment);
    x.push_back(b.x_mm), y.push_back(b.y_mm), w.push_back(b.open_weight);
  }
  out["beam"] = vector_to_numpy(std::move(beam));
  out["segment"] = vector_to_numpy(std::move(segment));
  out["x_mm"] = vector_to_numpy(std::move(x));
  out["y_mm"] = vector_to_numpy(std::move(y));
  out["open_weight"] = vector_to_numpy(std::move(w));
  out["data"] = vector_to_numpy(std::move(d.data));
  out["indices"] = vector_to_numpy(std::move(d.indices));
  out["indptr"] = vector_to_numpy(std::move(d.indptr));
  return out;
}

}  // namespace

void bind_engines(nb::module_& m) {
  m.def("compute_dose", &py_compute_dose, nb::arg("plan"), nb::arg("machine"), nb::arg("engine"),
        nb::arg("device"), nb::arg("zenith"), nb::arg("azimuths"), nb::arg("beamlet_mm"),
        nb::arg("per_beam"), nb::arg("lateral_scaling"), nb::arg("transport"),
        nb::arg("arc_group_deg"));
  m.def(
      "resolve_machine",
      [](const Plan& plan, const std::string& option) {
        return resolve_machine(option, plan, "plan " + plan.name).file.string();
      },
      nb::arg("plan"), nb::arg("machine"));
  m.def("dij", &dij, nb::arg("plan"), nb::arg("machine"), nb::arg("beamlet_mm"),
        nb::arg("cutoff_mm"), nb::arg("threshold"), nb::arg("device"));
  m.def(
      "builtin_machine_file",
      [](const std::string& name) { return builtin_machine_file(name).string(); }, nb::arg("name"));
  m.def(
      "build_machine",
      [](const std::string& spec, const std::string& out, long histories, long seed) {
        nb::gil_scoped_release release;
        const auto& names = builtin_machine_names();
        const bool builtin = std::find(names.begin(), names.end(), spec) != names.end();
        MachineSpec s =
            MachineSpec::load(builtin ? builtin_machine_spec(spec) : std::filesystem::path(spec));
        if (histories > 0) s.kernel_histories = histories;
        if (seed > 0) s.kernel_seed = static_cast<std::uint64_t>(seed);
        build_machine_file(s, out);
      },
      nb::arg("spec"), nb::arg("out"), nb::arg("histories") = 0, nb::arg("seed") = 0);
}
