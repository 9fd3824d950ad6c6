// Finite-size pencil beam (CPU): central-axis depth doses of the ideal-6mv Monte Carlo cases.
// In water it should agree; through lung it is expected to overestimate (lateral electron
// transport in low density is not modelled), which the collapsed cone fixes.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "host/engine/pb/pb_engine.h"
#include "host/machine/machine_file.h"
#include "host/plan/plan_parser.h"
#include "test_support.h"

using namespace srtdose;

namespace {

const PbBeamData& beam_data() {
  static const PbBeamData data = PbBeamData::from_machine_file(test::ideal_machine_file(), 2.5);
  return data;
}

using Cax = test::CaxComparison;

const PbBeamData& scaled_beam_data() {
  static const PbBeamData data =
      PbBeamData::from_machine_file(test::ideal_machine_file(), 2.5, 8.0, true);
  return data;
}

Cax central_axis(const std::string& name, bool lateral_scaling = false) {
  return test::compare_mc_cax(name, [&](const Plan& plan, const PatientModel& pm) {
    const Volume<std::uint8_t> axis = test::axis_column_mask(pm.grid());
    const BeamSegment s = expand_beam(plan.beams[0]).front();
    if (!lateral_scaling) return pb_dose_per_mu(pm, s, beam_data(), 0.01, &axis);
    const Volume<float> rho = lateral_density(pm);
    return pb_dose_per_mu(pm, s, scaled_beam_data(), 0.01, &axis, &rho);
  });
}

double ratio(const Cax& c, int j, int norm) {
  return c.ratio(j, norm);
}

}  // namespace

// One test case (one process under CTest) so that the machine file is built once.
TEST_CASE("PB depth doses: water (cases F and A), calibration, and lung (case C)", "[pb]") {
  SECTION("water") {
    for (const char* name : {"caseF", "caseA"}) {
      const Cax c = central_axis(name);
      double worst = 0;
      for (int j = 2; j <= 110; ++j) {
        INFO(name << " depth " << 0.25 * j + 0.125 << " cm");
        CHECK(std::abs(ratio(c, j, 40) - 1) < 0.035 + 2 * c.unc[j]);
        worst = std::max(worst, std::abs(ratio(c, j, 40) - 1));
      }
      WARN(name << ": PB largest CAX deviation " << 100 * worst << " %");
      // The pencil kernel is built with one point kernel per energy group (kernel hardening):
      // no slope left (with one kernel: +1.3 % at 2-5 cm against -1.8 % at 18-25 cm, case A).
      const test::DepthDoseFigures f = test::depth_dose_figures(c, 40);
      INFO(name << ": P95 " << f.p95 << ", slope " << f.slope);
      CHECK(std::abs(f.slope) < 0.01);
      CHECK(f.p95 < 0.02);
    }
    const Cax f = central_axis("caseF");
    CHECK(*std::max_element(f.ours.begin() + 3, f.ours.begin() + 10) == Approx(0.01).epsilon(0.02));
  }
  SECTION("PB overestimates the dose in lung for a 5 x 5 cm field (case C)") {
    const Cax c = central_axis("caseC");
    // Normalised at 3 cm (upstream of the lung at 5-15 cm): at 8-12 cm in the lung the PB is
    // well above Monte Carlo; far beyond the lung it is back near it.
    double mean_in_lung = 0;
    for (int j = 32; j <= 48; ++j) mean_in_lung += ratio(c, j, 12) / 17;
    CHECK(mean_in_lung > 1.05);
    CHECK(std::abs(ratio(c, 100, 12) - 1) < 0.04 + 2 * c.unc[100]);
    WARN("case C: PB / Monte Carlo in the lung (8-12 cm) " << mean_in_lung);
  }
  SECTION("lateral density scaling: water unchanged, the lung overestimate removed") {
    const Cax w = central_axis("caseA"), ws = central_axis("caseA", true);
    for (std::size_t j = 0; j < w.ours.size(); ++j) CHECK(ws.ours[j] == w.ours[j]);
    const Cax c = central_axis("caseC", true), u = central_axis("caseC");
    double mean_in_lung = 0, worst = 0, worst_unscaled = 0;
    for (int j = 32; j <= 48; ++j) mean_in_lung += ratio(c, j, 12) / 17;
    // From the lung's entrance (5 cm) to 25 cm. The largest deviations of both are at the
    // interfaces, where the smoothed density is a mixture.
    for (int j = 20; j <= 100; ++j) {
      worst = std::max(worst, std::abs(ratio(c, j, 12) - 1));
      worst_unscaled = std::max(worst_unscaled, std::abs(ratio(u, j, 12) - 1));
    }
    INFO("in the lung " << mean_in_lung << ", worst " << worst << " (unscaled " << worst_unscaled
                        << ")");
    CHECK(std::abs(mean_in_lung - 1) < 0.04);
    CHECK(worst < worst_unscaled);
    WARN("case C with lateral scaling: PB / Monte Carlo in the lung (8-12 cm) "
         << mean_in_lung << ", largest deviation 5-25 cm " << worst << " (unscaled "
         << worst_unscaled << ")");
  }
}
