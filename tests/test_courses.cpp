// Re-treatment summation (issue 22): exact EQD2 sums of uniform courses, a point-dose pair by
// hand, rigid placement (matrix and DICOM registration), recovery, limits, and the command's
// clean errors with no output.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <numbers>

#include "host/cli/cli.h"
#include "host/core/data_dir.h"
#include "host/core/error.h"
#include "host/geometry/rigid_resample.h"
#include "host/io/hdf5_file.h"
#include "host/io/rtdose.h"
#include "host/io/spatial_registration.h"
#include "host/qa/courses.h"
#include "test_support.h"

using namespace srtdose;
namespace fs = std::filesystem;

namespace {

/// EQD2 of n fractions of d Gy (LQ): n d (d + a/b) / (2 + a/b).
double eqd2_lq(int n, double d, double ab) {
  return n * d * (d + ab) / (2 + ab);
}

const Grid3 kGrid({30, 30, 30}, {2, 2, 2}, {-29, -29, -29});

Structure structure(const std::string& name, const Shape& shape, const Grid3& g = kGrid) {
  return {name, shape_mask(shape, g)};
}

/// Cord (a/b 2), PTV (target, 10) and a muscle block (not in the table: 3), apart.
std::vector<Structure> three_tissues() {
  return {structure("SPINAL_CORD", test::cylinder_shape({0, 16, 0}, 4, 40, 2)),
          structure("PTV", test::sphere_shape({0, -12, 0}, 6)),
          structure("MUSCLE", test::box_shape({-26, -4, -10}, {-14, 6, 10}))};
}

CourseSumOptions options(bool recovery = false) {
  CourseSumOptions o;
  o.table = TissueTable::builtin();
  o.base.alpha_beta_gy = o.table.target_alpha_beta_gy;
  if (recovery) o.recovery = RecoveryTable::builtin();
  return o;
}

std::vector<const Structure*> pointers(const std::vector<Structure>& s) {
  std::vector<const Structure*> p;
  for (const Structure& x : s) p.push_back(&x);
  return p;
}

const OrganSum& organ(const CourseSum& s, const std::string& name) {
  for (const OrganSum& o : s.organs)
    if (o.name == name) return o;
  FAIL("no organ " << name);
  return s.organs.front();
}

void write_h5_dose(const fs::path& p, const Volume<float>& d, int fractions) {
  H5File f = H5File::create(p);
  f.write_volume("/dose", d);
  f.write_attr("/dose", "fractions", static_cast<std::int64_t>(fractions));
  f.close();
}

/// The current course's plan: a 60 mm water cube at 2 mm with the three tissues as structures,
/// on the grid kGrid.
nlohmann::json current_plan(int fractions) {
  auto plan = nlohmann::json::parse(R"({
    "srtdose_plan": 1, "name": "current",
    "patient": {"phantom": {
      "extent_mm": {"x": [-30, 30], "y": [-30, 30], "z": [-30, 30]}, "voxel_mm": [2, 2, 2],
      "medium": {"material": "water", "density": 1.0},
      "objects": [
        {"type": "cylinder", "center_mm": [0, 16, 0], "radius_mm": 4, "axis": "z", "length_mm": 40,
         "material": "water", "density": 1.0, "structure": "SPINAL_CORD"},
        {"type": "sphere", "center_mm": [0, -12, 0], "radius_mm": 6,
         "material": "water", "density": 1.0, "structure": "PTV"}]}},
    "machine": "ideal-6mv",
    "beams": [{"name": "AP", "gantry_deg": 0, "collimator_deg": 0, "couch_deg": 0,
               "isocenter_mm": [0, 0, 0], "sad_mm": 1000,
               "jaws_mm": {"x": [-10, 10], "y": [-10, 10]}, "mu": 100}]
  })");
  plan["fractions"] = fractions;
  return plan;
}

}  // namespace

TEST_CASE("uniform 3 x 18 Gy and 5 x 7 Gy courses sum to the exact EQD2 for a/b 2, 10 and 3",
          "[courses]") {
  const Volume<float> first(kGrid, 54.0f), second(kGrid, 35.0f);
  const auto s = three_tissues();
  const CourseSum sum = sum_courses({{"first", &first, 3, 12, {}}, {"second", &second, 5, 0, {}}},
                                    pointers(s), options());
  for (const auto& [name, ab] : std::vector<std::pair<std::string, double>>{
           {"SPINAL_CORD", 2.0}, {"PTV", 10.0}, {"MUSCLE", 3.0}}) {
    const double expected = eqd2_lq(3, 18, ab) + eqd2_lq(5, 7, ab);
    const OrganSum& o = organ(sum, name);
    INFO(name);
    CHECK(o.tissue.effective_alpha_beta_gy() == Approx(ab));
    CHECK(o.eqd2_mean_gy == Approx(expected).epsilon(1e-5));
    CHECK(o.eqd2_near_max_gy == Approx(expected).epsilon(1e-5));
    CHECK(o.courses[0].eqd2_mean_gy == Approx(eqd2_lq(3, 18, ab)).epsilon(1e-5));
    CHECK(o.courses[1].eqd2_mean_gy == Approx(eqd2_lq(5, 7, ab)).epsilon(1e-5));
  }
  // a/b 2: 270 + 78.75 Gy. The physical sum is written too, labelled, never converted.
  CHECK(sum.eqd2.at(15, 23, 15) == Approx(348.75).epsilon(1e-5));
  CHECK(sum.physical.at(15, 23, 15) == Approx(89));
  CHECK(sum.eqd2.at(2, 2, 2) == Approx(eqd2_lq(3, 18, 3) + eqd2_lq(5, 7, 3)).epsilon(1e-5));
}

TEST_CASE("a point-dose pair matches the hand formula voxel by voxel", "[courses]") {
  // Non-uniform doses: the EQD2 of each voxel is that of its own dose per fraction.
  const Volume<float> first =
      test::sample_field(kGrid, [](const Vec3& p) { return 30 + 0.5 * p.x; });
  const Volume<float> second =
      test::sample_field(kGrid, [](const Vec3& p) { return 20 + 0.3 * p.y; });
  const auto s = three_tissues();
  const CourseSum sum =
      sum_courses({{"a", &first, 1, 7, {}}, {"b", &second, 3, 0, {}}}, pointers(s), options());
  const Vec3 p = kGrid.position_mm(15, 23, 15);  // in the cord (a/b 2)
  const double d1 = 30 + 0.5 * p.x, d2 = 20 + 0.3 * p.y;
  const double hand = d1 * (d1 + 2) / 4 + d2 * (d2 / 3 + 2) / 4;
  CHECK(sum.eqd2.at(15, 23, 15) == Approx(hand).epsilon(1e-5));
  CHECK(sum.bed.at(15, 23, 15) == Approx(2 * hand).epsilon(1e-5));
  CHECK(sum.alpha_beta.at(15, 23, 15) == Approx(2));
}

TEST_CASE("a rigid transform moves a sphere of dose where it should", "[courses]") {
  // A sphere of 40 Gy (radius 12 mm, partial voxels at its edge) around c in the earlier
  // course's frame; that frame is rotated 30 degrees about z and shifted relative to the
  // current one.
  const double radius = 12;
  const Grid3 src({40, 40, 40}, {2, 2, 2}, {-39, -39, -39});
  const Vec3 c{8, -6, 4};
  Volume<float> dose = shape_mask(test::sphere_shape(c, radius), src);
  for (std::int64_t v = 0; v < src.size(); ++v) dose[v] *= 40;
  const double a = 30 * std::numbers::pi / 180;
  const RigidTransform t = RigidTransform::from_matrix(
      {std::cos(a), -std::sin(a), 0, 5, std::sin(a), std::cos(a), 0, -3, 0, 0, 1, 2, 0, 0, 0, 1},
      "test");
  const Grid3 target({36, 36, 36}, {2, 2, 2}, {-35, -35, -35});
  const RigidResample r = resample_rigid(dose, target, t.inverse());
  Vec3 centroid{0, 0, 0};
  double w = 0;
  for (int k = 0; k < target.nz(); ++k)
    for (int j = 0; j < target.ny(); ++j)
      for (int i = 0; i < target.nx(); ++i) {
        const double v = r.values.at(i, j, k);
        centroid = centroid + v * target.position_mm(i, j, k);
        w += v;
      }
  centroid = (1 / w) * centroid;
  const Vec3 expected = t.apply(c);
  CHECK(norm(centroid - expected) < 0.5 * 2);
  // Its volume (dose integral over 40 Gy) is the sphere's, before and after placing.
  double own = 0;
  for (std::int64_t v = 0; v < src.size(); ++v) own += dose[v];
  const double sphere = 4.0 / 3 * std::numbers::pi * std::pow(radius, 3);
  CHECK(w * 8 / 40 == Approx(sphere).epsilon(0.01));
  CHECK(own * 8 / 40 == Approx(sphere).epsilon(0.01));
  // The inverse undoes the transform.
  const Vec3 back = t.inverse().apply(expected);
  CHECK(norm(back - c) < 1e-9);
  CHECK(t.rotation_deg() == Approx(30));
}

TEST_CASE("non-rigid matrices and grids that do not overlap are refused", "[courses]") {
  CHECK_THROWS_AS(
      RigidTransform::from_matrix({2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}, "scaled"),
      InputError);
  CHECK_THROWS_AS(
      RigidTransform::from_matrix({-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}, "mirrored"),
      InputError);
  const Volume<float> d(kGrid, 10.0f);
  const RigidTransform far =
      RigidTransform::from_matrix({1, 0, 0, 500, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}, "far");
  const auto s = three_tissues();
  CHECK_THROWS_WITH(
      sum_courses({{"lung 2024", &d, 5, 10, far}, {"now", &d, 5, 0, {}}}, pointers(s), options()),
      Catch::Contains("course 'lung 2024'") && Catch::Contains("does not overlap"));
}

TEST_CASE("recovery applied and not applied differ exactly by the discount", "[courses]") {
  const Volume<float> first(kGrid, 30.0f), second(kGrid, 24.0f);
  const auto s = three_tissues();
  // 8 months: the built-in cord table counts 75 % of the earlier EQD2 (25 % recovered).
  const std::vector<CourseDose> c{{"first", &first, 10, 8, {}}, {"second", &second, 3, 0, {}}};
  const CourseSum without = sum_courses(c, pointers(s), options(false));
  const CourseSum with = sum_courses(c, pointers(s), options(true));
  const double early = eqd2_lq(10, 3, 2);
  const OrganSum &cw = organ(with, "SPINAL_CORD"), &cn = organ(without, "SPINAL_CORD");
  CHECK(cw.courses[0].counted == 0.75);
  CHECK(cw.recovery_organ == "Spinal cord");
  CHECK(cn.eqd2_mean_gy - cw.eqd2_mean_gy == Approx(0.25 * early).epsilon(1e-5));
  CHECK(without.eqd2.at(15, 23, 15) - with.eqd2.at(15, 23, 15) ==
        Approx(0.25 * early).epsilon(1e-4));
  // No recovery for tissue the table does not list, and none for the current course.
  CHECK(organ(with, "PTV").eqd2_mean_gy == Approx(organ(without, "PTV").eqd2_mean_gy));
  CHECK(cw.courses[1].counted == 1.0);
  // Steps: none before 6 months, 50 % counted from 12.
  const RecoveryTable t = RecoveryTable::builtin();
  CHECK(t.find("Spinal_Cord")->counted_after(5.9) == 1.0);
  CHECK(t.find("Spinal_Cord")->counted_after(12) == 0.5);
  CHECK(t.find("Spinal_Cord")->counted_after(60) == 0.5);
}

TEST_CASE("re-irradiation limits: cumulative, current, each course, interval and coverage",
          "[courses]") {
  const auto s = three_tissues();
  CourseSumOptions o = options();
  o.limits = CumulativeLimitSet::load(data_dir() / "radiobiology" / "reirradiation_limits.json");
  auto status_of = [](const CourseSum& sum, LimitScope scope, double limit) {
    for (const LimitResult& r : sum.limits)
      if (r.limit->scope == scope && r.limit->limit == limit) return r;
    FAIL("no limit");
    return sum.limits.front();
  };
  SECTION("a conventional course then a cord-sparing SBRT course, a year apart") {
    // Cord: 25 x 1.8 Gy (EQD2 42.75, a/b 2) then 1 x 10 Gy (EQD2 30): cumulative 72.75 > 70.
    const Volume<float> first(kGrid, 45.0f), second(kGrid, 10.0f);
    const CourseSum sum =
        sum_courses({{"conv", &first, 25, 12, {}}, {"sbrt", &second, 1, 0, {}}}, pointers(s), o);
    const LimitResult sahgal = status_of(sum, LimitScope::cumulative, 70);
    CHECK(sahgal.value == Approx(72.75).epsilon(1e-4));
    CHECK(sahgal.status == LimitResult::Status::fail);
    CHECK(status_of(sum, LimitScope::current, 25).status == LimitResult::Status::fail);  // 30
    const LimitResult each = status_of(sum, LimitScope::each, 49);
    CHECK(each.value == Approx(42.75).epsilon(1e-4));
    CHECK(each.course == 0);
    CHECK(each.status == LimitResult::Status::pass);
    CHECK(course_sum_status(sum) == "FAIL");
  }
  SECTION("within limits, but only 3 months apart") {
    const Volume<float> first(kGrid, 30.0f), second(kGrid, 6.0f);
    const CourseSum sum =
        sum_courses({{"conv", &first, 15, 3, {}}, {"sbrt", &second, 1, 0, {}}}, pointers(s), o);
    const LimitResult sahgal = status_of(sum, LimitScope::cumulative, 70);
    CHECK(sahgal.value < 70);
    CHECK(sahgal.status == LimitResult::Status::interval);
    CHECK_THAT(sahgal.detail, Catch::Contains("3.0 months"));
    CHECK(status_of(sum, LimitScope::current, 25).status == LimitResult::Status::pass);
  }
  SECTION("an earlier dose grid that stops inside the cord with dose at its edge") {
    const Grid3 half({30, 12, 30}, {2, 2, 2}, {-29, -5, -29});  // y up to 19 mm: cuts the cord
    const Volume<float> first(half, 20.0f), second(kGrid, 6.0f);
    const CourseSum sum =
        sum_courses({{"conv", &first, 10, 12, {}}, {"sbrt", &second, 1, 0, {}}}, pointers(s), o);
    const LimitResult sahgal = status_of(sum, LimitScope::cumulative, 70);
    CHECK(sahgal.value < 70);
    CHECK(sahgal.status == LimitResult::Status::incomplete);
    CHECK(organ(sum, "SPINAL_CORD").courses[0].outside_pct > 1);
    CHECK(course_sum_status(sum) == "INCOMPLETE");
    CHECK(sum.failed >= 1);
  }
}

TEST_CASE("srtdose courses: HDF5 and RT Dose courses placed by a matrix and a registration",
          "[courses][cli]") {
  test::TempDir dir;
  // Earlier course A: 3 x 10 Gy Gaussian in its own frame, given as HDF5 with a matrix.
  // Earlier course B: the same dose as an RT Dose placed by a DICOM registration.
  // Current course: 5 x 6 Gy uniform, RT Dose, structures from a plan.
  const Grid3 src({36, 36, 36}, {2, 2, 2}, {-35, -35, -35});
  const Vec3 c{0, 10, 0};
  const Volume<float> early = test::sample_field(src, [&](const Vec3& p) {
    const Vec3 d = p - c;
    return 30 * std::exp(-dot(d, d) / (2 * 64.0));
  });
  write_h5_dose(dir / "a.h5", early, 3);
  const std::string frame_a = "1.2.3.4.100", frame_now = "1.2.3.4.200";
  dicom::RtDoseExport meta;
  meta.frame_of_reference_uid = frame_a;
  dicom::write_rtdose(dir / "b.dcm", early, meta);
  meta.frame_of_reference_uid = frame_now;
  dicom::write_rtdose(dir / "now.dcm", Volume<float>(kGrid, 30.0f), meta);
  // The earlier frame is the current one shifted by (0, 6, 0) mm: x_now = x_early + (0, 6, 0).
  const RigidTransform shift =
      RigidTransform::from_matrix({1, 0, 0, 0, 0, 1, 0, 6, 0, 0, 1, 0, 0, 0, 0, 1}, "shift");
  dicom::write_spatial_registration(dir / "reg.dcm", frame_now, frame_a, shift);
  test::write_json(dir / "plan.json", current_plan(5));
  auto list = nlohmann::json::parse(R"({
    "srtdose_courses": 1,
    "recovery": true,
    "courses": [
      {"name": "A", "dose": "a.h5", "fractions": 3, "date": "2025-01-10",
       "placement": {"matrix": [[1,0,0,0],[0,1,0,6],[0,0,1,0],[0,0,0,1]]}},
      {"name": "B", "dose": "b.dcm", "fractions": 3, "date": "2025-09-10",
       "placement": {"registration": "reg.dcm"}},
      {"name": "now", "dose": "now.dcm", "fractions": 5, "date": "2026-03-01", "plan": "plan.json"}
    ]})");
  test::write_json(dir / "courses.json", list);
  const auto run = test::run_cli({"courses", (dir / "courses.json").string(), "-o",
                                  (dir / "sum.h5").string(), "--json", (dir / "sum.json").string(),
                                  "--report", (dir / "sum.html").string()});
  INFO(run.out << run.err);
  // The cord gets the Gaussian's peak (moved onto it by the shift): the Sahgal limits fail.
  CHECK(run.rc == cli::kPlansFailed);
  REQUIRE(fs::exists(dir / "sum.h5"));
  REQUIRE(fs::exists(dir / "sum.html"));
  const nlohmann::json j = nlohmann::json::parse(std::ifstream(dir / "sum.json"));
  CHECK(j["status"] == "FAIL");
  // A and B are the same dose placed two ways: their contributions agree (B is 5.7 months
  // before, A 13.7: recovery counts 100 % and 50 % of them in the cord).
  const H5File f = H5File::open_read(dir / "sum.h5");
  const Volume<float> ea = f.read_volume("/courses/0/eqd2"), eb = f.read_volume("/courses/1/eqd2");
  const std::int64_t peak = kGrid.index(15, 15 + 8, 15);  // (1, 17, 1) mm: in the cord
  CHECK(ea[peak] == Approx(0.5 * eb[peak]).epsilon(1e-4));
  const std::int64_t ptv = kGrid.index(15, 9, 15);  // no recovery outside the cord
  CHECK(ea[ptv] == Approx(eb[ptv]).epsilon(1e-3));  // RT Dose: 16-bit values
  CHECK(j["courses"][1]["placement"].get<std::string>().find("registration") != std::string::npos);
  const std::string html = [&] {
    std::ifstream in(dir / "sum.html");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  CHECK_THAT(html, Catch::Contains("deformation between courses is NOT accounted for"));
  CHECK_THAT(html, Catch::Contains("SPINAL_CORD"));
  CHECK_THAT(html, Catch::Contains("data:image/png;base64"));
}

TEST_CASE("srtdose courses: bad course lists get a clear error and no output", "[courses][cli]") {
  test::TempDir dir;
  write_h5_dose(dir / "a.h5", Volume<float>(kGrid, 10.0f), 3);
  write_h5_dose(dir / "b.h5", Volume<float>(kGrid, 10.0f), 5);
  test::write_json(dir / "plan.json", current_plan(5));
  const auto good = nlohmann::json::parse(R"({
    "srtdose_courses": 1, "limits": false,
    "courses": [
      {"name": "A", "dose": "a.h5", "fractions": 3, "date": "2025-01-10", "placement": "same_frame"},
      {"name": "B", "dose": "b.h5", "fractions": 5, "date": "2026-01-10", "plan": "plan.json"}]})");
  auto run = [&](const nlohmann::json& list) {
    test::write_json(dir / "courses.json", list);
    fs::remove(dir / "sum.h5");
    return test::run_cli(
        {"courses", (dir / "courses.json").string(), "-o", (dir / "sum.h5").string()});
  };
  {
    const auto r = run(good);
    INFO(r.err);
    CHECK(r.rc == 0);
    CHECK(fs::exists(dir / "sum.h5"));
  }
  struct Bad {
    std::string what, json_pointer, expect;
    nlohmann::json value;
  };
  const std::vector<Bad> bad{
      {"unknown key", "/courses/0/dose_file", "dose_file", "a.h5"},
      {"negative fractions", "/courses/0/fractions", "fractions", -3},
      {"missing file", "/courses/0/dose", "no such file", "missing.h5"},
      {"bad date", "/courses/0/date", "not a valid date", "2025-02-30"},
      {"dates out of order", "/courses/0/date", "date order", "2027-01-01"},
      {"fractions disagree with the file", "/courses/0/fractions", "is for 3 fractions", 4},
      {"structures on an earlier course", "/courses/0/plan", "current (last) course", "plan.json"},
      {"placement on the current course", "/courses/1/placement", "defines the frame",
       "same_frame"},
      {"scaled matrix", "/courses/0/placement", "not rigid",
       nlohmann::json{{"matrix", {{2, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}}}},
      {"unknown model", "/model", "model", "lqx"},
  };
  for (const Bad& b : bad) {
    nlohmann::json list = good;
    list[nlohmann::json::json_pointer(b.json_pointer)] = b.value;
    const auto r = run(list);
    INFO(b.what << ": " << r.err);
    CHECK(r.rc == cli::kInputError);
    CHECK_THAT(r.err, Catch::Contains(b.expect));
    CHECK_FALSE(fs::exists(dir / "sum.h5"));
  }
  // An earlier course without a placement says what to give.
  nlohmann::json list = good;
  list["courses"][0].erase("placement");
  const auto r = run(list);
  CHECK(r.rc == cli::kInputError);
  CHECK_THAT(r.err, Catch::Contains("needs its placement"));
  CHECK_FALSE(fs::exists(dir / "sum.h5"));
}

TEST_CASE("the example course list (spine SRS after lung SBRT) reads and sums", "[courses]") {
  // The shipped list with uniform stand-in doses: lung course 3 x 2 Gy, spine 1 x 10 Gy. Cord
  // (a/b 2): 6 Gy EQD2, 75 % counted after 7.4 months (4.5), plus 30: the current-course limit
  // (25 Gy) fails, the cumulative ones (70, 67.75) pass.
  test::TempDir dir;
  const fs::path ex = test::examples_dir() / "courses" / "spine_after_lung.json";
  nlohmann::json doc = nlohmann::json::parse(std::ifstream(ex));
  write_h5_dose(dir / "lung.h5",
                Volume<float>(Grid3({60, 50, 40}, {4, 4, 4}, {-118, -98, -78}), 6.0f), 3);
  write_h5_dose(dir / "spine.h5",
                Volume<float>(Grid3({60, 50, 30}, {4, 4, 4}, {-118, -98, -58}), 10.0f), 1);
  doc["courses"][1]["plan"] = (test::examples_dir() / "spine.json").string();
  const CoursesResult r = sum_course_list(read_course_list(doc, ex, dir.path()));
  CHECK(r.list.months_before_current(0) == Approx(7.36).margin(0.01));
  const OrganSum& cord = organ(r.sum, "SPINAL_CORD");
  CHECK(cord.courses[0].counted == 0.75);
  CHECK(cord.eqd2_near_max_gy == Approx(0.75 * 6 + 30).epsilon(1e-4));
  for (const LimitResult& l : r.sum.limits) {
    INFO(l.limit->source);
    CHECK(l.structure == "SPINAL_CORD");
    const bool should_fail = l.limit->scope == LimitScope::current;
    CHECK(l.passed() == !should_fail);
  }
  CHECK(course_sum_status(r.sum) == "FAIL");
}

TEST_CASE("critical volumes of parallel organs are reported on the cumulative EQD2", "[courses]") {
  // A 40 x 40 x 60 mm "lung" (96 cm3) with TG-101's lung critical volumes (1000, 1500 cm3):
  // larger than the organ, so not evaluable; a liver-sized block gets CV700cc.
  const Grid3 g({60, 60, 60}, {2, 2, 2}, {-59, -59, -59});
  const std::vector<Structure> s{
      structure("Lungs", test::box_shape({-20, -20, -30}, {20, 20, 30}), g),
      structure("Liver", test::box_shape({-58, -58, -58}, {58, 58, 58}), g)};
  const Volume<float> a(g, 20.0f), b(g, 10.0f);
  CourseSumOptions o = options();
  o.critical_volumes = ConstraintSet::load(find_constraint_set("tg101"));
  const CourseSum sum = sum_courses({{"a", &a, 5, 12, {}}, {"b", &b, 5, 0, {}}}, pointers(s), o);
  const OrganSum& lungs = organ(sum, "Lungs");
  REQUIRE(lungs.critical_volumes_gy.size() == 2);
  CHECK(std::isnan(lungs.critical_volumes_gy[0].second));
  const OrganSum& liver = organ(sum, "Liver");
  REQUIRE(liver.critical_volumes_gy.size() == 1);
  CHECK(liver.critical_volumes_gy[0].first == "CV700cc");
  // Uniform: the dose 700 cm3 stay below is the uniform EQD2 (a/b 3).
  CHECK(liver.critical_volumes_gy[0].second ==
        Approx(eqd2_lq(5, 4, 3) + eqd2_lq(5, 2, 3)).epsilon(1e-4));
}
