// `srtdose phantom PLAN -o OUT.h5`: the patient model (density, materials, structures).
#include <iomanip>

#include "host/cli/commands.h"
#include "host/plan/patient_io.h"
#include "host/plan/patient_model.h"
#include "host/plan/plan_parser.h"

namespace srtdose::cli {

void add_phantom_command(CLI::App& app, Streams io) {
  CLI::App* sub = app.add_subcommand(
      "phantom", "Write the density grid and structure masks of a plan's patient");
  auto plan_path = std::make_shared<std::string>();
  auto out_path = std::make_shared<std::string>();
  sub->add_option("plan", *plan_path, "Plan file (plan format v1, JSON)")->required();
  sub->add_option("-o,--output", *out_path, "Output HDF5 file")->required();
  sub->callback([io, plan_path, out_path] {
    const Plan plan = parse_plan_file(*plan_path);
    const PatientModel model = build_patient_model(plan);
    write_patient_model(*out_path, model, plan.name);
    const Grid3& g = model.grid();
    io.out << "wrote " << *out_path << ": " << g.nx() << " x " << g.ny() << " x " << g.nz()
           << " voxels of " << g.spacing_mm().x << " x " << g.spacing_mm().y << " x "
           << g.spacing_mm().z << " mm, density " << model.density_g_cm3.min_value() << " to "
           << model.density_g_cm3.max_value() << " g/cm3\n";
    for (const Structure& s : model.structures) {
      io.out << "  structure " << s.name << ": " << std::fixed << std::setprecision(3)
             << s.volume_cm3() << " cm3\n"
             << std::defaultfloat;
    }
  });
}

}  // namespace srtdose::cli
