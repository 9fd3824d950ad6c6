// Constraint sets: the shipped TG-101 file, evaluation by fraction number and structure alias,
// and clear errors for malformed files.
#include <catch2/catch.hpp>

#include "host/core/error.h"
#include "host/plan/patient_model.h"
#include "host/qa/constraints.h"
#include "host/qa/fractionation.h"
#include "host/qa/structure_names.h"
#include "host/qa/tissue_table.h"
#include "test_support.h"

using namespace srtdose;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

/// A cylinder structure (the cord) of uniform dose, and a box with D = 10 + 0.5 x.
std::vector<Dvh> test_dvhs(const std::string& cord_name, double cord_dose) {
  const Grid3 g({40, 40, 40}, {1, 1, 1}, {-19.5, -19.5, -19.5});
  Shape cyl;
  cyl.type = ShapeType::Cylinder;
  cyl.center_mm = {10, 10, 0};
  cyl.radius_mm = 5;
  cyl.length_mm = 36;  // 2.83 cm3
  Volume<float> dose(g, static_cast<float>(cord_dose));
  Shape box;
  box.min_mm = {-10, -19, -6}, box.max_mm = {10, -7, 6};
  for (int k = 0; k < 40; ++k)
    for (int j = 0; j < 40; ++j)
      for (int i = 0; i < 40; ++i)
        if (g.position_mm(i, j, k).y < -5)
          dose.at(i, j, k) = static_cast<float>(10 + 0.5 * g.position_mm(i, j, k).x);
  DvhOptions o;
  o.supersample = 1;
  return {compute_dvh(cord_name, shape_mask(cyl, g), dose, o),
          compute_dvh("Lung_L", shape_mask(box, g), dose, o)};
}

const ConstraintResult& find(const std::vector<ConstraintResult>& rs, const std::string& organ,
                             const std::string& metric) {
  for (const auto& r : rs)
    if (r.constraint->organ == organ && r.constraint->metric.text == metric) return r;
  FAIL("no constraint " << organ << " " << metric);
  return rs.front();
}

}  // namespace

TEST_CASE("structure names match across conventions", "[constraints]") {
  CHECK(normalise_structure_name(" Spinal_Cord-1 ") == "spinalcord1");
  CHECK(match_structure({"PTV", "SPINAL_CORD"}, {"SpinalCord", "Cord"}) == 1);
  CHECK(match_structure({"PTV", "Cord"}, {"SpinalCord", "Cord"}) == 1);
  CHECK(match_structure({"PTV"}, {"SpinalCord"}) == -1);
  CHECK(is_target_name("PTV_54"));
  CHECK(is_target_name("gtv"));
  CHECK_FALSE(is_target_name("SpinalCord"));
}

TEST_CASE("TG-101 set: cord limits by fraction number", "[constraints]") {
  const ConstraintSet set = ConstraintSet::load(find_constraint_set("tg101"));
  CHECK(set.fractions == std::vector<int>{1, 3, 5});
  const auto dvhs = test_dvhs("SPINAL_CORD", 15.0);
  SECTION("3 fractions: 15 Gy uniform passes 0.35 cc (18 Gy) and max (21.9), fails 1.2 cc (12.3)") {
    const auto rs = evaluate_constraints(set, 3, dvhs);
    const auto& a = find(rs, "Spinal cord", "D0.35cc");
    CHECK(a.structure == "SPINAL_CORD");
    CHECK(a.value == Approx(15.0));
    CHECK(a.limit == Approx(18.0));
    CHECK(a.status == ConstraintResult::Status::pass);
    CHECK(find(rs, "Spinal cord", "D0.035cc").limit == Approx(21.9));
    CHECK(find(rs, "Spinal cord", "D1.2cc").status == ConstraintResult::Status::fail);
    CHECK(find(rs, "Liver", "CV700cc").status == ConstraintResult::Status::not_applicable);
  }
  SECTION("1 fraction: 15 Gy fails 10 Gy / 14 Gy") {
    const auto rs = evaluate_constraints(set, 1, dvhs);
    CHECK(find(rs, "Spinal cord", "D0.35cc").status == ConstraintResult::Status::fail);
    CHECK(find(rs, "Spinal cord", "D0.035cc").limit == Approx(14.0));
  }
  SECTION("2 fractions: TG-101 gives no limits") {
    for (const auto& r : evaluate_constraints(set, 2, dvhs))
      CHECK((r.status == ConstraintResult::Status::no_limit ||
             r.status == ConstraintResult::Status::not_applicable));
  }
  SECTION("dose scaling: half the dose passes in 1 fraction") {
    const auto rs = evaluate_constraints(set, 1, dvhs, 0, 0.5);
    CHECK(find(rs, "Spinal cord", "D0.35cc").value == Approx(7.5));
    CHECK(find(rs, "Spinal cord", "D0.35cc").status == ConstraintResult::Status::pass);
  }
}

TEST_CASE("a clinic's own set: volume and critical-volume limits", "[constraints]") {
  test::TempDir dir;
  nlohmann::json doc = {
      {"srtdose_constraints", 1},
      {"name", "test set"},
      {"citation", "unit test"},
      {"fractions", {1, 5}},
      {"organs", {{"Lung", {{"aliases", {"Lung_L", "Lung_R"}}}}}},
      {"constraints",
       {{{"organ", "Lung"}, {"metric", "V12Gy"}, {"limit_pct", {{"5", 25}}}},
        {{"organ", "Lung"}, {"metric", "V12Gy"}, {"limit_cc", {{"5", 0.5}}}},
        {{"organ", "Lung"}, {"metric", "CV1.44cc"}, {"limit_gy", {{"5", 9.9}, {"1", 10.1}}}}}}};
  test::write_json(dir / "mine.json", doc);
  const ConstraintSet set = ConstraintSet::load(dir / "mine.json");
  const auto dvhs = test_dvhs("Cord", 1.0);
  const auto rs = evaluate_constraints(set, 5, dvhs);
  REQUIRE(rs.size() == 3);
  CHECK_THAT(rs[0].value, WithinAbs(30.0, 1e-3));  // V12Gy = 30 % of the box
  CHECK(rs[0].status == ConstraintResult::Status::fail);
  CHECK_THAT(rs[1].value, WithinRel(0.3 * 2.88, 1e-4));
  CHECK(rs[1].status == ConstraintResult::Status::fail);
  CHECK_THAT(rs[2].value, WithinAbs(10.0, 1e-4));  // half the box stays below the median
  CHECK(rs[2].status == ConstraintResult::Status::fail);
  CHECK(evaluate_constraints(set, 1, dvhs)[2].status == ConstraintResult::Status::pass);
}

TEST_CASE("malformed constraint files give errors naming file and field", "[constraints]") {
  test::TempDir dir;
  nlohmann::json good = {
      {"srtdose_constraints", 1},
      {"name", "x"},
      {"citation", "y"},
      {"fractions", {1}},
      {"organs", {{"Cord", {{"aliases", nlohmann::json::array()}}}}},
      {"constraints", {{{"organ", "Cord"}, {"metric", "Dmax"}, {"limit_gy", {{"1", 14}}}}}}};
  auto expect = [&](nlohmann::json doc, const std::string& text) {
    test::write_json(dir / "bad.json", doc);
    CHECK_THROWS_WITH(ConstraintSet::load(dir / "bad.json"),
                      Catch::Contains("bad.json") && Catch::Contains(text));
  };
  CHECK_NOTHROW((test::write_json(dir / "ok.json", good), ConstraintSet::load(dir / "ok.json")));
  auto d = good;
  d["constraints"][0]["metric"] = "Dfoo";
  expect(d, "constraints[0].metric");
  d = good;
  d["constraints"][0]["organ"] = "Liver";
  expect(d, "not listed in organs");
  d = good;
  d["constraints"][0]["limit_cc"] = {{"1", 3}};
  expect(d, "exactly one of");
  d = good;
  d["constraints"][0]["metric"] = "V10Gy";
  expect(d, "needs a volume limit");
  d = good;
  d["constraints"][0]["limit_gy"] = {{"one", 14}};
  expect(d, "fraction numbers");
  d = good;
  d["constraints"][0]["colour"] = "red";
  expect(d, "colour");
  d = good;
  d["srtdose_constraints"] = 2;
  expect(d, "version");
  CHECK_THROWS_WITH(find_constraint_set("no-such-set"), Catch::Contains("tg101"));
}

TEST_CASE("alpha/beta table: targets, named tissues, default", "[constraints][radiobiology]") {
  const TissueTable t = TissueTable::builtin();
  CHECK(t.alpha_beta_for("PTV", true) == 10.0);
  CHECK(t.alpha_beta_for("Spinal_Cord", false) == 2.0);
  CHECK(t.alpha_beta_for("SPINALCORD", false) == 2.0);
  CHECK(t.alpha_beta_for("Liver", false) == 3.0);
  CHECK(t.target_options.at("rcc") == Approx(2.6));
  TissueModel usc;
  usc.model = BedModel::usc;
  CHECK(tissue_model_for(t, "Cord", false, usc).model == BedModel::lq);
  CHECK(tissue_model_for(t, "PTV", true, usc).model == BedModel::usc);
}

TEST_CASE("fractionation comparison scales the plan to each scheme",
          "[constraints][radiobiology]") {
  // Target: uniform 54 Gy (3 x 18). Cord: 15 Gy uniform.
  const Grid3 g({20, 20, 20}, {2, 2, 2}, {-19, -19, -19});
  Shape ptv;
  ptv.type = ShapeType::Sphere;
  ptv.center_mm = {-8, 0, 0};
  ptv.radius_mm = 8;
  Shape cord;
  cord.type = ShapeType::Cylinder;
  cord.center_mm = {10, 0, 0};
  cord.radius_mm = 4;
  cord.length_mm = 30;
  Volume<float> dose(g, 15.0f);
  const Volume<float> pm = shape_mask(ptv, g);
  for (std::int64_t i = 0; i < g.size(); ++i)
    if (pm[i] > 0) dose[i] = 54.0f;
  const ConstraintSet set = ConstraintSet::load(find_constraint_set("tg101"));
  FractionationInput in;
  DvhOptions o;
  o.supersample = 1;
  in.dvhs = {compute_dvh("PTV", pm, dose, o),
             compute_dvh("SpinalCord", shape_mask(cord, g), dose, o)};
  in.target_index = 0;
  in.rx_total_gy = 54;
  TissueModel tumour, cordm;
  tumour.alpha_beta_gy = 10;
  cordm.alpha_beta_gy = 2;
  in.tissues = {tumour, cordm};
  in.constraints = &set;
  const auto rs = compare_schemes(in, Scheme::parse_list("3x18,5x10,1x24"));
  REQUIRE(rs.size() == 3);
  CHECK_THAT(rs[0].target.bed_d50_gy, WithinRel(151.2, 1e-6));
  CHECK_THAT(rs[0].target.bed_mean_gy, WithinRel(151.2, 1e-6));
  CHECK_THAT(rs[1].target.bed_d98_gy, WithinRel(100.0, 1e-6));
  CHECK(rs[1].dose_scale == Approx(50.0 / 54));
  // Cord at 15 Gy x (24/54) = 6.67 Gy in 1 fraction passes; at 15 Gy in 3 fractions 1.2 cc fails.
  CHECK(rs[2].failed == 0);
  CHECK(rs[0].failed >= 1);
  // Iso-effect from 3 x 18 Gy (BED10 151.2): 5 fractions need d with 5 d (1 + d/10) = 151.2.
  const auto iso = iso_effective_schemes(in, 151.2, {5, 1, 5});
  REQUIRE(iso.size() == 2);
  CHECK(iso[0].scheme.fractions == 1);
  const double d5 = iso[1].scheme.dose_per_fraction_gy;
  CHECK_THAT(5 * d5 * (1 + d5 / 10), WithinRel(151.2, 1e-9));
  CHECK_THAT(iso[1].target.bed_d50_gy, WithinRel(151.2, 1e-6));
  CHECK_THROWS_AS(Scheme::parse("0x5"), InputError);
  CHECK_THROWS_AS(Scheme::parse("3x"), InputError);
  CHECK_THROWS_AS(Scheme::parse("3x-2"), InputError);
  CHECK_THROWS_AS(Scheme::parse_list(","), InputError);
}
