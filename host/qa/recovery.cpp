#include "host/qa/recovery.h"

#include "host/core/data_dir.h"
#include "host/core/error.h"
#include "host/qa/structure_names.h"
#include "host/util/json_cursor.h"
#include "host/util/json_file.h"

namespace srtdose {

double OrganRecovery::counted_after(double months) const {
  double counted = 1;
  for (const RecoveryStep& s : steps)
    if (months >= s.from_months) counted = s.counted;
  return counted;
}

RecoveryTable RecoveryTable::load(const std::filesystem::path& file) {
  const nlohmann::json doc = read_json_file(file, "recovery table");
  JsonCursor root(doc, file.string(), "");
  root.expect_object();
  if (root.at("srtdose_recovery").integer() != 1)
    root.at("srtdose_recovery").fail("unsupported format version (this build reads 1)");
  RecoveryTable t;
  t.file = file;
  t.citation = root.at("citation").string();
  if (auto n = root.find("note")) (void)n->string();
  for (JsonCursor o : root.at("organs").elements()) {
    o.expect_object();
    OrganRecovery r;
    r.organ = o.at("organ").string();
    r.aliases.push_back(r.organ);
    for (JsonCursor a : o.at("aliases").elements()) r.aliases.push_back(a.string());
    r.source = o.at("source").string();
    for (JsonCursor s : o.at("counted").elements()) {
      s.expect_object();
      RecoveryStep step;
      step.from_months = s.at("from_months").number_in(0, 1200, "from_months");
      step.counted = s.at("fraction").number_in(0, 1, "fraction");
      if (r.steps.empty() && step.from_months != 0)
        s.at("from_months").fail("the first step must start at 0 months");
      if (!r.steps.empty()) {
        if (!(step.from_months > r.steps.back().from_months))
          s.at("from_months").fail("steps must be in ascending order of months");
        if (step.counted > r.steps.back().counted)
          s.at("fraction").fail("a longer interval cannot count more of the earlier dose");
      }
      s.finish();
      r.steps.push_back(step);
    }
    if (r.steps.empty()) o.at("counted").fail("give at least one step");
    for (const OrganRecovery& other : t.organs)
      if (normalise_structure_name(other.organ) == normalise_structure_name(r.organ))
        o.at("organ").fail("organ '" + r.organ + "' is listed twice");
    o.finish();
    t.organs.push_back(std::move(r));
  }
  root.finish();
  return t;
}

RecoveryTable RecoveryTable::builtin() {
  return load(data_dir() / "radiobiology" / "recovery.json");
}

const OrganRecovery* RecoveryTable::find(const std::string& structure) const {
  for (const OrganRecovery& o : organs)
    if (match_structure({structure}, o.aliases) == 0) return &o;
  return nullptr;
}

}  // namespace srtdose
