#include "host/qa/dvh_metric.h"

#include <cctype>
#include <cmath>
#include <limits>

#include "host/core/error.h"

namespace srtdose {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The number between prefix and suffix; false when it is not a plain non-negative number.
bool number_between(const std::string& s, std::size_t prefix, std::size_t suffix, double& out) {
  if (s.size() <= prefix + suffix) return false;
  const std::string body = s.substr(prefix, s.size() - prefix - suffix);
  if (body.find_first_not_of("0123456789.") != std::string::npos) return false;
  try {
    std::size_t used = 0;
    out = std::stod(body, &used);
    return used == body.size() && std::isfinite(out) && out >= 0;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

DvhMetric DvhMetric::parse(const std::string& text) {
  const std::string t = lower(text);
  DvhMetric m;
  m.text = text;
  double x = 0;
  if (t == "dmax") {
    m.kind = Kind::dmax;
  } else if (t == "dmin") {
    m.kind = Kind::dmin;
  } else if (t == "dmean") {
    m.kind = Kind::dmean;
  } else if (t.rfind("cv", 0) == 0 && ends_with(t, "cc") && number_between(t, 2, 2, x) && x > 0) {
    m.kind = Kind::critical_volume;
  } else if (t[0] == 'd' && ends_with(t, "cc") && number_between(t, 1, 2, x)) {
    m.kind = Kind::dose_at_cc;
  } else if (t[0] == 'd' && ends_with(t, "%") && number_between(t, 1, 1, x) && x <= 100) {
    m.kind = Kind::dose_at_pct;
  } else if (t[0] == 'v' && ends_with(t, "gy") && number_between(t, 1, 2, x)) {
    m.kind = Kind::volume_at_gy;
  } else if (t[0] == 'v' && ends_with(t, "%") && number_between(t, 1, 1, x)) {
    m.kind = Kind::volume_at_rx;
  } else {
    throw InputError("unknown DVH metric '" + text +
                     "' (use Dmax, Dmin, Dmean, D<x>cc, D<x>%, V<x>Gy, V<x>% or CV<x>cc)");
  }
  m.param = x;
  return m;
}

double DvhMetric::evaluate(const Dvh& dvh, double rx_gy, double dose_scale) const {
  const double k = dose_scale;
  switch (kind) {
    case Kind::dmax:
      return k * dvh.max_gy;
    case Kind::dmin:
      return k * dvh.min_gy;
    case Kind::dmean:
      return k * dvh.mean_gy;
    case Kind::dose_at_cc:
      return k * dvh.dose_at_volume_cm3(param);
    case Kind::dose_at_pct:
      return k * dvh.dose_at_volume_pct(param);
    case Kind::volume_at_gy:
      return dvh.volume_at_dose_cm3(param / k);
    case Kind::volume_at_rx:
      if (!(rx_gy > 0)) throw InputError("metric '" + text + "' needs a prescription dose");
      return dvh.volume_at_dose_cm3(param / 100.0 * rx_gy / k);
    case Kind::critical_volume:
      // The critical volume must stay below the threshold: the dose to the hottest
      // (total - critical) cm3 is the highest dose the critical volume stays below.
      if (dvh.volume_cm3 <= param) return std::numeric_limits<double>::quiet_NaN();
      return k * dvh.dose_at_volume_cm3(dvh.volume_cm3 - param);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

StructureMetrics structure_metrics(const Dvh& dvh) {
  StructureMetrics m;
  m.name = dvh.name;
  m.volume_cm3 = dvh.volume_cm3;
  m.outside_volume_cm3 = dvh.outside_volume_cm3;
  m.dmin_gy = dvh.min_gy;
  m.dmean_gy = dvh.mean_gy;
  m.dmax_gy = dvh.max_gy;
  m.d0_03cc_gy = dvh.dose_at_volume_cm3(0.03);
  m.d0_035cc_gy = dvh.dose_at_volume_cm3(0.035);
  m.d2_gy = dvh.dose_at_volume_pct(2);
  m.d50_gy = dvh.dose_at_volume_pct(50);
  m.d98_gy = dvh.dose_at_volume_pct(98);
  // ICRU 91 (2017): near-maximum is D2% for volumes of at least 2 cm3, D35mm3 below.
  if (dvh.volume_cm3 >= 2.0) {
    m.near_max_gy = m.d2_gy, m.near_max_label = "D2%";
  } else {
    m.near_max_gy = m.d0_035cc_gy, m.near_max_label = "D0.035cc";
  }
  m.homogeneity_index = m.d50_gy > 0 ? (m.d2_gy - m.d98_gy) / m.d50_gy : 0.0;
  m.supersample = dvh.supersample;
  return m;
}

}  // namespace srtdose
