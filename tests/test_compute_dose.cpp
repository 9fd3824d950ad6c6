// The shared dose entry point: options, the patient resampled onto the dose grid's voxel size,
// and the dose on a grid finer or coarser than the patient's.
#include <catch2/catch.hpp>
#include <cmath>

#include "host/core/error.h"
#include "host/core/materials.h"
#include "host/engine/compute_dose.h"
#include "host/engine/engine_registry.h"
#include "host/machine/machine_spec.h"
#include "host/plan/plan_parser.h"
#include "kernels/device_info.h"
#include "test_support.h"

using namespace srtdose;

TEST_CASE("resampled patient keeps mass and materials", "[compute-dose]") {
  PhantomSpec spec;
  spec.extent_mm = {{-20, -20, -20}, {20, 20, 20}};
  spec.voxel_mm = {1, 1, 1};
  PatientModel fine = build_phantom(spec, PatientPosition::HFS);
  // A lung slab (0.26 g/cm3, 7.3 mm thick: not on the coarse grid's voxel edges).
  for (int k = 0; k < fine.grid().nz(); ++k)
    for (int j = 0; j < fine.grid().ny(); ++j)
      for (int i = 0; i < fine.grid().nx(); ++i) {
        const double y = fine.grid().position_mm(i, j, k).y;
        if (y > -3.1 && y < 4.2) {
          fine.density_g_cm3.at(i, j, k) = 0.26f;
          fine.material.at(i, j, k) = static_cast<std::uint8_t>(MaterialId::Lung);
        }
      }
  Grid3 dose_grid = Grid3::covering(fine.grid().bounds_mm(), {2.5, 2.5, 2.5}, "dose grid");
  const Grid3 cg = compute_grid(fine.grid(), dose_grid);
  CHECK(cg.spacing_mm() == Vec3{2.5, 2.5, 2.5});
  CHECK(compute_grid(fine.grid(), fine.grid()) == fine.grid());
  const PatientModel coarse = resample_patient(fine, cg);
  double m_fine = 0, m_coarse = 0;
  for (std::int64_t v = 0; v < fine.grid().size(); ++v) m_fine += fine.density_g_cm3[v];
  for (std::int64_t v = 0; v < cg.size(); ++v) m_coarse += coarse.density_g_cm3[v];
  m_fine *= fine.grid().voxel_volume_cm3();
  m_coarse *= cg.voxel_volume_cm3();
  INFO("mass " << m_fine << " g vs " << m_coarse << " g");
  CHECK(m_coarse == Approx(m_fine).epsilon(0.01));
  // The slab's centre is lung, far from it water.
  const Vec3 c = cg.continuous_index({0, 0.5, 0});
  CHECK(coarse.material.at(static_cast<int>(std::lround(c.x)), static_cast<int>(std::lround(c.y)),
                           static_cast<int>(std::lround(c.z))) ==
        static_cast<std::uint8_t>(MaterialId::Lung));
  const Vec3 w = cg.continuous_index({0, 15, 0});
  CHECK(coarse.density_g_cm3.at(static_cast<int>(std::lround(w.x)),
                                static_cast<int>(std::lround(w.y)),
                                static_cast<int>(std::lround(w.z))) == Approx(1.0));
}

TEST_CASE("dose computed at the dose grid's voxel size agrees with the fine computation",
          "[compute-dose]") {
  nlohmann::json doc = test::minimal_plan_json();
  doc["patient"]["phantom"]["extent_mm"] = {{"x", {-30, 30}}, {"y", {-30, 30}}, {"z", {-30, 30}}};
  doc["patient"]["phantom"]["voxel_mm"] = {1.25, 1.25, 1.25};
  doc["beams"][0]["jaws_mm"] = {{"x", {-15, 15}}, {"y", {-15, 15}}};
  const Plan plan = test::parse_test_plan(doc);
  const PatientModel pm = build_patient_model(plan);
  const std::filesystem::path machine = builtin_machine_file("ideal-6mv");
  REQUIRE_FALSE(machine.empty());
  DoseOptions o;
  o.zenith = 8;
  o.azimuths = 8;
  o.device = Device::Cpu;
  const Grid3 coarse_grid = Grid3::covering(pm.grid().bounds_mm(), {2.5, 2.5, 2.5}, "dose grid");
  const DoseResult fine = compute_plan_dose(plan, pm, machine, o, pm.grid());
  const DoseResult coarse = compute_plan_dose(plan, pm, machine, o, coarse_grid);
  REQUIRE(coarse.dose.grid() == coarse_grid);
  // Inside the field, beyond the build-up: within 1.5 % of the maximum (two discretisations;
  // measured 1.0 %).
  const double max = fine.dose.max_value();
  double worst = 0;
  const Grid3& g = coarse_grid;
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const Vec3 p = g.position_mm(i, j, k);
        const Vec3 fc = pm.grid().continuous_index(p);
        // The fine dose at the coarse centre: mean of the 2 x 2 x 2 fine voxels around it.
        double f = 0;
        for (int a = 0; a < 2; ++a)
          for (int b = 0; b < 2; ++b)
            for (int q = 0; q < 2; ++q)
              f += fine.dose.at(static_cast<int>(fc.x) + q, static_cast<int>(fc.y) + b,
                                static_cast<int>(fc.z) + a);
        f /= 8;
        // Beyond the build-up (the central 4 cm along the beam) and inside the 3 x 3 cm field
        // away from its penumbra (a point there is not the mean of its voxel).
        const bool inner = std::abs(p.x) < 10 && std::abs(p.y) < 20 && std::abs(p.z) < 10;
        if (inner && f > 0.5 * max)
          worst = std::max(worst, std::abs(coarse.dose.at(i, j, k) - f) / max);
      }
  INFO("largest difference above 50 %: " << 100 * worst << " % of the maximum");
  CHECK(worst < 0.015);
  // Engines are parsed once, by name: an unknown one is an input error naming the option.
  CHECK_THROWS_WITH(engine_by_name("mc", "--engine"),
                    Catch::Contains("--engine mc") && Catch::Contains("ccc"));
  DoseOptions bad = o;
  bad.arc_group_deg = 90;
  CHECK_THROWS_AS(compute_plan_dose(plan, pm, machine, bad, pm.grid()), InputError);
}

TEST_CASE("dose options: both engines have a CUDA path, the exact transport does not",
          "[compute-dose]") {
  DoseOptions o;
  o.engine = EngineKind::Pb;
  o.device = Device::Cuda;
  CHECK_NOTHROW(o.validate());
  CHECK(o.has_cuda_path());
  if (cuda::devices().empty())
    CHECK_THROWS_AS(o.resolved_device(), DeviceError);  // asked for, not there: said so
  else
    CHECK(o.resolved_device() == Device::Cuda);
  o.device = Device::Auto;
  CHECK(o.resolved_device() == (cuda::devices().empty() ? Device::Cpu : Device::Cuda));
  o.engine = EngineKind::Ccc;
  o.transport = CccTransport::Exact;
  CHECK_FALSE(o.has_cuda_path());
  CHECK(o.resolved_device() == Device::Cpu);
  o.device = Device::Cuda;
  CHECK_THROWS_AS(o.validate(), InputError);
}
