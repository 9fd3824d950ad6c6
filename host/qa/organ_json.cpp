#include "host/qa/organ_json.h"

#include "host/core/error.h"

namespace srtdose {

std::map<std::string, std::vector<std::string>> read_organ_aliases(JsonCursor organs) {
  organs.expect_object();
  std::map<std::string, std::vector<std::string>> aliases;
  for (const auto& [organ, value] : organs.json().items()) {
    JsonCursor o = organs.at(organ);
    o.expect_object();
    std::vector<std::string> names{organ};
    for (JsonCursor a : o.at("aliases").elements()) names.push_back(a.string());
    aliases[organ] = names;
    o.finish();
  }
  organs.finish();
  return aliases;
}

DvhMetric read_dvh_metric(JsonCursor metric) {
  try {
    return DvhMetric::parse(metric.string());
  } catch (const InputError& e) {
    metric.fail(e.what());
  }
}

}  // namespace srtdose
