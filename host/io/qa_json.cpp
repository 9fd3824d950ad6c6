#include "host/io/qa_json.h"

#include <cmath>
#include <sstream>

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

}  // namespace srtdose
