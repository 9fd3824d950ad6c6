// `srtdose depth PLAN -o OUT.h5`: radiological depth from each beam's source to every voxel.
#include <chrono>

#include "host/cli/commands.h"
#include "host/core/error.h"
#include "host/engine/radiological_depth.h"
#include "host/io/atomic_output.h"
#include "host/plan/beam_segments.h"
#include "host/plan/patient_io.h"
#include "host/plan/patient_model.h"
#include "host/plan/plan_parser.h"

namespace srtdose::cli {

void add_depth_command(CLI::App& app, Streams io) {
  CLI::App* sub = app.add_subcommand(
      "depth", "Write the radiological (water-equivalent) depth from each beam's source");
  auto plan_path = std::make_shared<std::string>();
  auto out_path = std::make_shared<std::string>();
  auto device = std::make_shared<std::string>("auto");
  sub->add_option("plan", *plan_path, "Plan file (plan format v1, JSON)")->required();
  sub->add_option("-o,--output", *out_path, "Output HDF5 file")->required();
  sub->add_option("--device", *device, "cpu, cuda or auto")->capture_default_str();
  sub->callback([io, plan_path, out_path, device] {
    const Device requested = device_by_name(*device, "--device");
    const Device used = resolve_device(requested);
    const Plan plan = parse_plan_file(*plan_path);
    const PatientModel model = build_patient_model(plan);
    AtomicOutput out(*out_path);
    {
      H5File f = H5File::create(out);
      write_provenance(f, plan.name);
      f.write_attr("/", "device", std::string(to_string(used)));
      f.create_group("/depth");
      for (const BeamSpec& beam : plan.beams) {
        // Static beams have one segment; for arcs this is the first segment's source.
        const BeamSegment s = expand_beam(beam).front();
        const BeamFrame frame = beam_frame(s.gantry_deg, s.collimator_deg, s.couch_deg,
                                           s.isocenter_mm, s.sad_mm, model.position);
        const auto t0 = std::chrono::steady_clock::now();
        const Volume<float> depth = radiological_depth(model.density_g_cm3, frame.source_mm, used);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        const std::string name = "/depth/" + beam.name;
        f.write_volume(name, depth);
        f.write_attr(name, "source_mm", frame.source_mm);
        f.write_attr(name, "units", std::string("water-equivalent mm"));
        io.out << "beam " << beam.name << ": max depth " << depth.max_value() << " mm, " << ms
               << " ms on " << to_string(used) << "\n";
      }
      f.close();
    }
    out.commit();
    io.out << "wrote " << *out_path << "\n";
  });
}

}  // namespace srtdose::cli
