// `srtdose dij PLAN.json -o dij.h5 --machine m.h5`: pencil-beam dose-influence matrix.
#include <chrono>
#include <iomanip>

#include "host/cli/commands.h"
#include "host/core/error.h"
#include "host/engine/machine_choice.h"
#include "host/engine/pb/dij.h"
#include "host/plan/plan_parser.h"

namespace srtdose::cli {

void add_dij_command(CLI::App& app, Streams io) {
  CLI::App* sub =
      app.add_subcommand("dij", "Pencil-beam dose-influence matrix (CSR, beamlets x voxels)");
  auto plan_path = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto machine = std::make_shared<std::string>();
  auto beamlet = std::make_shared<double>(2.5);
  auto o = std::make_shared<DijOptions>();
  auto device = std::make_shared<std::string>("auto");
  sub->add_option("plan", *plan_path, "Plan file (plan format v1)")->required();
  sub->add_option("-o,--output", *out, "Matrix file to write (HDF5)")->required();
  sub->add_option("--machine", *machine, "Machine file from `srtdose machine build`")->required();
  sub->add_option("--beamlet-mm", *beamlet, "Beamlet size at the isocentre (mm)")
      ->capture_default_str();
  sub->add_option("--cutoff-mm", o->cutoff_mm, "Lateral cutoff at depth (mm)")
      ->capture_default_str();
  sub->add_option("--threshold", o->threshold,
                  "Drop entries below this fraction of a row's maximum")
      ->capture_default_str();
  sub->add_option("--device", *device, "cpu, cuda or auto")->capture_default_str();
  sub->callback([io, plan_path, out, machine, beamlet, o, device] {
    if (!(*beamlet >= 0.25 && *beamlet <= 10)) throw InputError("--beamlet-mm must be 0.25..10 mm");
    o->device = resolve_device(device_by_name(*device, "--device"));
    const Plan plan = parse_plan_file(*plan_path);
    resolve_machine(*machine, plan, *plan_path);  // built for the plan's machine
    const auto t0 = std::chrono::steady_clock::now();
    const PbBeamData data = PbBeamData::from_machine_file(*machine, *beamlet);
    const PatientModel patient = build_patient_model(plan);
    const DijMatrix m = compute_dij(plan, patient, data, *o);
    write_dij_hdf5(*out, m, plan);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double mb = (m.data.size() * 8.0 + m.indptr.size() * 8.0) / 1e6;
    io.out << std::fixed << std::setprecision(2) << m.beamlets.size() << " beamlets x "
           << m.grid.size() << " voxels, " << m.data.size() << " non-zeros (" << mb << " MB), " << s
           << " s on " << to_string(o->device) << "\nwrote " << *out << "\n";
  });
}

}  // namespace srtdose::cli
