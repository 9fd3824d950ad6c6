// `srtdose dose PLAN.json -o dose.h5 --machine machine.h5`: plan dose with the collapsed cone.
#include <chrono>
#include <iomanip>

#include "host/cli/commands.h"
#include "host/cli/plan_machine.h"
#include "host/core/error.h"
#include "host/engine/compute_dose.h"
#include "host/io/atomic_output.h"
#include "host/io/hdf5_file.h"
#include "host/io/patient_io.h"
#include "host/plan/plan_parser.h"
#include "srtdose/config.h"

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
  CLI::App* sub =
      app.add_subcommand("dose", "Compute a plan's dose (collapsed cone or pencil beam)");
  auto a = std::make_shared<DoseArgs>();
  sub->add_option("plan", a->plan, "Plan file (plan format v1)")->required();
  sub->add_option("-o,--output", a->output, "Dose file to write (HDF5, PLAN-FORMAT.md layout)")
      ->required();
  sub->add_option("--machine", a->machine,
                  "Machine file from `srtdose machine build` (default: the plan's machine, when it "
                  "is a file)");
  sub->add_option("--engine", a->engine, "ccc (collapsed cone) or pb (pencil beam)")
      ->capture_default_str();
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
    DoseOptions o;
    o.engine = a->engine;
    o.device = a->device;
    o.transport = a->transport;
    o.beamlet_mm = a->beamlet_mm;
    o.arc_group_deg = a->arc_group_deg;
    o.lateral_scaling = a->lateral_scaling;
    if (!a->directions.empty()) {
      const auto x = a->directions.find('x');
      try {
        if (x == std::string::npos) throw std::invalid_argument("x");
        o.zenith = std::stoi(a->directions.substr(0, x));
        o.azimuths = std::stoi(a->directions.substr(x + 1));
      } catch (const std::exception&) {
        throw InputError("--directions: expected ZENITHxAZIMUTH, e.g. 16x12");
      }
    }
    o.validate();
    const Plan plan = parse_plan_file(a->plan);
    const PlanMachine pm = plan_machine(a->machine, plan, a->plan);
    const auto t0 = std::chrono::steady_clock::now();
    const PatientModel patient = build_patient_model(plan);
    const Grid3 dg = plan_dose_grid(plan, patient.grid());
    auto progress = [&](const std::string& m) { io.err << "srtdose: " << m << "\n"; };
    const PlanDoseResult r = compute_plan_dose(plan, patient, pm.file, o, dg, progress);
    const auto t1 = std::chrono::steady_clock::now();
    const Volume<float>& dose = r.dose;
    AtomicOutput out(a->output);
    {
      H5File f = H5File::create(out);
      write_provenance(f, plan.name);
      f.write_volume("/dose", dose);
      f.write_attr("/dose", "fractions", static_cast<std::int64_t>(plan.fractions));
      f.write_attr("/dose", "engine", a->engine);
      f.write_attr("/dose", "device", r.device);
      f.write_attr("/dose", "machine", pm.name);
      f.write_attr("/dose", "srtdose_version", std::string(SRTDOSE_VERSION));
      f.write_attr("/dose", "units", std::string("Gy"));
      if (a->per_beam)
        for (const auto& [name, d] : r.per_beam) f.write_volume("/beams/" + name, d);
      f.close();
    }
    out.commit();
    // Set-up: patient, machine data and resampling (the rest of the wall time).
    const double setup =
        std::chrono::duration<double>(t1 - t0).count() - r.terma_seconds - r.transport_seconds;
    io.out << std::fixed << std::setprecision(3) << "dose max " << dose.max_value() << " Gy ("
           << plan.fractions << " fraction(s)); engine " << a->engine << ", " << r.segments
           << " segment(s)";
    if (a->engine == "ccc")
      io.out << " in " << r.transports << " transport(s), " << r.directions << " directions";
    io.out << "; setup " << setup << " s, ";
    if (a->engine == "ccc") io.out << "TERMA " << r.terma_seconds << " s, transport ";
    io.out << r.transport_seconds << " s on " << r.device << "\nwrote " << a->output << "\n";
  });
}

}  // namespace srtdose::cli
