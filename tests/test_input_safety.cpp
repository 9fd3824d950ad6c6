// The mechanisms behind "no crash, no silent wrong answer": checked double-to-integer
// conversions, the memory budget, strict JSON, outputs that appear together or not at all and
// only replace regular files, one escaping function for every report text, and the plan
// validator that DICOM imports go through.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>

#include "host/check/html.h"
#include "host/core/dose_values.h"
#include "host/core/error.h"
#include "host/core/memory_budget.h"
#include "host/core/numeric_cast.h"
#include "host/io/atomic_output.h"
#include "host/plan/plan_parser.h"
#include "host/qa/gamma_io.h"
#include "host/util/json_file.h"
#include "test_support.h"

using namespace srtdose;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

TEST_CASE("doubles become integers only when they fit", "[safety]") {
  // Gamma up to 1e30 into a 41-bin histogram (the out-of-bounds write of issue 24, row 1).
  CHECK(clamped_floor<int>(1e30 / 0.05, 0, 40) == 40);
  CHECK(clamped_floor<int>(NAN, 0, 40) == 0);
  CHECK(clamped_floor<int>(-INFINITY, 0, 40) == 0);
  CHECK(clamped_floor<int>(3.99, 0, 40) == 3);
  CHECK(clamped_ceil<long>(1e300, 0, 500) == 500);
  CHECK(clamped_ceil<long>(-1e300, 0, 500) == 0);
  CHECK(checked_count<int>(35.2, 3600, "arc segments") == 36);
  CHECK_THROWS_WITH(checked_count<int>(1e12, 3600, "arc segments"),
                    Contains("arc segments") && Contains("3600"));
  CHECK_THROWS_AS(checked_count<int>(NAN, 10, "n"), InputError);
}

TEST_CASE("allocations from input are checked against the memory budget", "[safety]") {
  CHECK_NOTHROW(check_memory("small", 1e6, 4));
  CHECK_THROWS_WITH(check_memory("plan.json: a grid", 1e12, 32), Contains("plan.json: a grid") &&
                                                                     Contains("GiB") &&
                                                                     Contains("--max-memory-gb"));
  CHECK_THROWS_AS(check_memory("x", INFINITY, 1), InputError);
  CHECK_THROWS_AS(check_memory("x", NAN, 1), InputError);
  const std::uint64_t before = memory_budget_bytes();
  set_memory_budget_gb(0.001);
  CHECK_THROWS_AS(check_memory("a 2 MB volume", 2e6, 1), InputError);
  set_memory_budget_gb(static_cast<double>(before) / (1024.0 * 1024.0 * 1024.0));
  CHECK(memory_budget_bytes() == before);
  CHECK_THROWS_AS(set_memory_budget_gb(0), InputError);
  CHECK_THROWS_AS(set_memory_budget_gb(NAN), InputError);
  // A plan whose grid would not fit is refused by the parser, naming the key.
  nlohmann::json doc = test::minimal_plan_json();
  doc["patient"]["phantom"]["voxel_mm"] = {0.01, 0.01, 0.01};
  CHECK_THROWS_WITH(test::parse_test_plan(doc),
                    Contains("test.json: patient.phantom.extent_mm") && Contains("memory budget"));
}

TEST_CASE("JSON is read strictly: duplicate keys and overflowing numbers are errors", "[safety]") {
  CHECK_THROWS_WITH(parse_json_text(R"({"beams": [{"mu": 1}, {"mu": 2, "mu": 3}]})", "p.json"),
                    Contains("p.json: beams[1]") && Contains("\"mu\" is given twice"));
  CHECK_THROWS_WITH(parse_json_text(R"({"a": {"b": 1, "b": 1}})", "p.json"),
                    Contains("p.json: a:") && Contains("\"b\""));
  CHECK_THROWS_WITH(parse_json_text(R"({"mu": 1e309})", "p.json"),
                    Contains("p.json: invalid JSON") && Contains("number overflow"));
  CHECK_THROWS_AS(parse_json_text("{\"a\": ", "p.json"), InputError);
  // The same key in different objects is fine.
  const nlohmann::json ok =
      parse_json_text(R"({"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 3}]})", "p");
  CHECK(ok["c"][0]["x"] == 3);
}

TEST_CASE("the outputs of a command appear together, or none of them", "[safety]") {
  test::TempDir dir;
  {
    OutputGroup group;
    write_text_file(dir / "a.json", "{}\n");
    write_text_file(dir / "b.csv", "x\n");
    CHECK_FALSE(fs::exists(dir / "a.json"));  // not before the group commits
    group.commit();
  }
  CHECK(fs::exists(dir / "a.json"));
  CHECK(fs::exists(dir / "b.csv"));
  {
    OutputGroup group;
    write_text_file(dir / "c.json", "{}\n");
    CHECK_THROWS_AS(write_text_file(dir / "missing" / "d.json", "{}"), IoError);
    // The command fails here: the group is destroyed without commit.
  }
  CHECK_FALSE(fs::exists(dir / "c.json"));
  for (const auto& e : fs::directory_iterator(dir.path()))
    CHECK(e.path().filename().string().find(".partial-") == std::string::npos);
  {
    OutputGroup group;
    const ImmediateOutputs immediate;  // a batch's per-plan files appear as they are made
    write_text_file(dir / "e.json", "{}\n");
    CHECK(fs::exists(dir / "e.json"));
  }
}

TEST_CASE("outputs replace regular files only", "[safety]") {
  test::TempDir dir;
  CHECK_THROWS_WITH(AtomicOutput("/dev/null"), Contains("not a regular file"));
  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
  CHECK_THROWS_AS(AtomicOutput(dir / "fifo"), IoError);
  std::ofstream(dir / "target") << "keep";
  fs::create_symlink(dir / "target", dir / "link");
  CHECK_THROWS_WITH(AtomicOutput(dir / "link"), Contains("symbolic link"));
  fs::create_directory(dir / "folder");
  CHECK_THROWS_WITH(AtomicOutput(dir / "folder"), Contains("is a folder"));
  std::ofstream(dir / "regular") << "old";
  CHECK_NOTHROW(write_text_file(dir / "regular", "new"));
}

TEST_CASE("every text of a report is escaped", "[safety][check]") {
  const std::string hostile = "<script>alert(1)</script>&\"'<img src=x onerror=y>";
  HtmlReport r(hostile);
  r.status(hostile);
  r.heading(hostile);
  r.text(hostile);
  r.key_values({{hostile, hostile}});
  r.table({{hostile, hostile}, {hostile, hostile}}, {{1, "pass"}});
  r.table_rows({{hostile}, {hostile}}, {{1, "fail"}});
  r.images({"data:image/png;base64,AAAA"}, {hostile});
  const std::string html = r.str();
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img src=x") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;") != std::string::npos);
}

TEST_CASE("doses are finite, non-negative and below any treatment", "[safety]") {
  Volume<float> d(Grid3({2, 2, 2}, {1, 1, 1}, {0, 0, 0}), 1.0f);
  CHECK_NOTHROW(check_dose_values(d, "d.h5"));
  d.at(1, 0, 1) = 1e6f;
  CHECK_THROWS_WITH(check_dose_values(d, "d.h5: /dose"),
                    Contains("d.h5: /dose") && Contains("voxel 1, 0, 1"));
  d.at(1, 0, 1) = -0.5f;
  CHECK_THROWS_AS(check_dose_values(d, "d"), InputError);
  d.at(1, 0, 1) = NAN;
  CHECK_THROWS_AS(check_dose_values(d, "d"), InputError);
}

TEST_CASE("a plan made in memory is validated by the plan file's rules", "[safety][plan]") {
  const Plan ok = test::parse_test_plan(test::minimal_plan_json());
  CHECK_NOTHROW(validate_plan(ok, "rtplan.dcm"));
  Plan bad = ok;
  bad.beams[0].mu = -100;  // BeamMeterset -100 (issue 24, row 9)
  CHECK_THROWS_WITH(validate_plan(bad, "rtplan.dcm"),
                    Contains("rtplan.dcm (as a plan): beams[0].mu"));
  bad = ok;
  bad.beams[0].gantry_deg = 1e300;
  CHECK_THROWS_WITH(validate_plan(bad, "rtplan.dcm"), Contains("beams[0].gantry_deg"));
  bad = ok;
  bad.beams[0].sad_mm = 0;
  CHECK_THROWS_WITH(validate_plan(bad, "rtplan.dcm"), Contains("beams[0].sad_mm"));
  bad = ok;
  bad.fractions = 2147483647;
  CHECK_THROWS_WITH(validate_plan(bad, "rtplan.dcm"), Contains("fractions"));
}
