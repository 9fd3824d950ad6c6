#include "test_support.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "host/cli/cli.h"
#include "host/machine/machine_file.h"
#include "host/plan/plan_parser.h"
#include "validation/mc_reference.h"

namespace srtdose::test {

namespace fs = std::filesystem;

fs::path source_dir() {
  // A packed test program run elsewhere (scripts/gpu-check.sh) is told where the checkout is.
  if (const char* dir = std::getenv("SRTDOSE_SOURCE_DIR"); dir && *dir) return dir;
  return SRTDOSE_SOURCE_DIR;
}
fs::path examples_dir() {
  return source_dir() / "plans" / "examples";
}

fs::path reference_dir() {
  return source_dir() / "validation" / "reference";
}
fs::path test_data_dir() {
  return source_dir() / "tests" / "data";
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
  // Built once per build of the test program and shared by its test processes (CTest runs each
  // test case in its own process): the name carries the executable's modification time, so a
  // rebuilt program never reads a machine file made by older code. Written under a temporary
  // name and renamed, so processes running side by side never see half a file.
  static const fs::path path = [] {
    // The sanitizer build is given the release build's file (data: the Monte Carlo that makes
    // it runs 10x slower instrumented, and "srtdose machine build" is tested on its own).
    if (const char* given = std::getenv("SRTDOSE_TEST_MACHINE_FILE"))
      if (fs::is_regular_file(given)) return fs::path(given);
    const fs::path dir = SRTDOSE_TEST_CACHE_DIR;
    const auto stamp = fs::last_write_time("/proc/self/exe").time_since_epoch().count();
    const std::string prefix = "ideal-6mv-300k-seed11-";
    const fs::path file = dir / (prefix + std::to_string(stamp) + ".h5");
    if (fs::exists(file)) return file;
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(dir))  // older builds' files
      if (e.path().filename().string().rfind(prefix, 0) == 0 && e.path().extension() == ".h5")
        fs::remove(e.path());
    MachineSpec spec = MachineSpec::load(builtin_machine_spec("ideal-6mv"));
    spec.kernel_histories = 300000;
    spec.kernel_seed = 11;
    const fs::path tmp = file.string() + ".tmp" + std::to_string(::getpid());
    build_machine_file(spec, tmp);
    fs::rename(tmp, file);
    return file;
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
    const std::function<Volume<float>(const Plan&, const PatientModel&)>& engine) {
  const Plan plan = parse_plan_file(reference_dir() / "mc" / "cases" / (case_name + ".json"));
  const PatientModel pm = build_patient_model(plan);
  const Volume<float> dose = engine(plan, pm);
  const Grid3& g = pm.grid();
  const validation::McDose mc = validation::read_mc_dose(reference_dir() / "mc", case_name);
  CaxComparison c;
  for (int j = 0; j < g.ny() && j < mc.nz; ++j) {
    c.ours.push_back(validation::axis_mean_3x3(dose, j));
    const auto [m, u] = validation::axis_mean_3x3(mc, j);
    c.mc.push_back(m), c.unc.push_back(u);
  }
  return c;
}

DepthDoseFigures depth_dose_figures(const CaxComparison& c, int norm) {
  // Voxel j covers depths [0.25 j, 0.25 (j + 1)] cm: indices 6..99 are 1.5-25 cm.
  const std::vector<double> d = validation::depth_dose_deviation(c.ours, c.mc, norm, 4, 6, 99);
  auto mean = [&](int from, int to) {  // voxel indices
    double s = 0;
    for (int j = from; j <= to; ++j) s += d[static_cast<std::size_t>(j - 6)];
    return s / (to - from + 1);
  };
  return {validation::abs_percentile(d, 0.95), mean(8, 19) - mean(72, 99)};
}

PatientModel slab_phantom(double half_mm, int lung_from, int lung_to, int bone_from, int bone_to) {
  PhantomSpec spec;
  spec.extent_mm = {{-half_mm, -half_mm, -half_mm}, {half_mm, half_mm, half_mm}};
  spec.voxel_mm = {2.5, 2.5, 2.5};
  PatientModel pm = build_phantom(spec, PatientPosition::HFS);
  const Grid3& g = pm.grid();
  for (std::int64_t v = 0; v < g.size(); ++v) {
    const int j = static_cast<int>((v / g.nx()) % g.ny());
    const bool lung = j >= lung_from && j < lung_to, bone = j >= bone_from && j < bone_to;
    pm.density_g_cm3[v] = lung ? 0.26f : (bone ? 1.85f : 1.0f);
    pm.material[v] = static_cast<std::uint8_t>(
        lung ? MaterialId::Lung : (bone ? MaterialId::Bone : MaterialId::Water));
  }
  return pm;
}

Volume<std::uint8_t> axis_column_mask(const Grid3& g) {
  Volume<std::uint8_t> mask(g, 0);
  for (int j = 0; j < g.ny(); ++j)
    for (int dk = -1; dk <= 1; ++dk)
      for (int di = -1; di <= 1; ++di) mask.at(g.nx() / 2 + di, j, g.nz() / 2 + dk) = 1;
  return mask;
}

void write_json(const fs::path& path, const nlohmann::json& doc) {
  std::ofstream(path) << doc.dump(1);
}

double worst_difference(const Volume<float>& a, const Volume<float>& b) {
  const double max = a.max_value();
  double worst = 0;
  for (std::int64_t v = 0; v < a.size(); ++v)
    if (a[v] > 0.01 * max) worst = std::max(worst, std::abs(double(b[v]) - a[v]) / max);
  return worst;
}

}  // namespace srtdose::test
