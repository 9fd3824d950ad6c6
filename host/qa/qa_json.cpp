#include "host/qa/qa_json.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "srtdose/config.h"

namespace srtdose {

using nlohmann::json;

json number_or_null(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

json to_json(const StructureMetrics& m) {
  return {{"name", m.name},
          {"volume_cm3", m.volume_cm3},
          {"outside_dose_grid_cm3", m.outside_volume_cm3},
          {"supersample", m.supersample},
          {"dmin_gy", m.dmin_gy},
          {"dmean_gy", m.dmean_gy},
          {"dmax_gy", m.dmax_gy},
          {"d0_03cc_gy", m.d0_03cc_gy},
          {"d0_035cc_gy", m.d0_035cc_gy},
          {"d2_pct_gy", m.d2_gy},
          {"d50_pct_gy", m.d50_gy},
          {"d98_pct_gy", m.d98_gy},
          {"near_max", {{"metric", m.near_max_label}, {"gy", m.near_max_gy}}},
          {"homogeneity_index", m.homogeneity_index}};
}

json to_json(const ConformityMetrics& m) {
  return {{"rx_gy", m.rx_gy},
          {"tv_cm3", m.tv_cm3},
          {"tv_piv_cm3", m.tv_piv_cm3},
          {"piv_cm3", m.piv_cm3},
          {"piv50_cm3", m.piv50_cm3},
          {"rtog_ci", m.rtog_ci},
          {"paddick_ci", m.paddick_ci},
          {"gradient_index", m.gradient_index},
          {"r50", m.r50},
          {"d2cm_gy", m.d2cm_gy},
          {"d2cm_pct_rx", m.d2cm_pct},
          {"isodose_volumes_inside_body", m.body_restricted}};
}

json to_json(const ConstraintResult& r) {
  const Constraint& c = *r.constraint;
  json j{{"organ", c.organ},
         {"metric", c.metric.text},
         {"structure", r.structure.empty() ? json(nullptr) : json(r.structure)},
         {"unit", unit_name(c.unit)},
         {"status", to_string(r.status)},
         {"type", c.kind},
         {"endpoint", c.endpoint}};
  const bool evaluated =
      r.status == ConstraintResult::Status::pass || r.status == ConstraintResult::Status::fail;
  j["value"] = evaluated ? number_or_null(r.value) : json(nullptr);
  j["limit"] = r.status == ConstraintResult::Status::no_limit ? json(nullptr) : json(r.limit);
  return j;
}

json to_json(const StructureBed& b) {
  return {
      {"name", b.name},
      {"model", to_string(b.tissue.model)},
      {"alpha_beta_gy", b.tissue.effective_alpha_beta_gy()},
      {"physical_gy",
       {{"d98", b.d98_gy}, {"d50", b.d50_gy}, {"mean", b.mean_gy}, {"d0_035cc", b.near_max_gy}}},
      {"bed_gy",
       {{"d98", b.bed_d98_gy},
        {"d50", b.bed_d50_gy},
        {"mean", b.bed_mean_gy},
        {"d0_035cc", b.bed_near_max_gy}}},
      {"eqd2_gy",
       {{"d98", b.eqd2_d98_gy},
        {"d50", b.eqd2_d50_gy},
        {"mean", b.eqd2_mean_gy},
        {"d0_035cc", b.eqd2_near_max_gy}}}};
}

json to_json(const SchemeResult& r) {
  json cons = json::array();
  for (const ConstraintResult& c : r.constraints) cons.push_back(to_json(c));
  return {{"scheme", r.scheme.label()},
          {"fractions", r.scheme.fractions},
          {"dose_per_fraction_gy", r.scheme.dose_per_fraction_gy},
          {"total_gy", r.scheme.total_gy()},
          {"dose_scale", r.dose_scale},
          {"target", to_json(r.target)},
          {"constraints_failed", r.failed},
          {"constraints_evaluated", r.evaluated},
          {"constraints", cons}};
}

json cumulative_dvh_json(const Dvh& dvh, double bin_gy) {
  json d = json::array(), v = json::array();
  for (const DvhBin& b : dvh.cumulative(bin_gy)) {
    d.push_back(b.dose_gy);
    v.push_back(b.volume_cm3);
  }
  return {{"bin_gy", bin_gy}, {"dose_gy", d}, {"volume_cm3", v}};
}

namespace {
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}
std::string num(double v) {
  if (!std::isfinite(v)) return "";
  std::ostringstream o;
  o.precision(6);
  o << v;
  return o.str();
}
}  // namespace

std::string metrics_csv(const std::vector<StructureMetrics>& rows,
                        const std::vector<std::string>& extra_names,
                        const std::vector<std::vector<double>>& extra_values) {
  std::ostringstream o;
  o << "structure,volume_cm3,outside_dose_grid_cm3,dmin_gy,dmean_gy,dmax_gy,d0.03cc_gy,"
       "d0.035cc_gy,d2%_gy,d50%_gy,d98%_gy,homogeneity_index,supersample";
  for (const auto& n : extra_names) o << "," << csv_field(n);
  o << "\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const StructureMetrics& m = rows[i];
    o << csv_field(m.name) << "," << num(m.volume_cm3) << "," << num(m.outside_volume_cm3) << ","
      << num(m.dmin_gy) << "," << num(m.dmean_gy) << "," << num(m.dmax_gy) << ","
      << num(m.d0_03cc_gy) << "," << num(m.d0_035cc_gy) << "," << num(m.d2_gy) << ","
      << num(m.d50_gy) << "," << num(m.d98_gy) << "," << num(m.homogeneity_index) << ","
      << m.supersample;
    if (i < extra_values.size())
      for (double v : extra_values[i]) o << "," << num(v);
    o << "\n";
  }
  return o.str();
}

std::string constraints_csv(const std::vector<ConstraintResult>& rows) {
  std::ostringstream o;
  o << "organ,structure,metric,value,limit,unit,status,type,endpoint\n";
  for (const ConstraintResult& r : rows) {
    const bool evaluated =
        r.status == ConstraintResult::Status::pass || r.status == ConstraintResult::Status::fail;
    o << csv_field(r.constraint->organ) << "," << csv_field(r.structure) << ","
      << csv_field(r.constraint->metric.text) << "," << (evaluated ? num(r.value) : "") << ","
      << (r.status == ConstraintResult::Status::no_limit ? "" : num(r.limit)) << ","
      << unit_name(r.constraint->unit) << "," << csv_field(to_string(r.status)) << ","
      << csv_field(r.constraint->kind) << "," << csv_field(r.constraint->endpoint) << "\n";
  }
  return o.str();
}

std::string schemes_csv(const std::vector<SchemeResult>& rows, const std::string& kind) {
  std::ostringstream o;
  o << "kind,scheme,fractions,dose_per_fraction_gy,total_gy,dose_scale,target,alpha_beta_gy,"
       "d98_gy,d50_gy,mean_gy,bed_d98_gy,bed_d50_gy,bed_mean_gy,eqd2_d98_gy,eqd2_d50_gy,"
       "constraints_failed,constraints_evaluated,failed\n";
  for (const SchemeResult& r : rows) {
    std::string failed;
    for (const ConstraintResult& c : r.constraints)
      if (c.status == ConstraintResult::Status::fail)
        failed +=
            (failed.empty() ? "" : "; ") + c.constraint->organ + " " + c.constraint->metric.text;
    o << kind << "," << r.scheme.label() << "," << r.scheme.fractions << ","
      << num(r.scheme.dose_per_fraction_gy) << "," << num(r.scheme.total_gy()) << ","
      << num(r.dose_scale) << "," << csv_field(r.target.name) << ","
      << num(r.target.tissue.effective_alpha_beta_gy()) << "," << num(r.target.d98_gy) << ","
      << num(r.target.d50_gy) << "," << num(r.target.mean_gy) << "," << num(r.target.bed_d98_gy)
      << "," << num(r.target.bed_d50_gy) << "," << num(r.target.bed_mean_gy) << ","
      << num(r.target.eqd2_d98_gy) << "," << num(r.target.eqd2_d50_gy) << "," << r.failed << ","
      << r.evaluated << "," << csv_field(failed) << "\n";
  }
  return o.str();
}

json dvh_report_json(const QaReport& r, double bin_gy, const QaSources& src) {
  json j;
  j["srtdose_version"] = SRTDOSE_VERSION;
  j["dose_file"] = src.dose_file;
  j["plan_file"] = src.plan_file;
  j["fractions"] = r.fractions;
  j["prescription_gy"] = r.rx_gy > 0 ? json(r.rx_gy) : json(nullptr);
  j["structures"] = json::array();
  for (std::size_t i = 0; i < r.metrics.size(); ++i) {
    json s = to_json(r.metrics[i]);
    for (std::size_t k = 0; k < r.metric_names.size(); ++k)
      s["metrics"][r.metric_names[k]] = number_or_null(r.metric_values[i][k]);
    s["cumulative_dvh"] = cumulative_dvh_json(r.dvhs[i], bin_gy);
    j["structures"].push_back(s);
  }
  if (r.conformity)
    j["conformity"] = to_json(*r.conformity), j["conformity"]["target"] = r.conformity_target;
  if (r.constraint_set) {
    j["constraints"]["set"] = r.constraint_set->name;
    j["constraints"]["citation"] = r.constraint_set->citation;
    j["constraints"]["results"] = json::array();
    for (const ConstraintResult& c : r.constraints)
      j["constraints"]["results"].push_back(to_json(c));
  }
  return j;
}

json bed_report_json(const QaReport& r, const QaSources& src) {
  const BedReport& b = r.bed.value();
  json j;
  j["srtdose_version"] = SRTDOSE_VERSION;
  j["dose_file"] = src.dose_file;
  j["plan_file"] = src.plan_file;
  j["model"] = to_string(b.base.model);
  j["alpha_beta_table"] = b.table_file.string();
  j["fractions"] = r.fractions;
  j["prescription_gy"] = r.rx_gy;
  j["prescription_bed_gy"] = b.prescription_bed_gy;
  j["structures"] = json::array();
  for (std::size_t i = 0; i < b.structures.size(); ++i) {
    json sj = to_json(b.structures[i]);
    // BED-volume histogram: BED is monotone in dose, so the DVH's knots map one to one.
    const Dvh& d = r.dvhs[i];
    const std::size_t n = d.knot_dose_gy().size(), step = std::max<std::size_t>(1, n / 400);
    json bx = json::array(), vx = json::array();
    for (std::size_t k = 0; k < n; k += step) {
      bx.push_back(bed_gy(r.fractions, d.knot_dose_gy()[k] / r.fractions, b.tissues[i]));
      vx.push_back(d.knot_volume_cm3()[k]);
    }
    sj["cumulative_bvh"] = {{"bed_gy", bx}, {"volume_cm3", vx}};
    j["structures"].push_back(sj);
  }
  j["schemes"] = json::array();
  for (const SchemeResult& s : b.compared) j["schemes"].push_back(to_json(s));
  j["iso_effective"]["bed_gy"] = b.iso_bed_gy;
  j["iso_effective"]["schemes"] = json::array();
  for (const SchemeResult& s : b.iso_effective) j["iso_effective"]["schemes"].push_back(to_json(s));
  return j;
}

std::string cumulative_dvh_csv(const std::vector<Dvh>& dvhs, double bin_gy) {
  std::ostringstream c;
  c << "dose_gy";
  for (const Dvh& d : dvhs) c << "," << d.name << "_cm3";
  c << "\n";
  std::vector<std::vector<DvhBin>> bins;
  std::size_t n = 0;
  for (const Dvh& d : dvhs)
    bins.push_back(d.cumulative(bin_gy)), n = std::max(n, bins.back().size());
  c.precision(7);
  for (std::size_t b = 0; b < n; ++b) {
    c << b * bin_gy;
    for (const auto& col : bins) c << "," << (b < col.size() ? col[b].volume_cm3 : 0.0);
    c << "\n";
  }
  return c.str();
}

std::string bed_schemes_csv(const BedReport& b) {
  const std::string iso = schemes_csv(b.iso_effective, "iso_effective");
  return schemes_csv(b.compared, "scheme") + iso.substr(iso.find('\n') + 1);
}

}  // namespace srtdose
