// LQ, LQ-L and USC: textbook values, continuity at the transition doses, iso-effect round trips.
#include <catch2/catch.hpp>
#include <cmath>

#include "host/core/error.h"
#include "host/qa/outcome_models.h"
#include "host/qa/radiobiology.h"

using namespace srtdose;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("LQ textbook values", "[radiobiology]") {
  TissueModel t;
  t.alpha_beta_gy = 10;
  CHECK_THAT(bed_gy(3, 18, t), WithinRel(151.2, 1e-12));  // 3 x 18 Gy, alpha/beta 10
  t.alpha_beta_gy = 3;
  const double bed = bed_gy(5, 7, t);  // 5 x 7 Gy, alpha/beta 3: BED 116.67, EQD2 70 Gy
  CHECK_THAT(bed, WithinRel(35 * (1 + 7.0 / 3), 1e-12));
  CHECK_THAT(eqd2_gy(bed, 3), WithinRel(70.0, 1e-12));
  // 2 Gy fractions are their own EQD2.
  CHECK_THAT(eqd2_gy(bed_gy(30, 2, t), 3), WithinRel(60.0, 1e-12));
  t.alpha_beta_gy = 10;
  CHECK_THAT(bed_gy(5, 10, t), WithinRel(100.0, 1e-12));  // 50 Gy / 5: BED10 = 100 Gy
}

TEST_CASE("LQ-L and USC join the LQ curve smoothly at their transition doses", "[radiobiology]") {
  auto check_join = [](const TissueModel& t, double dt) {
    const double h = 1e-6;
    const double below = bed_per_fraction_gy(dt - h, t), at = bed_per_fraction_gy(dt, t),
                 above = bed_per_fraction_gy(dt + h, t);
    CHECK_THAT(above - at, WithinAbs(at - below, 1e-9));  // same slope on both sides
    TissueModel lq = t;
    lq.model = BedModel::lq;
    lq.alpha_beta_gy = t.effective_alpha_beta_gy();
    CHECK_THAT(at, WithinRel(bed_per_fraction_gy(dt, lq), 1e-12));            // LQ below
    CHECK(bed_per_fraction_gy(3 * dt, t) < bed_per_fraction_gy(3 * dt, lq));  // linear above
  };
  TissueModel lql;
  lql.model = BedModel::lq_l;
  lql.alpha_beta_gy = 10;
  lql.lql_transition_gy = 6;
  check_join(lql, 6);
  // Above d_T the slope is gamma/alpha = 1 + 2 d_T / (alpha/beta).
  CHECK_THAT(bed_per_fraction_gy(16, lql) - bed_per_fraction_gy(11, lql),
             WithinRel(5 * 2.2, 1e-12));

  TissueModel usc;
  usc.model = BedModel::usc;
  // Park et al. 2008, H460: D_T = 2 Dq / (1 - alpha D0) = 6.13 Gy (quoted as about 6.2 Gy).
  CHECK_THAT(usc.usc_transition_gy(), WithinAbs(3.6 / (1 - 0.4125), 1e-12));
  check_join(usc, usc.usc_transition_gy());
  // Beyond D_T: (d - Dq) / (alpha D0).
  CHECK_THAT(bed_per_fraction_gy(20, usc), WithinRel((20 - 1.8) / (0.33 * 1.25), 1e-12));
}

TEST_CASE("iso-effect: the dose per fraction for a BED round-trips", "[radiobiology]") {
  for (BedModel m : {BedModel::lq, BedModel::lq_l, BedModel::usc}) {
    TissueModel t;
    t.model = m;
    t.alpha_beta_gy = 2.6;
    for (int n : {1, 3, 5, 8})
      for (double d : {1.5, 6.0, 9.0, 18.0, 26.0}) {
        const double b = bed_gy(n, d, t);
        CHECK_THAT(dose_per_fraction_for_bed(n, b, t), WithinAbs(d, 1e-8));
      }
  }
  TissueModel t;
  CHECK_THROWS_AS(dose_per_fraction_for_bed(0, 100, t), InputError);
  CHECK_THROWS_AS(dose_per_fraction_for_bed(3, -1, t), InputError);
}

TEST_CASE("radiobiology parameters are validated", "[radiobiology]") {
  TissueModel t;
  t.alpha_beta_gy = 0;
  CHECK_THROWS_WITH(t.validate(), Catch::Contains("alpha/beta"));
  t.alpha_beta_gy = -3;
  CHECK_THROWS_AS(t.validate(), InputError);
  TissueModel u;
  u.model = BedModel::usc;
  u.usc_d0_gy = 4;  // alpha D0 > 1
  CHECK_THROWS_WITH(u.validate(), Catch::Contains("alpha x D0"));
  CHECK_THROWS_AS(bed_model_by_name("linear"), InputError);
  CHECK(bed_model_by_name("lq-l") == BedModel::lq_l);
}

TEST_CASE("repopulation reduces BED only after the kick-off time", "[radiobiology]") {
  Repopulation r;
  r.overall_time_days = 14;
  CHECK(r.bed_reduction_gy() == 0.0);
  r.overall_time_days = 38;
  r.kickoff_days = 28, r.tpot_days = 3, r.alpha_per_gy = 0.3;
  CHECK_THAT(r.bed_reduction_gy(), WithinRel(std::log(2.0) * 10 / 0.9, 1e-12));
}

TEST_CASE("outcome models: LKB at TD50 is one half, gEUD of a uniform dose is that dose",
          "[radiobiology]") {
  CHECK_THAT(lkb_ntcp(66.5, 66.5, 0.175), WithinAbs(0.5, 1e-15));
  CHECK(lkb_ntcp(80, 66.5, 0.175) > 0.8);
  CHECK_THAT(lkb_ntcp(66.5 * 1.175, 66.5, 0.175), WithinAbs(0.841344746, 1e-8));  // Phi(1)
  Dvh d;
  d.name = "u";
  d.volume_cm3 = 10, d.min_gy = d.max_gy = d.mean_gy = 12;
  d.set_curve({12.0}, {5.0});
  CHECK_THAT(geud_gy(d, 8.0, [](double x) { return x; }), WithinRel(12.0, 1e-12));
  // Poisson TCP of a uniform BED: exp(-rho V exp(-alpha BED)).
  const double tcp = poisson_tcp(d, 0.3, 1e7, [](double x) { return 10 * x; });
  CHECK_THAT(tcp, WithinRel(std::exp(-1e7 * 10 * std::exp(-0.3 * 120)), 1e-9));
}
