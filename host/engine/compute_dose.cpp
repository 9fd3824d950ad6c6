#include "host/engine/compute_dose.h"

#include <chrono>
#include <cmath>
#include <memory>

#include "host/core/dose_values.h"
#include "host/core/error.h"
#include "host/core/materials.h"
#include "host/core/memory_budget.h"
#include "host/core/numeric_cast.h"
#include "host/core/resample.h"
#include "host/engine/engine_registry.h"
#include "host/engine/machine_choice.h"

namespace srtdose {

PatientModel resample_patient(const PatientModel& p, const Grid3& g) {
  PatientModel out;
  out.position = p.position;
  // Density: the mean over 3 x 3 x 3 sub-voxels of the trilinear interpolant (partial
  // volumes at interfaces); material: the nearest source voxel.
  out.density_g_cm3 = resample_box_mean(p.density_g_cm3, g, 3);
  out.material = Volume<std::uint8_t>(g, static_cast<std::uint8_t>(MaterialId::Air));
  const Grid3& src = p.grid();
#pragma omp parallel for collapse(2)
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const Vec3 ci = src.continuous_index(g.position_mm(i, j, k));
        const int si = static_cast<int>(std::lround(ci.x)),
                  sj = static_cast<int>(std::lround(ci.y)),
                  sk = static_cast<int>(std::lround(ci.z));
        if (si >= 0 && sj >= 0 && sk >= 0 && si < src.nx() && sj < src.ny() && sk < src.nz())
          out.material[g.index(i, j, k)] = p.material.at(si, sj, sk);
      }
  return out;
}

Grid3 compute_grid(const Grid3& patient, const Grid3& dose_grid) {
  const Vec3 s = dose_grid.spacing_mm();
  if (s == patient.spacing_mm()) return patient;
  const Box3 box = patient.bounds_mm();
  std::array<int, 3> dims{};
  Vec3 origin;
  double voxels = 1;
  for (int a = 0; a < 3; ++a) {
    dims[a] = std::max(1, checked_count<int>((box.max_mm[a] - box.min_mm[a]) / s[a] - 1e-6, 1000000,
                                             "dose grid voxels along an axis"));
    voxels *= dims[a];
    origin[a] = box.min_mm[a] + 0.5 * s[a];
  }
  check_memory("the dose computation at the dose grid's voxel size over the patient", voxels,
               kWorkingBytesPerVoxel);
  return Grid3(dims, s, origin);
}

DoseResult compute_plan_dose(const Plan& plan, const PatientModel& patient,
                             const std::filesystem::path& machine_file, const DoseOptions& o,
                             const Grid3& dose_grid, const Progress& progress) {
  o.validate();
  const Device device = o.resolved_device();
  const Grid3 cg = compute_grid(patient.grid(), dose_grid);
  PatientModel resampled;
  if (!(cg == patient.grid())) resampled = resample_patient(patient, cg);
  const PatientModel& model = cg == patient.grid() ? patient : resampled;
  const EngineSetup setup{model, machine_file, o, device};
  const std::unique_ptr<Engine> engine = engine_entry(o.engine).make(setup);
  DoseResult r = run_engine(*engine, o.engine, plan, cg, progress);
  if (!(cg == dose_grid)) {
    r.dose = resample_trilinear(r.dose, dose_grid, 0.0f);
    for (auto& [name, d] : r.per_beam) d = resample_trilinear(d, dose_grid, 0.0f);
  }
  // A dose that is not finite, negative or beyond any treatment is never written or compared:
  // inputs are range-checked, so this is an engine fault, reported as one.
  try {
    check_dose_values(r.dose, "computed dose");
  } catch (const InputError& e) {
    throw std::logic_error(std::string(e.what()) + " (an engine fault: please report it)");
  }
  r.machine_file = machine_file.string();
  r.options = o.describe();
  return r;
}

DoseResult compute_dose(const Plan& plan, const DoseRequest& req) {
  const auto t0 = std::chrono::steady_clock::now();
  req.options.validate();
  const MachineChoice machine = resolve_machine(req.machine, plan, req.plan_path);
  std::optional<PatientModel> built;
  if (!req.patient) built = build_patient_model(plan);
  const PatientModel& patient = req.patient ? *req.patient : *built;
  const Grid3 grid = req.dose_grid ? *req.dose_grid : plan_dose_grid(plan, patient.grid());
  DoseResult r = compute_plan_dose(plan, patient, machine.file, req.options, grid, req.progress);
  r.machine = machine.name;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.timings.setup_s = std::max(0.0, wall - r.timings.terma_s - r.timings.transport_s);
  return r;
}

}  // namespace srtdose
