// Collapsed-cone engine (CPU, lattice transport, kernel tilting): central-axis depth doses of the
// ideal-6mv Monte Carlo cases (validation/reference/mc: EGSnrc/DOSXYZnrc) and the MU
// calibration (1 cGy/MU at d_max, 10 x 10 cm, SSD 100 cm).
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "host/engine/ccc/beam_data.h"
#include "host/engine/ccc/ccc_engine.h"
#include "host/machine/machine_file.h"
#include "host/plan/plan_parser.h"
#include "test_support.h"

using namespace srtdose;

namespace {

const CccBeamData& beam_data() {
  static const CccBeamData data = CccBeamData::from_machine_file(test::ideal_machine_file(), 16);
  return data;
}

using Cax = test::CaxComparison;

Cax central_axis(const std::string& name) {
  return test::compare_mc_cax(name, [](const Plan& plan, const PatientModel& pm) {
    // The engine as users run it: lattice transport, kernel tilting, 16 x 12 directions.
    Plan one = plan;
    one.fractions = 1;
    one.beams[0].mu = 1;
    CccOptions o;
    o.azimuths = 12;
    return ccc_plan_dose(one, pm, beam_data(), o).dose;
  });
}

/// Largest deviation of the normalised depth doses from `from` to `to` (voxel indices),
/// failing where it exceeds tol + 2 x the 1-sigma of the Monte Carlo 3 x 3 axis mean.
double compare(const Cax& c, int norm, int from, int to, double tol) {
  double worst = 0;
  for (int j = from; j <= to; ++j) {
    const double o = c.ours[j] / c.ours[norm], m = c.mc[j] / c.mc[norm];
    INFO("depth " << 0.25 * j + 0.125 << " cm: " << o << " vs " << m);
    CHECK(std::abs(o / m - 1) < tol + 2 * c.unc[j]);
    worst = std::max(worst, std::abs(o / m - 1));
  }
  return worst;
}

}  // namespace

// One test case (one process under CTest) so that the machine file is built once.
TEST_CASE("CCC depth doses of the Monte Carlo cases and the MU calibration", "[ccc][slow]") {
  SECTION("case F: 10 x 10 cm water, and 1 cGy/MU at d_max") {
    const Cax c = central_axis("caseF");
    REQUIRE(c.mc.size() >= 110);
    const double worst = compare(c, 40, 2, 110, 0.03);
    // Kernel hardening (one kernel per energy group) removed the slope of the depth dose: it
    // was +1.2 % at 2-5 cm against -2.0 % at 18-25 cm with one polyenergetic kernel.
    const test::DepthDoseFigures f = test::depth_dose_figures(c, 40);
    CHECK(std::abs(f.slope) < 0.01);
    CHECK(f.p95 < 0.02);  // issue 23 target 1.5 % (with the committed kernel, validation/)
    // 1 cGy/MU at d_max (1.25-1.75 cm here) of the reference field.
    const double dmax = *std::max_element(c.ours.begin() + 3, c.ours.begin() + 10);
    CHECK(dmax == Approx(0.01).epsilon(0.02));
    WARN("case F (10x10 water): largest CAX deviation " << 100 * worst << " %; dose at d_max "
                                                        << 100 * dmax << " cGy/MU");
  }
  SECTION("case A: 5 x 5 cm water") {
    const Cax c = central_axis("caseA");
    WARN("case A (5x5 water): largest CAX deviation " << 100 * compare(c, 40, 2, 110, 0.035)
                                                      << " %");
    const test::DepthDoseFigures f = test::depth_dose_figures(c, 40);
    CHECK(std::abs(f.slope) < 0.01);
    CHECK(f.p95 < 0.015);
  }
  SECTION("case C: 5 x 5 cm through lung") {
    // Normalised at 3 cm, upstream of the lung (5-15 cm); the rebuild-up past the lung is
    // where the collapsed cone is weakest (see the validation report).
    const Cax c = central_axis("caseC");
    WARN("case C (lung slab): largest CAX deviation " << 100 * compare(c, 12, 2, 110, 0.065)
                                                      << " %");
    CHECK(test::depth_dose_figures(c, 12).p95 < 0.03);  // issue 23 target for lung slabs
  }
}
