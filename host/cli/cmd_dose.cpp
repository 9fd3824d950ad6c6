// `srtdose dose PLAN.json -o dose.h5 [--machine machine.h5]`: a thin adapter over compute_dose.
#include <iomanip>

#include "host/cli/commands.h"
#include "host/engine/compute_dose.h"
#include "host/engine/dose_file.h"
#include "host/engine/engine_registry.h"
#include "host/plan/plan_parser.h"

namespace srtdose::cli {

namespace {
struct DoseArgs {
  std::string plan, output, machine, engine = "ccc", device = "auto", directions,
                                     transport = "lattice";
  double beamlet_mm = 2.5, arc_group_deg = 10;
  bool per_beam = false, lateral_scaling = false;
};

}  // namespace

void add_dose_command(CLI::App& app, Streams io) {
  CLI::App* sub = app.add_subcommand("dose", "Compute a plan's dose (" + engine_choices() + ")");
  auto a = std::make_shared<DoseArgs>();
  sub->add_option("plan", a->plan, "Plan file (plan format v1)")->required();
  sub->add_option("-o,--output", a->output, "Dose file to write (HDF5, PLAN-FORMAT.md layout)")
      ->required();
  sub->add_option("--machine", a->machine,
                  "Machine file from `srtdose machine build` (default: the plan's machine, when it "
                  "is a file)");
  sub->add_option("--engine", a->engine, engine_choices())->capture_default_str();
  sub->add_option("--beamlet-mm", a->beamlet_mm, "Pencil-beam beamlet size at the isocentre (mm)")
      ->capture_default_str();
  sub->add_option("--device", a->device, "cpu, cuda or auto")->capture_default_str();
  sub->add_option("--directions", a->directions, "ZENITHxAZIMUTH cone directions, e.g. 16x12");
  sub->add_option("--transport", a->transport,
                  "Collapsed-cone transport: lattice (recursive, default) or exact (ray-traced "
                  "receiving points, CPU, slow)")
      ->capture_default_str();
  sub->add_flag("--per-beam", a->per_beam, "Also write /beams/<name> doses");
  sub->add_flag("--lateral-scaling", a->lateral_scaling,
                "Pencil beam: scale the kernel laterally by the surrounding density (lung)");
  sub->add_option("--arc-group-deg", a->arc_group_deg,
                  "Collapsed cone: segments of a beam within this gantry range share one "
                  "transport (0: one per segment)")
      ->capture_default_str();
  sub->callback([io, a] {
    DoseRequest request;
    DoseOptions& o = request.options;
    o.engine = engine_by_name(a->engine, "--engine");
    o.device = device_by_name(a->device, "--device");
    o.transport = transport_by_name(a->transport, "--transport");
    o.beamlet_mm = a->beamlet_mm;
    o.arc_group_deg = a->arc_group_deg;
    o.lateral_scaling = a->lateral_scaling;
    if (!a->directions.empty()) o.set_directions(a->directions);
    o.validate();
    const Plan plan = parse_plan_file(a->plan);
    request.plan_path = a->plan;
    request.machine = a->machine;
    request.progress = [&](const std::string& m) { io.err << "srtdose: " << m << "\n"; };
    const DoseResult r = compute_dose(plan, request);
    write_dose_file(a->output, plan, r, a->per_beam);
    const bool ccc = r.engine == EngineKind::Ccc;
    io.out << std::fixed << std::setprecision(3) << "dose max " << r.dose.max_value() << " Gy ("
           << plan.fractions << " fraction(s)); engine " << to_string(r.engine) << ", "
           << r.segments << " segment(s)";
    if (ccc) io.out << " in " << r.transports << " transport(s), " << r.directions << " directions";
    io.out << "; setup " << r.timings.setup_s << " s, ";
    if (ccc) io.out << "TERMA " << r.timings.terma_s << " s, transport ";
    io.out << r.timings.transport_s << " s on " << to_string(r.device) << "\nwrote " << a->output
           << "\n";
  });
}

}  // namespace srtdose::cli
