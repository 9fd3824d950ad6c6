// CPU and CUDA paths of the collapsed-cone lattice transport agree (run only where a device is
// present): the Collapsed-cone issue asks for 0.1 % of the maximum where the dose exceeds 1 %.
#include <catch2/catch.hpp>

#include "host/engine/ccc/ccc_engine.h"
#include "host/engine/ccc/lattice_transport.h"
#include "host/engine/ccc/terma.h"
#include "host/geometry/iec61217.h"
#include "host/plan/patient_model.h"
#include "kernels/ccc_lattice_launch.h"
#include "test_support.h"

using namespace srtdose;

namespace {

const CccBeamData& beam_data() {
  static const CccBeamData data = CccBeamData::from_machine_file(test::ideal_machine_file(), 16);
  return data;
}

PatientModel lung_bone_phantom() {
  return test::slab_phantom(80, 20, 40, 44, 48);
}

}  // namespace

TEST_CASE("CUDA collapsed-cone transport agrees with the CPU path", "[gpu][ccc]") {
  const PatientModel pm = lung_bone_phantom();
  const Grid3& g = pm.grid();
  const CccBeamData& data = beam_data();
  // One kernel per energy group (kernel hardening), as the engine runs.
  const TiltWeights tilt(data.kernel, data.group_exp_kernels);
  const int groups = data.groups.groups();
  REQUIRE(groups > 1);
  for (double gantry : {0.0, 33.0, 90.0, 217.0}) {
    INFO("gantry " << gantry);
    BeamSegment s;
    s.gantry_deg = gantry;
    s.couch_deg = gantry == 33.0 ? 20.0 : 0.0;
    s.aperture.jaws = Jaws{-20, 15, -25, 20};
    const std::vector<Volume<float>> terma = terma_per_mu_by_group(pm, s, data);
    Volume<float> total(g, 0.0f);
    std::vector<const Volume<float>*> by_group;
    std::vector<const float*> host;
    for (const Volume<float>& t : terma) {
      by_group.push_back(&t);
      host.push_back(t.data());
      for (std::int64_t v = 0; v < g.size(); ++v) total[v] += t[v];
    }
    const BeamFrame frame = beam_frame(s.gantry_deg, s.collimator_deg, s.couch_deg, s.isocenter_mm,
                                       s.sad_mm, pm.position);
    const auto dirs = cone_directions(data.kernel, frame.axis, 12);
    const auto lattice =
        lattice_directions(g, data.kernel, data.group_exp_kernels, dirs, frame.source_mm);
    for (bool tilted : {false, true}) {
      INFO("kernel tilting " << tilted);
      const TiltTable table = tilted ? tilt.view() : TiltTable{};
      const Volume<float> cpu = ccc_dose_lattice(by_group, total, pm.density_g_cm3, lattice, table);
      cuda::CccLatticeDevice gpu(g.view(), pm.density_g_cm3.data(), table,
                                 data.exp_kernel.components(), groups);
      std::vector<double> energy(static_cast<std::size_t>(g.size()));
      gpu.transport(host, total.data(), lattice, energy.data());
      CHECK(test::worst_difference(cpu, energy_to_dose(g, energy)) < 1e-3);
    }
  }
}

TEST_CASE("CUDA collapsed-cone plan dose agrees with the CPU plan dose", "[gpu][ccc]") {
  const PatientModel pm = lung_bone_phantom();
  Plan plan;
  plan.name = "gpu-check";
  plan.fractions = 3;
  for (double gantry : {0.0, 120.0, 240.0}) {
    BeamSpec b;
    b.name = "G" + std::to_string(static_cast<int>(gantry));
    b.gantry_deg = gantry;
    b.mu = 200;
    b.aperture.jaws = Jaws{-15, 15, -15, 15};
    plan.beams.push_back(b);
  }
  CccOptions o;
  const DoseResult cpu = ccc_plan_dose(plan, pm, beam_data(), o);
  o.device = Device::Cuda;
  const DoseResult gpu = ccc_plan_dose(plan, pm, beam_data(), o);
  CHECK(gpu.device == Device::Cuda);
  const double worst = test::worst_difference(cpu.dose, gpu.dose);
  CHECK(worst < 1e-3);
  WARN("CCC plan dose, CUDA vs CPU: largest difference "
       << 100 * worst << " % of max (dose > 1 % of max); "
       << "transport " << cpu.timings.transport_s << " s CPU, " << gpu.timings.transport_s
       << " s CUDA");
}
