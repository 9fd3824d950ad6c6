// The engine seam: the one beam loop (segments x MU x fractions, grouping, per-beam doses), the
// registry, and the one machine rule of the dose front door.
#include <catch2/catch.hpp>

#include "host/core/error.h"
#include "host/engine/compute_dose.h"
#include "host/engine/engine_registry.h"
#include "host/engine/machine_choice.h"
#include "host/machine/machine_spec.h"
#include "host/plan/beam_segments.h"
#include "test_support.h"

using namespace srtdose;

namespace {

/// A stand-in third engine: every voxel gets `gy_per_mu` per MU; it takes up to `group`
/// segments per call and records the calls.
class UniformEngine final : public Engine {
 public:
  UniformEngine(double gy_per_mu, std::size_t group) : gy_per_mu_(gy_per_mu), group_(group) {}
  Device device() const override { return Device::Cpu; }
  std::size_t group_size(std::span<const BeamSegment>, std::size_t) const override {
    return group_;
  }
  void add_dose(std::span<const BeamSegment> segments, int fractions, Volume<float>& beam_dose,
                DoseTimings&) override {
    double mu = 0;
    for (const BeamSegment& s : segments) mu += s.mu;
    for (std::int64_t v = 0; v < beam_dose.size(); ++v)
      beam_dose[v] += static_cast<float>(gy_per_mu_ * mu * fractions);
    calls.push_back(segments.size());
  }
  void finish(DoseResult& r) override { r.directions = -1; }
  std::vector<std::size_t> calls;

 private:
  double gy_per_mu_;
  std::size_t group_;
};

Plan arc_plan() {
  nlohmann::json doc = test::minimal_plan_json();
  doc["fractions"] = 3;
  nlohmann::json arc = doc["beams"][0];
  arc.erase("gantry_deg");
  arc["name"] = "ARC";
  arc["arc"] = {{"start_deg", 0}, {"stop_deg", 40}, {"direction", "CW"}, {"spacing_deg", 4}};
  arc["mu"] = 200;
  doc["beams"].push_back(arc);
  return test::parse_test_plan(doc);
}

}  // namespace

TEST_CASE("the one beam loop: segments x MU x fractions, grouped as the engine asks", "[engine]") {
  const Plan plan = arc_plan();
  const PatientModel pm = build_patient_model(plan);
  const std::size_t arc_segments = expand_beam(plan.beams[1]).size();
  REQUIRE(arc_segments == 10);  // 40 degrees in 4-degree sub-arcs
  for (const std::size_t group : {std::size_t{1}, std::size_t{3}, std::size_t{100}}) {
    UniformEngine engine(0.01, group);
    const DoseResult r = run_engine(engine, EngineKind::Pb, plan, pm.grid());
    // 100 MU static + 200 MU arc, 3 fractions, 0.01 Gy/MU: 3 Gy and 6 Gy.
    REQUIRE(r.per_beam.size() == 2);
    CHECK(r.per_beam[0].first == "AP");
    CHECK(r.per_beam[0].second.max_value() == Approx(3.0).epsilon(1e-6));
    CHECK(r.per_beam[1].second.max_value() == Approx(6.0).epsilon(1e-6));
    CHECK(r.dose.max_value() == Approx(9.0).epsilon(1e-6));
    CHECK(r.segments == static_cast<int>(1 + arc_segments));
    // Groups never span beams; the arc is cut into ceil(10 / group) calls.
    const std::size_t arc_calls =
        (arc_segments + std::min(group, arc_segments) - 1) / std::min(group, arc_segments);
    CHECK(engine.calls.size() == 1 + arc_calls);
    CHECK(r.transports == static_cast<int>(1 + arc_calls));
    CHECK(r.directions == -1);  // finish() ran
    CHECK(r.device == Device::Cpu);
  }
}

TEST_CASE("the registry lists every engine once, by name and capability", "[engine]") {
  const auto engines = engine_registry();
  REQUIRE(engines.size() >= 2);
  for (const EngineEntry& e : engines) {
    CHECK(engine_by_name(e.name, "--engine") == e.kind);
    CHECK(to_string(e.kind) == e.name);
    CHECK(e.make != nullptr);
    CHECK(engine_choices().find(std::string(e.name)) != std::string::npos);
  }
  CHECK(engine_entry(EngineKind::Pb).capabilities.dij);
  CHECK_FALSE(engine_entry(EngineKind::Ccc).capabilities.dij);
  CHECK_THROWS_WITH(engine_by_name("monte-carlo", "--engine"),
                    Catch::Contains("--engine monte-carlo") && Catch::Contains("pb (pencil beam)"));
  CHECK_THROWS_AS(device_by_name("gpu", "--device"), InputError);
  CHECK_THROWS_AS(transport_by_name("fast", "--transport"), InputError);
}

TEST_CASE("one machine rule: option, plan file, built-in file, and the file must be the plan's",
          "[engine]") {
  Plan plan = test::parse_test_plan(test::minimal_plan_json());  // machine "ideal-6mv"
  const std::filesystem::path ideal = builtin_machine_file("ideal-6mv");
  const std::filesystem::path generic = builtin_machine_file("generic-6mv");
  REQUIRE_FALSE(ideal.empty());
  REQUIRE_FALSE(generic.empty());
  // Built-in name, no option: the committed file.
  MachineChoice m = resolve_machine("", plan, "p.json");
  CHECK(m.file == ideal);
  CHECK(m.name == "ideal-6mv");
  // An option built for another machine is refused, naming both.
  CHECK_THROWS_WITH(
      resolve_machine(generic.string(), plan, "p.json"),
      Catch::Contains("generic-6mv") && Catch::Contains("p.json") && Catch::Contains("ideal-6mv"));
  // A plan naming a file: that file, and an option must be built for the same machine.
  plan.machine = generic.string();
  m = resolve_machine("", plan, "p.json");
  CHECK(m.file == generic);
  CHECK(m.name == "generic-6mv");
  CHECK_THROWS_AS(resolve_machine(ideal.string(), plan, "p.json"), InputError);
  // A machine with neither a file nor a committed one.
  plan.machine = "no-such-machine";
  CHECK_THROWS_WITH(resolve_machine("", plan, "p.json"),
                    Catch::Contains("p.json") && Catch::Contains("machine build"));
}
