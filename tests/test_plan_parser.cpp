#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "host/core/error.h"
#include "host/plan/beam_segments.h"
#include "host/plan/plan_parser.h"
#include "test_support.h"

using namespace srtdose;
using Catch::Matchers::Contains;
using nlohmann::json;
using srtdose::test::minimal_plan_json;
using srtdose::test::parse_test_plan;

namespace {

/// Expects parse_test_plan(doc) to throw InputError whose message holds the file label,
/// the JSON path and a phrase.
void expect_error(const json& doc, const std::string& path, const std::string& phrase) {
  INFO("expected error at " << path << " containing \"" << phrase << "\"");
  CHECK_THROWS_WITH(parse_test_plan(doc), Contains("test.json: " + path + ":") && Contains(phrase));
}

}  // namespace

TEST_CASE("Every example plan parses", "[plan]") {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(srtdose::test::examples_dir())) {
    if (e.path().extension() != ".json") continue;
    INFO(e.path());
    const Plan p = parse_plan_file(e.path());
    CHECK_FALSE(p.beams.empty());
    ++n;
  }
  CHECK(n >= 5);
}

TEST_CASE("The Monte Carlo cases parse", "[plan]") {
  const auto cases = srtdose::test::reference_dir() / "mc" / "cases";
  for (const char* name : {"caseA.json", "caseC.json", "caseF.json"}) {
    INFO(name);
    const Plan p = parse_plan_file(cases / name);
    REQUIRE(p.beams.size() == 1);
    CHECK(p.beams[0].gantry_deg == 0);
    CHECK(p.machine == "ideal-6mv");
  }
}

TEST_CASE("A minimal plan parses with defaults filled in", "[plan]") {
  json doc = minimal_plan_json();
  doc["beams"][0].erase("collimator_deg");
  doc["beams"][0].erase("couch_deg");
  doc["beams"][0].erase("sad_mm");
  doc.erase("fractions");
  const Plan p = parse_test_plan(doc);
  CHECK(p.name == "minimal");
  CHECK(p.fractions == 1);
  CHECK(p.beams[0].sad_mm == 1000.0);
  CHECK(p.beams[0].collimator_deg == 0.0);
  REQUIRE(p.beams[0].aperture.jaws);
  CHECK(p.beams[0].aperture.jaws->x1 == -10);
  const auto& ph = std::get<PhantomSpec>(p.patient.source);
  CHECK(ph.objects.size() == 1);
  CHECK(ph.objects[0].structure == "GTV");
  CHECK(p.patient.position == PatientPosition::HFS);
}

TEST_CASE("Malformed JSON names the file", "[plan][errors]") {
  srtdose::test::TempDir dir;
  std::ofstream(dir / "broken.json") << "{\"srtdose_plan\": 1, \"name\": ";
  CHECK_THROWS_WITH(parse_plan_file(dir / "broken.json"),
                    Contains("broken.json") && Contains("invalid JSON"));
  CHECK_THROWS_AS(parse_plan_file(dir / "missing.json"), IoError);
}

TEST_CASE("Unknown keys are rejected with their path", "[plan][errors]") {
  json doc = minimal_plan_json();
  doc["beams"][0]["gantry"] = 90;
  expect_error(doc, "beams[0].gantry", "unknown key \"gantry\"");
  doc = minimal_plan_json();
  doc["colour"] = "blue";
  expect_error(doc, "colour", "unknown key");
  doc = minimal_plan_json();
  doc["patient"]["phantom"]["objects"][0]["radius"] = 5;
  expect_error(doc, "patient.phantom.objects[0].radius", "unknown key");
}

TEST_CASE("Wrong types are rejected with their path", "[plan][errors]") {
  json doc = minimal_plan_json();
  doc["beams"][0]["mu"] = "100";
  expect_error(doc, "beams[0].mu", "must be a number");
  doc = minimal_plan_json();
  doc["beams"][0]["isocenter_mm"] = json::array({0, 0});
  expect_error(doc, "beams[0].isocenter_mm", "3 numbers");
  doc = minimal_plan_json();
  doc["beams"] = json::object();
  expect_error(doc, "beams", "must be an array");
  doc = minimal_plan_json();
  doc["patient"]["phantom"]["medium"]["density"] = "NaN";
  expect_error(doc, "patient.phantom.medium.density", "must be a number");
  doc = minimal_plan_json();
  doc["fractions"] = 2.5;
  expect_error(doc, "fractions", "integer");
}

TEST_CASE("Missing fields are rejected with their path", "[plan][errors]") {
  json doc = minimal_plan_json();
  doc["beams"][0].erase("mu");
  expect_error(doc, "beams[0]", "missing required key \"mu\"");
  doc = minimal_plan_json();
  doc.erase("machine");
  expect_error(doc, "(top level)", "missing required key \"machine\"");
  doc = minimal_plan_json();
  doc["beams"][0].erase("jaws_mm");
  expect_error(doc, "beams[0]", "needs an aperture");
  doc = minimal_plan_json();
  doc["patient"] = json::object();
  expect_error(doc, "patient", "exactly one of");
}

TEST_CASE("Impossible values are rejected with their path", "[plan][errors]") {
  json doc = minimal_plan_json();
  doc["patient"]["phantom"]["voxel_mm"] = json::array({2, -2, 2});
  expect_error(doc, "patient.phantom.voxel_mm", "> 0");
  doc = minimal_plan_json();
  doc["patient"]["phantom"]["voxel_mm"] = json::array({3, 2, 2});
  expect_error(doc, "patient.phantom.extent_mm", "whole number");
  doc = minimal_plan_json();
  doc["patient"]["phantom"]["medium"]["density"] = 0;
  expect_error(doc, "patient.phantom.medium.density", "> 0");
  doc = minimal_plan_json();
  doc["patient"]["phantom"]["objects"][0]["density"] = -1.0;
  expect_error(doc, "patient.phantom.objects[0].density", "> 0");
  doc = minimal_plan_json();
  doc["beams"][0]["sad_mm"] = 0;
  expect_error(doc, "beams[0].sad_mm", "> 0");
  doc = minimal_plan_json();
  doc["beams"][0]["jaws_mm"]["x"] = json::array({10, -10});
  expect_error(doc, "beams[0].jaws_mm.x", "x1 (10 mm) must be less than x2 (-10 mm)");
  doc = minimal_plan_json();
  doc["beams"][0]["mu"] = -5;
  expect_error(doc, "beams[0].mu", ">= 0");
  doc = minimal_plan_json();
  doc["beams"] = json::array();
  expect_error(doc, "beams", "at least one beam");
  doc = minimal_plan_json();
  doc["beams"][0]["gantry_deg"] = 360;
  expect_error(doc, "beams[0].gantry_deg", "[0, 360)");
  doc = minimal_plan_json();
  doc["beams"][0]["couch_deg"] = -90;
  expect_error(doc, "beams[0].couch_deg", "write 270");
  doc = minimal_plan_json();
  doc["srtdose_plan"] = 2;
  expect_error(doc, "srtdose_plan", "version");
  doc = minimal_plan_json();
  doc["machine"] = "linac-9000";
  expect_error(doc, "machine", "unknown machine");
  doc = minimal_plan_json();
  doc["beams"].push_back(doc["beams"][0]);
  expect_error(doc, "beams[1].name", "duplicate beam name");
  doc = minimal_plan_json();
  doc["patient"]["phantom"]["objects"][0]["type"] = "cone";
  expect_error(doc, "patient.phantom.objects[0].type", "box");
  doc = minimal_plan_json();
  doc["patient"]["phantom"]["objects"][0]["material"] = "kryptonite";
  expect_error(doc, "patient.phantom.objects[0].material", "unknown material");
  doc = minimal_plan_json();
  doc["prescription"] = {{"target", "PTV"}, {"dose_gy", 30}, {"fractions", 5}};
  doc["fractions"] = 3;
  expect_error(doc, "prescription.fractions", "differ");
}

TEST_CASE("A beam that misses the grid is an error naming the beam", "[plan][errors]") {
  json doc = minimal_plan_json();
  doc["beams"][0]["isocenter_mm"] = json::array({500, 0, 0});
  expect_error(doc, "beams[0]", "misses the patient grid");
  // Gantry 90 through an isocentre above the phantom: the beam passes over it.
  doc = minimal_plan_json();
  doc["beams"][0]["gantry_deg"] = 90;
  doc["beams"][0]["isocenter_mm"] = json::array({0, -100, 0});
  expect_error(doc, "beams[0]", "misses");
  // An isocentre outside the phantom whose field still crosses it is fine.
  doc = minimal_plan_json();
  doc["beams"][0]["isocenter_mm"] = json::array({0, -150, 0});
  CHECK_NOTHROW(parse_test_plan(doc));
}

TEST_CASE("MLC apertures are checked against the leaf model", "[plan][mlc]") {
  json doc = minimal_plan_json();
  json a = json::array(), b = json::array();
  for (int i = 0; i < 60; ++i) a.push_back(-5), b.push_back(5);
  doc["beams"][0]["mlc"] = {{"model", "hd120"}, {"a_mm", a}, {"b_mm", b}};
  const Plan p = parse_test_plan(doc);
  REQUIRE(p.beams[0].aperture.mlc);
  CHECK(p.beams[0].aperture.mlc->a_mm.size() == 60);

  doc["beams"][0]["mlc"]["model"] = "agility160";
  expect_error(doc, "beams[0].mlc.a_mm", "needs 80 leaf positions");
  doc["beams"][0]["mlc"]["model"] = "millennium120";
  doc["beams"][0]["mlc"]["a_mm"][7] = 6;
  expect_error(doc, "beams[0].mlc.b_mm", "leaf pair 8");
  doc["beams"][0]["mlc"]["model"] = "mlc-x";
  expect_error(doc, "beams[0].mlc.model", "unknown MLC model");
}

TEST_CASE("Cones, arcs and control points parse and expand", "[plan][arc]") {
  json doc = minimal_plan_json();
  doc["beams"][0].erase("jaws_mm");
  doc["beams"][0]["cone_mm"] = 7.5;
  CHECK(*parse_test_plan(doc).beams[0].aperture.cone_mm == 7.5);

  SECTION("a CW arc from 181 to 179 covers 358 degrees") {
    doc["beams"][0].erase("gantry_deg");
    doc["beams"][0]["arc"] = {
        {"start_deg", 181}, {"stop_deg", 179}, {"direction", "CW"}, {"spacing_deg", 2}};
    const Plan p = parse_test_plan(doc);
    const auto segs = expand_beam(p.beams[0]);
    REQUIRE(segs.size() == 179);
    CHECK(segs.front().gantry_deg == Approx(182.0));
    CHECK(segs.back().gantry_deg == Approx(178.0));
    double mu = 0;
    for (const auto& s : segs) mu += s.mu;
    CHECK(mu == Approx(100.0));
  }
  SECTION("a CC arc goes down in angle") {
    doc["beams"][0]["arc"] = {{"start_deg", 30}, {"stop_deg", 330}, {"direction", "CC"}};
    const auto segs = expand_beam(parse_test_plan(doc).beams[0]);
    REQUIRE(segs.size() == 30);
    CHECK(segs.front().gantry_deg == Approx(29.0));
    CHECK(segs.back().gantry_deg == Approx(331.0));
  }
  SECTION("zero-length arcs and bad directions are errors") {
    doc["beams"][0]["arc"] = {{"start_deg", 30}, {"stop_deg", 30}, {"direction", "CW"}};
    expect_error(doc, "beams[0].arc", "zero length");
    doc["beams"][0]["arc"] = {{"start_deg", 30}, {"stop_deg", 40}, {"direction", "clockwise"}};
    expect_error(doc, "beams[0].arc.direction", "CW");
  }
  SECTION("control points weight segments by cumulative meterset") {
    doc["beams"][0].erase("cone_mm");
    doc["beams"][0]["control_points"] = json::parse(R"([
      {"gantry_deg": 350, "meterset_weight": 0, "jaws_mm": {"x": [-10, 10], "y": [-10, 10]}},
      {"gantry_deg": 10, "meterset_weight": 0.25},
      {"gantry_deg": 30, "meterset_weight": 1.0, "jaws_mm": {"x": [-20, 20], "y": [-10, 10]}}])");
    const auto segs = expand_beam(parse_test_plan(doc).beams[0]);
    REQUIRE(segs.size() == 2);
    CHECK(segs[0].gantry_deg == Approx(0.0).margin(1e-9));
    CHECK(segs[0].mu == Approx(25.0));
    CHECK(segs[1].gantry_deg == Approx(20.0));
    CHECK(segs[1].mu == Approx(75.0));
    CHECK(segs[1].aperture.jaws->x2 == Approx(15.0));
  }
  SECTION("decreasing meterset weights are errors") {
    doc["beams"][0]["control_points"] = json::parse(R"([
      {"gantry_deg": 0, "meterset_weight": 0},
      {"gantry_deg": 10, "meterset_weight": 0.5},
      {"gantry_deg": 20, "meterset_weight": 0.4}])");
    expect_error(doc, "beams[0].control_points[2].meterset_weight", "must not decrease");
  }
}
