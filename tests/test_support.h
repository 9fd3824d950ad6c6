// Helpers shared by the test executables.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host/core/volume.h"
#include "host/plan/patient_model.h"
#include "host/plan/plan.h"

namespace srtdose::test {

std::filesystem::path source_dir();
std::filesystem::path examples_dir();
/// The reference data the project carries (validation/reference: Monte Carlo doses, spectra,
/// attenuation and kernel tables; README there).
std::filesystem::path reference_dir();
/// Test inputs written by other systems (tests/data: foreign DICOM files; README there).
std::filesystem::path test_data_dir();

/// A fresh folder removed with its contents at scope exit.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

/// A small valid plan: 40 mm water cube at 2 mm voxels, one 20 x 20 mm AP beam.
nlohmann::json minimal_plan_json();

/// Parses a plan given as JSON (label "test.json").
Plan parse_test_plan(const nlohmann::json& doc);

/// Shapes for phantoms and structure masks.
Shape sphere_shape(Vec3 centre_mm, double radius_mm);
Shape box_shape(Vec3 min_mm, Vec3 max_mm);
Shape cylinder_shape(Vec3 centre_mm, double radius_mm, double length_mm, int axis = 2);

/// A field sampled at the voxel centres of a grid: v = f(position_mm).
template <class F>
Volume<float> sample_field(const Grid3& g, F&& f) {
  Volume<float> v(g);
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i)
        v.at(i, j, k) = static_cast<float>(f(g.position_mm(i, j, k)));
  return v;
}

/// What `srtdose ARGS...` returned and printed (run in-process through cli::run).
struct CliRun {
  int rc;
  std::string out, err;
};
CliRun run_cli(std::vector<std::string> args);

/// A machine file of ideal-6mv with a 300 000-history kernel (seed 11), built once per build
/// of the tests (about 20 s on 2 cores), or $SRTDOSE_TEST_MACHINE_FILE when that file exists.
const std::filesystem::path& ideal_machine_file();

/// A Monte Carlo central-axis depth dose of validation/reference/mc (<case>_cax.txt): dose per
/// incident photon and relative 1-sigma per 2.5 mm voxel from the surface.
struct McCax {
  std::vector<double> dose, unc;
};
McCax read_mc_cax(const std::string& case_name);

/// An engine's central-axis dose on a Monte Carlo case next to the reference.
struct CaxComparison {
  std::vector<double> ours, mc, unc;
  /// (ours / ours at norm) / (mc / mc at norm) at voxel j.
  double ratio(int j, int norm) const { return (ours[j] / ours[norm]) / (mc[j] / mc[norm]); }
};
/// Runs `engine` (a dose on the patient grid, needed at least on axis_column_mask) on the plan
/// of validation/reference/mc/cases/<case>.json and compares the central-axis depth doses, both
/// averaged over the 3 x 3 voxels around the axis (as the reference's README advises: it
/// divides the Monte Carlo 1-sigma by about 3).
CaxComparison compare_mc_cax(
    const std::string& case_name,
    const std::function<Volume<float>(const Plan&, const PatientModel&)>& engine);
/// The depth-dose figures of issue 23 on a comparison: deviations engine / Monte Carlo - 1 from
/// 1.625 to 24.875 cm, both normalised over +-1 cm around voxel `norm`; their 95th percentile
/// of |deviation|, and the slope: mean deviation at 2-5 cm minus mean at 18-25 cm.
struct DepthDoseFigures {
  double p95 = 0, slope = 0;
};
DepthDoseFigures depth_dose_figures(const CaxComparison& c, int norm);

/// Cube of half-width half_mm in 2.5 mm voxels: water, with lung (0.26 g/cm3) and bone
/// (1.85 g/cm3) slabs across y at voxel rows [lung_from, lung_to) and [bone_from, bone_to).
PatientModel slab_phantom(double half_mm, int lung_from, int lung_to, int bone_from, int bone_to);

/// The 3 x 3 voxel column around the central axis of the Monte Carlo cases (beam along +y).
Volume<std::uint8_t> axis_column_mask(const Grid3& g);

/// Largest |b - a| / max(a) where a > 1 % of its maximum (CPU a against GPU b).
double worst_difference(const Volume<float>& a, const Volume<float>& b);

/// Writes JSON to a file.
void write_json(const std::filesystem::path& path, const nlohmann::json& doc);

}  // namespace srtdose::test
