#include "host/qa/cumulative_limits.h"

#include "host/core/data_dir.h"
#include "host/core/error.h"
#include "host/qa/organ_json.h"
#include "host/util/json_cursor.h"
#include "host/util/json_file.h"

namespace srtdose {

namespace fs = std::filesystem;

const char* to_string(LimitScope s) {
  switch (s) {
    case LimitScope::cumulative:
      return "cumulative";
    case LimitScope::current:
      return "current";
    case LimitScope::each:
      return "each";
  }
  return "?";
}

fs::path CumulativeLimitSet::find(const std::string& name_or_path) {
  const fs::path direct(name_or_path);
  if (fs::is_regular_file(direct)) return direct;
  const fs::path named = data_dir() / "radiobiology" / (name_or_path + ".json");
  if (fs::is_regular_file(named)) return named;
  throw InputError("limits '" + name_or_path + "': no such file, and not a set in " +
                   (data_dir() / "radiobiology").string() + " (reirradiation_limits)");
}

CumulativeLimitSet CumulativeLimitSet::load(const fs::path& file) {
  const nlohmann::json doc = read_json_file(file, "limits file");
  JsonCursor root(doc, file.string(), "");
  root.expect_object();
  if (root.at("srtdose_cumulative_limits").integer() != 1)
    root.at("srtdose_cumulative_limits").fail("unsupported format version (this build reads 1)");
  CumulativeLimitSet set;
  set.file = file;
  set.name = root.at("name").string();
  set.citation = root.at("citation").string();
  if (auto n = root.find("note")) (void)n->string();
  set.aliases = read_organ_aliases(root.at("organs"));
  for (JsonCursor c : root.at("limits").elements()) {
    c.expect_object();
    CumulativeLimit l;
    JsonCursor organ = c.at("organ");
    l.organ = organ.string();
    if (!set.aliases.count(l.organ)) organ.fail("organ '" + l.organ + "' is not listed in organs");
    JsonCursor metric = c.at("metric");
    l.metric = read_dvh_metric(metric);
    if (l.metric.kind == DvhMetric::Kind::volume_at_rx)
      metric.fail("V<x>% needs a prescription; a cumulative limit has none (use V<x>Gy)");
    if (l.metric.is_volume()) {
      l.limit = c.at("limit_cc").number_in(0, 1e5, "limit_cc");
    } else {
      l.limit = c.at("limit_eqd2_gy").number_in(0, 1e4, "limit_eqd2_gy");
    }
    l.alpha_beta_gy = c.at("alpha_beta_gy").number_in(0.1, 100, "alpha_beta_gy");
    const std::string scope = c.at("applies_to").string();
    if (scope == "cumulative")
      l.scope = LimitScope::cumulative;
    else if (scope == "current")
      l.scope = LimitScope::current;
    else if (scope == "each")
      l.scope = LimitScope::each;
    else
      c.at("applies_to").fail("'" + scope + "': use cumulative, current or each");
    if (auto m = c.find("min_interval_months"))
      l.min_interval_months = m->number_in(0, 1200, "min_interval_months");
    l.source = c.at("source").string();
    if (auto n = c.find("note")) l.note = n->string();
    c.finish();
    set.limits.push_back(std::move(l));
  }
  root.finish();
  return set;
}

}  // namespace srtdose
