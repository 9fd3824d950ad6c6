#include "host/qa/constraints.h"

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "host/core/data_dir.h"
#include "host/core/error.h"
#include "host/qa/organ_json.h"
#include "host/qa/structure_names.h"
#include "host/util/json_cursor.h"
#include "host/util/json_file.h"
#include "srtdose/config.h"

namespace srtdose {

namespace fs = std::filesystem;

fs::path find_constraint_set(const std::string& name_or_path) {
  const fs::path direct(name_or_path);
  if (fs::is_regular_file(direct)) return direct;
  const fs::path folder = data_dir() / "constraints";
  const fs::path named = folder / (name_or_path + ".json");
  if (fs::is_regular_file(named)) return named;
  std::string available;
  if (fs::is_directory(folder))
    for (const auto& e : fs::directory_iterator(folder))
      if (e.path().extension() == ".json")
        available += (available.empty() ? "" : ", ") + e.path().stem().string();
  throw InputError("constraint set '" + name_or_path +
                   "': no such file, and not one of the sets in " + folder.string() + " (" +
                   (available.empty() ? "none" : available) + ")");
}

ConstraintSet ConstraintSet::load(const fs::path& file) {
  const nlohmann::json doc = read_json_file(file, "constraint file");
  JsonCursor root(doc, file.string(), "");
  root.expect_object();
  if (root.at("srtdose_constraints").integer() != 1)
    root.at("srtdose_constraints").fail("unsupported format version (this build reads 1)");
  ConstraintSet set;
  set.file = file;
  set.name = root.at("name").string();
  set.citation = root.at("citation").string();
  if (auto n = root.find("notes")) (void)n->string();
  for (JsonCursor f : root.at("fractions").elements()) {
    const int n = f.integer();
    if (n < 1 || n > 50) f.fail("fraction numbers must be 1..50");
    set.fractions.push_back(n);
  }
  set.aliases = read_organ_aliases(root.at("organs"));
  for (JsonCursor c : root.at("constraints").elements()) {
    c.expect_object();
    Constraint k;
    JsonCursor organ = c.at("organ");
    k.organ = organ.string();
    if (!set.aliases.count(k.organ)) organ.fail("organ '" + k.organ + "' is not listed in organs");
    k.metric = read_dvh_metric(c.at("metric"));
    const char* keys[] = {"limit_gy", "limit_cc", "limit_pct"};
    const Constraint::LimitUnit units[] = {Constraint::LimitUnit::gy, Constraint::LimitUnit::cc,
                                           Constraint::LimitUnit::pct};
    int found = 0;
    for (int u = 0; u < 3; ++u) {
      auto lim = c.find(keys[u]);
      if (!lim) continue;
      ++found;
      k.unit = units[u];
      lim->expect_object();
      for (const auto& [fx, value] : lim->json().items()) {
        JsonCursor v = lim->at(fx);
        int n = 0;
        try {
          std::size_t used = 0;
          n = std::stoi(fx, &used);
          if (used != fx.size()) throw std::invalid_argument(fx);
        } catch (const std::exception&) {
          v.fail("keys must be fraction numbers");
        }
        k.limit[n] = v.number_in(0, 1e4, "limit");
      }
      lim->finish();
    }
    if (found != 1) c.fail("give exactly one of limit_gy, limit_cc, limit_pct");
    const bool volume_limit = k.unit != Constraint::LimitUnit::gy;
    if (volume_limit != k.metric.is_volume())
      c.fail("metric '" + k.metric.text + "' needs a " +
             (k.metric.is_volume() ? "volume limit (limit_cc or limit_pct)"
                                   : "dose limit (limit_gy)"));
    if (auto s = c.find("type")) k.kind = s->string();
    if (auto s = c.find("endpoint")) k.endpoint = s->string();
    if (auto s = c.find("note")) k.note = s->string();
    c.finish();
    set.constraints.push_back(std::move(k));
  }
  root.finish();
  return set;
}

const char* to_string(ConstraintResult::Status s) {
  switch (s) {
    case ConstraintResult::Status::pass:
      return "pass";
    case ConstraintResult::Status::fail:
      return "FAIL";
    case ConstraintResult::Status::not_applicable:
      return "n/a (structure missing)";
    case ConstraintResult::Status::no_limit:
      return "n/a (no limit for this fraction number)";
    case ConstraintResult::Status::not_evaluable:
      return "n/a (organ smaller than critical volume)";
  }
  return "?";
}

std::string unit_name(Constraint::LimitUnit u) {
  switch (u) {
    case Constraint::LimitUnit::gy:
      return "Gy";
    case Constraint::LimitUnit::cc:
      return "cm3";
    case Constraint::LimitUnit::pct:
      return "%";
  }
  return "";
}

std::vector<ConstraintResult> evaluate_constraints(const ConstraintSet& set, int fractions,
                                                   const std::vector<Dvh>& dvhs, double rx_gy,
                                                   double dose_scale) {
  std::vector<std::string> names;
  for (const Dvh& d : dvhs) names.push_back(d.name);
  std::vector<ConstraintResult> out;
  for (const Constraint& c : set.constraints) {
    ConstraintResult r;
    r.constraint = &c;
    const int idx = match_structure(names, set.aliases.at(c.organ));
    const auto lim = c.limit.find(fractions);
    if (lim == c.limit.end()) {
      r.status = ConstraintResult::Status::no_limit;
      if (idx >= 0) r.structure = names[static_cast<std::size_t>(idx)];
      out.push_back(r);
      continue;
    }
    r.limit = lim->second;
    if (idx < 0) {
      r.status = ConstraintResult::Status::not_applicable;
      out.push_back(r);
      continue;
    }
    const Dvh& dvh = dvhs[static_cast<std::size_t>(idx)];
    r.structure = dvh.name;
    double v = c.metric.evaluate(dvh, rx_gy, dose_scale);
    if (c.unit == Constraint::LimitUnit::pct && std::isfinite(v)) v = 100.0 * v / dvh.volume_cm3;
    r.value = v;
    if (!std::isfinite(v)) {
      r.status = ConstraintResult::Status::not_evaluable;
    } else {
      r.status = v <= r.limit ? ConstraintResult::Status::pass : ConstraintResult::Status::fail;
    }
    out.push_back(r);
  }
  return out;
}

}  // namespace srtdose
