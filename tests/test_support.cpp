#include "test_support.h"

#include <sstream>
#include <stdexcept>

#include "host/cli/cli.h"
#include "host/machine/machine_file.h"
#include "host/plan/plan_parser.h"
#include "validation/mc_reference.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>

#include "host/plan/plan_parser.h"

namespace srtdose::test {

namespace fs = std::filesystem;

fs::path source_dir() {
  return SRTDOSE_SOURCE_DIR;
}
fs::path examples_dir() {
  return source_dir() / "plans" / "examples";
}

fs::path reference_dir() {
  if (const char* env = std::getenv("SRTDOSE_REFERENCE_DIR")) return env;
  return SRTDOSE_REFERENCE_DIR_DEFAULT;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() /
          ("srtdose-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

nlohmann::json minimal_plan_json() {
  return nlohmann::json::parse(R"({
    "srtdose_plan": 1,
    "name": "minimal",
    "patient": {"phantom": {
      "extent_mm": {"x": [-20, 20], "y": [-20, 20], "z": [-20, 20]},
      "voxel_mm": [2, 2, 2],
      "medium": {"material": "water", "density": 1.0},
      "objects": [
        {"type": "sphere", "center_mm": [0, 0, 0], "radius_mm": 5,
         "material": "water", "density": 1.0, "structure": "GTV"}
      ]}},
    "machine": "ideal-6mv",
    "beams": [
      {"name": "AP", "gantry_deg": 0, "collimator_deg": 0, "couch_deg": 0,
       "isocenter_mm": [0, 0, 0], "sad_mm": 1000,
       "jaws_mm": {"x": [-10, 10], "y": [-10, 10]}, "mu": 100}
    ],
    "fractions": 1
  })");
}

Plan parse_test_plan(const nlohmann::json& doc) {
  return parse_plan_json(doc, "test.json", ".");
}

Shape sphere_shape(Vec3 centre_mm, double radius_mm) {
  Shape s;
  s.type = ShapeType::Sphere;
  s.center_mm = centre_mm;
  s.radius_mm = radius_mm;
  return s;
}

Shape box_shape(Vec3 min_mm, Vec3 max_mm) {
  Shape s;
  s.type = ShapeType::Box;
  s.min_mm = min_mm;
  s.max_mm = max_mm;
  return s;
}

Shape cylinder_shape(Vec3 centre_mm, double radius_mm, double length_mm, int axis) {
  Shape s;
  s.type = ShapeType::Cylinder;
  s.center_mm = centre_mm;
  s.radius_mm = radius_mm;
  s.length_mm = length_mm;
  s.axis = axis;
  return s;
}

CliRun run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "srtdose");
  std::ostringstream out, err;
  const int rc = cli::run(args, out, err);
  return {rc, out.str(), err.str()};
}

const fs::path& ideal_machine_file() {
  static TempDir dir;
  static const fs::path path = [] {
    MachineSpec spec = MachineSpec::load(builtin_machine_spec("ideal-6mv"));
    spec.kernel_histories = 300000;
    spec.kernel_seed = 11;
    build_machine_file(spec, dir / "ideal-6mv.h5");
    return dir / "ideal-6mv.h5";
  }();
  return path;
}

McCax read_mc_cax(const std::string& case_name) {
  McCax c;
  for (const auto& row :
       validation::read_mc_table(reference_dir() / "mc" / (case_name + "_cax.txt")))
    c.dose.push_back(row.at(validation::kCaxDose)), c.unc.push_back(row.at(validation::kCaxUnc));
  return c;
}

CaxComparison compare_mc_cax(
    const std::string& case_name,
    const std::function<std::vector<double>(const Plan&, const PatientModel&)>& engine_cax) {
  const Plan plan = parse_plan_file(reference_dir() / "mc" / "cases" / (case_name + ".json"));
  const PatientModel pm = build_patient_model(plan);
  CaxComparison c;
  c.ours = engine_cax(plan, pm);
  const McCax mc = read_mc_cax(case_name);
  c.mc = mc.dose, c.unc = mc.unc;
  return c;
}

void write_json(const fs::path& path, const nlohmann::json& doc) {
  std::ofstream(path) << doc.dump(1);
}

}  // namespace srtdose::test
