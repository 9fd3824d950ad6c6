#include "host/engine/compute_dose.h"

#include <cmath>

#include "host/core/dose_values.h"
#include "host/core/error.h"
#include "host/core/materials.h"
#include "host/core/memory_budget.h"
#include "host/core/numeric_cast.h"
#include "host/core/resample.h"
#include "host/engine/pb/pb_plan.h"

namespace srtdose {

void DoseOptions::validate() const {
  if (engine != "ccc" && engine != "pb")
    throw InputError("--engine " + engine + ": use ccc (collapsed cone) or pb (pencil beam)");
  if (!(beamlet_mm >= 0.25 && beamlet_mm <= 10))
    throw InputError("--beamlet-mm must be 0.25..10 mm");
  if (transport != "lattice" && transport != "exact")
    throw InputError("--transport " + transport + ": use lattice or exact");
  if (zenith < 2 || zenith > 96 || azimuths < 1 || azimuths > 96)
    throw InputError("--directions: zenith 2..96, azimuth 1..96");
  if (lateral_scaling && engine != "pb")
    throw InputError("--lateral-scaling: only for the pencil beam (--engine pb)");
  if (!(arc_group_deg >= 0 && arc_group_deg <= 45))
    throw InputError("--arc-group-deg must be 0..45");
  // The collapsed cone's exact transport has no CUDA path.
  if (device_by_name(device, "--device") == Device::Cuda && !has_cuda_path())
    throw InputError(
        "--device cuda: the collapsed cone's exact transport has no CUDA path; use --transport "
        "lattice or --device cpu");
}

Device DoseOptions::resolved_device() const {
  return has_cuda_path() ? resolve_device(device_by_name(device, "--device")) : Device::Cpu;
}

PatientModel resample_patient(const PatientModel& p, const Grid3& g) {
  PatientModel out;
  out.position = p.position;
  out.density_g_cm3 = Volume<float>(g, 0.0f);
  out.material = Volume<std::uint8_t>(g, static_cast<std::uint8_t>(MaterialId::Air));
  const Grid3& src = p.grid();
  const Vec3 s = g.spacing_mm();
#pragma omp parallel for collapse(2)
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const Vec3 c = g.position_mm(i, j, k);
        double sum = 0;
        for (int a = -1; a <= 1; ++a)
          for (int b = -1; b <= 1; ++b)
            for (int q = -1; q <= 1; ++q)
              sum += interpolate_trilinear(
                  p.density_g_cm3, {c.x + q * s.x / 3, c.y + b * s.y / 3, c.z + a * s.z / 3}, 0.0);
        const std::int64_t v = g.index(i, j, k);
        out.density_g_cm3[v] = static_cast<float>(sum / 27);
        const Vec3 ci = src.continuous_index(c);
        const int si = static_cast<int>(std::lround(ci.x)),
                  sj = static_cast<int>(std::lround(ci.y)),
                  sk = static_cast<int>(std::lround(ci.z));
        if (si >= 0 && sj >= 0 && sk >= 0 && si < src.nx() && sj < src.ny() && sk < src.nz())
          out.material[v] = p.material.at(si, sj, sk);
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

PlanDoseResult compute_plan_dose(const Plan& plan, const PatientModel& patient,
                                 const std::filesystem::path& machine, const DoseOptions& o,
                                 const Grid3& dose_grid,
                                 const std::function<void(const std::string&)>& progress,
                                 const CccBeamData* ccc_data) {
  o.validate();
  const Grid3 cg = compute_grid(patient.grid(), dose_grid);
  PatientModel resampled;
  if (!(cg == patient.grid())) resampled = resample_patient(patient, cg);
  const PatientModel& model = cg == patient.grid() ? patient : resampled;
  PlanDoseResult r;
  if (o.engine == "ccc") {
    CccBeamData loaded;
    if (!ccc_data) loaded = CccBeamData::from_machine_file(machine, o.zenith);
    const CccBeamData& data = ccc_data ? *ccc_data : loaded;
    CccOptions co;
    co.azimuths = o.azimuths;
    co.device = o.resolved_device();
    co.arc_group_deg = o.arc_group_deg;
    co.transport = o.transport == "exact" ? CccTransport::Exact : CccTransport::Lattice;
    r = ccc_plan_dose(plan, model, data, co, progress);
  } else {
    const PbBeamData data =
        PbBeamData::from_machine_file(machine, o.beamlet_mm, 8.0, o.lateral_scaling);
    PbOptions po;
    po.device = o.resolved_device();
    po.lateral_scaling = o.lateral_scaling;
    r = pb_plan_dose(plan, model, data, po, progress);
  }
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
  return r;
}

}  // namespace srtdose
