#include "host/qa/tissue_table.h"

#include <fstream>

#include "host/core/data_dir.h"
#include "host/core/error.h"
#include "host/qa/constraints.h"
#include "host/qa/structure_names.h"
#include "host/util/json_cursor.h"
#include "host/util/json_file.h"

namespace srtdose {

TissueTable TissueTable::load(const std::filesystem::path& file) {
  const nlohmann::json doc = read_json_file(file, "alpha/beta table");
  JsonCursor root(doc, file.string(), "");
  root.expect_object();
  if (root.at("srtdose_alpha_beta").integer() != 1)
    root.at("srtdose_alpha_beta").fail("unsupported format version (this build reads 1)");
  TissueTable t;
  t.file = file;
  if (auto c = root.find("citation")) (void)c->string();
  t.target_alpha_beta_gy = root.at("target_alpha_beta_gy").number_in(1e-3, 100, "alpha/beta");
  t.default_alpha_beta_gy = root.at("default_alpha_beta_gy").number_in(1e-3, 100, "alpha/beta");
  if (auto opts = root.find("target_options")) {
    opts->expect_object();
    for (const auto& [name, v] : opts->json().items()) {
      JsonCursor o = opts->at(name);
      o.expect_object();
      t.target_options[name] = o.at("alpha_beta_gy").number_in(1e-3, 100, "alpha/beta");
      (void)o.at("source").string();
      o.finish();
    }
    opts->finish();
  }
  for (JsonCursor e : root.at("tissues").elements()) {
    e.expect_object();
    TissueEntry entry;
    entry.name = e.at("name").string();
    entry.aliases.push_back(entry.name);
    for (JsonCursor a : e.at("aliases").elements()) entry.aliases.push_back(a.string());
    entry.alpha_beta_gy = e.at("alpha_beta_gy").number_in(1e-3, 100, "alpha/beta");
    entry.source = e.at("source").string();
    e.finish();
    t.tissues.push_back(std::move(entry));
  }
  root.finish();
  return t;
}

TissueTable TissueTable::builtin() {
  return load(data_dir() / "radiobiology" / "alpha_beta.json");
}

double TissueTable::alpha_beta_for(const std::string& structure, bool is_target) const {
  if (is_target) return target_alpha_beta_gy;
  for (const TissueEntry& e : tissues)
    if (match_structure({structure}, e.aliases) == 0) return e.alpha_beta_gy;
  return default_alpha_beta_gy;
}

TissueModel tissue_model_for(const TissueTable& table, const std::string& structure, bool is_target,
                             const TissueModel& base) {
  TissueModel m = base;
  m.alpha_beta_gy = table.alpha_beta_for(structure, is_target);
  if (m.model == BedModel::usc && !is_target) m.model = BedModel::lq;
  return m;
}

}  // namespace srtdose
