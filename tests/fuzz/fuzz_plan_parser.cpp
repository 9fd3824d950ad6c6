// libFuzzer harness: any bytes as a plan file. The strict JSON reader and the plan validator
// must answer with an InputError or a plan whose beams expand into segments; never a crash,
// an undefined operation (UBSan, float-cast-overflow included), an unbounded allocation or a
// hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "host/core/error.h"
#include "host/core/memory_budget.h"
#include "host/plan/beam_segments.h"
#include "host/plan/plan_parser.h"
#include "host/util/json_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool budget = [] {
    srtdose::set_memory_budget_gb(0.25);  // below libFuzzer's RSS limit
    return true;
  }();
  (void)budget;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const srtdose::Plan plan = srtdose::parse_plan_json(srtdose::parse_json_text(text, "fuzz.json"),
                                                        "fuzz.json", "/nonexistent");
    for (const srtdose::BeamSpec& b : plan.beams) (void)srtdose::expand_beam(b);
  } catch (const srtdose::Error&) {
    // A clear error is the right answer to a bad plan.
  }
  return 0;
}
