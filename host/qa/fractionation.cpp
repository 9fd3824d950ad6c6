#include "host/qa/fractionation.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "host/core/error.h"

namespace srtdose {

std::string Scheme::label() const {
  std::ostringstream s;
  s << fractions << "x" << dose_per_fraction_gy;
  return s.str();
}

Scheme Scheme::parse(const std::string& text) {
  const auto x = text.find_first_of("xX");
  Scheme s;
  try {
    if (x == std::string::npos) throw std::invalid_argument(text);
    std::size_t used = 0;
    const std::string a = text.substr(0, x), b = text.substr(x + 1);
    s.fractions = std::stoi(a, &used);
    if (used != a.size()) throw std::invalid_argument(text);
    s.dose_per_fraction_gy = std::stod(b, &used);
    if (used != b.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    throw InputError("scheme '" + text + "': expected FRACTIONSxGY, e.g. 5x10");
  }
  if (s.fractions < 1) throw InputError("scheme '" + text + "': zero or negative fractions");
  if (!(s.dose_per_fraction_gy > 0) || !std::isfinite(s.dose_per_fraction_gy))
    throw InputError("scheme '" + text + "': dose per fraction must be > 0 Gy");
  return s;
}

std::vector<Scheme> Scheme::parse_list(const std::string& text) {
  std::vector<Scheme> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(parse(item));
  if (out.empty()) throw InputError("no fractionation schemes given");
  return out;
}

StructureBed structure_bed(const Dvh& dvh, const TissueModel& t, int n, double k) {
  StructureBed b;
  b.name = dvh.name;
  b.tissue = t;
  const double ab = t.effective_alpha_beta_gy();
  auto bed = [&](double total) { return bed_gy(n, total / n, t); };
  b.d98_gy = k * dvh.dose_at_volume_pct(98);
  b.d50_gy = k * dvh.dose_at_volume_pct(50);
  b.near_max_gy = k * dvh.dose_at_volume_cm3(0.035);
  b.mean_gy = k * dvh.mean_gy;
  b.bed_d98_gy = bed(b.d98_gy);
  b.bed_d50_gy = bed(b.d50_gy);
  b.bed_near_max_gy = bed(b.near_max_gy);
  b.bed_mean_gy = dvh.expectation([&](double d) { return bed(k * d); });
  b.eqd2_d98_gy = eqd2_gy(b.bed_d98_gy, ab);
  b.eqd2_d50_gy = eqd2_gy(b.bed_d50_gy, ab);
  b.eqd2_near_max_gy = eqd2_gy(b.bed_near_max_gy, ab);
  b.eqd2_mean_gy = eqd2_gy(b.bed_mean_gy, ab);
  return b;
}

namespace {

void check(const FractionationInput& in) {
  if (in.dvhs.empty()) throw InputError("fractionation comparison: no structures");
  if (in.target_index < 0 || in.target_index >= static_cast<int>(in.dvhs.size()))
    throw InputError("fractionation comparison: no target structure");
  if (in.tissues.size() != in.dvhs.size())
    throw InputError("fractionation comparison: one tissue model per structure is needed");
  if (!(in.rx_total_gy > 0))
    throw InputError("fractionation comparison needs a prescription > 0 Gy");
}

SchemeResult evaluate(const FractionationInput& in, const Scheme& s) {
  SchemeResult r;
  r.scheme = s;
  r.dose_scale = s.total_gy() / in.rx_total_gy;
  const std::size_t t = static_cast<std::size_t>(in.target_index);
  r.target = structure_bed(in.dvhs[t], in.tissues[t], s.fractions, r.dose_scale);
  if (in.constraints) {
    r.constraints =
        evaluate_constraints(*in.constraints, s.fractions, in.dvhs, s.total_gy(), r.dose_scale);
    for (const ConstraintResult& c : r.constraints) {
      if (c.status == ConstraintResult::Status::fail) ++r.failed;
      if (c.status == ConstraintResult::Status::fail || c.status == ConstraintResult::Status::pass)
        ++r.evaluated;
    }
  }
  return r;
}

}  // namespace

std::vector<SchemeResult> compare_schemes(const FractionationInput& in,
                                          const std::vector<Scheme>& schemes) {
  check(in);
  std::vector<SchemeResult> out;
  for (const Scheme& s : schemes) out.push_back(evaluate(in, s));
  return out;
}

std::vector<SchemeResult> iso_effective_schemes(const FractionationInput& in, double bed,
                                                const std::vector<int>& fractions) {
  check(in);
  const TissueModel& target = in.tissues[static_cast<std::size_t>(in.target_index)];
  std::vector<int> ns = fractions;
  std::sort(ns.begin(), ns.end());
  ns.erase(std::unique(ns.begin(), ns.end()), ns.end());
  std::vector<SchemeResult> out;
  for (int n : ns) {
    Scheme s;
    s.fractions = n;
    s.dose_per_fraction_gy = dose_per_fraction_for_bed(n, bed, target);
    out.push_back(evaluate(in, s));
  }
  return out;
}

}  // namespace srtdose
