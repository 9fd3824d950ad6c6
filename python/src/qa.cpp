// Plan QA: DVHs, metrics, gamma, BED maps, fractionation schemes, HDF5 dose files.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/array.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "host/io/atomic_output.h"
#include "host/io/hdf5_file.h"
#include "host/qa/constraints.h"
#include "host/qa/dvh.h"
#include "host/qa/dvh_metric.h"
#include "host/qa/fractionation.h"
#include "host/qa/gamma.h"
#include "host/qa/plan_dose.h"
#include "host/qa/radiobiology.h"
#include "host/qa/structure_names.h"
#include "host/qa/tissue_table.h"
#include "python/src/convert.h"

namespace nb = nanobind;
using namespace srtdose;
using py::InArray3;

namespace {

/// DVHs of the plan's structures (all when names is empty) in a dose.
std::vector<Dvh> plan_dvhs(const Plan& plan, const Volume<float>& dose,
                           const std::vector<std::string>& names) {
  PlanDose pd;
  pd.plan = plan;
  pd.patient = build_patient_model(plan);
  pd.dose = dose;
  pd.fractions = plan.fractions;
  pd.prescription = plan.prescription;
  return structure_dvhs(pd, select_structures(pd.patient, names), DvhOptions{});
}

nb::list dvh(const Plan& plan, const InArray3& a, std::array<double, 3> origin,
             std::array<double, 3> spacing, const std::vector<std::string>& names) {
  const Volume<float> dose = py::from_numpy(a, origin, spacing, "dose");
  std::vector<Dvh> dvhs;
  {
    nb::gil_scoped_release release;
    dvhs = plan_dvhs(plan, dose, names);
  }
  nb::list out;
  for (const Dvh& d : dvhs) {
    const StructureMetrics m = structure_metrics(d);
    nb::dict r;
    r["name"] = d.name;
    r["volume_cm3"] = d.volume_cm3;
    r["outside_volume_cm3"] = d.outside_volume_cm3;
    r["min_gy"] = d.min_gy, r["mean_gy"] = d.mean_gy, r["max_gy"] = d.max_gy;
    r["d98_gy"] = m.d98_gy, r["d50_gy"] = m.d50_gy, r["d2_gy"] = m.d2_gy;
    r["d0_035cc_gy"] = m.d0_035cc_gy, r["homogeneity_index"] = m.homogeneity_index;
    r["dose_gy"] = d.knot_dose_gy();
    r["cumulative_volume_cm3"] = d.knot_volume_cm3();
    out.append(r);
  }
  return out;
}

std::map<std::string, std::map<std::string, double>> metrics(const Plan& plan, const InArray3& a,
                                                             std::array<double, 3> origin,
                                                             std::array<double, 3> spacing,
                                                             const std::vector<std::string>& texts,
                                                             const std::vector<std::string>& names,
                                                             double rx) {
  const Volume<float> dose = py::from_numpy(a, origin, spacing, "dose");
  std::vector<DvhMetric> ms;
  for (const auto& t : texts) ms.push_back(DvhMetric::parse(t));
  if (!(rx > 0) && plan.prescription) rx = plan.prescription->dose_gy;
  std::map<std::string, std::map<std::string, double>> out;
  nb::gil_scoped_release release;
  for (const Dvh& d : plan_dvhs(plan, dose, names))
    for (const DvhMetric& m : ms) {
      if (m.kind == DvhMetric::Kind::volume_at_rx && !(rx > 0))
        throw InputError("metric " + m.text + " needs a prescription (plan or rx)");
      out[d.name][m.text] = m.evaluate(d, rx);
    }
  return out;
}

nb::dict gamma_py(const InArray3& ref, std::array<double, 3> ro, std::array<double, 3> rs,
                  const InArray3& ev, std::array<double, 3> eo, std::array<double, 3> es, double dd,
                  double dta, double threshold, bool local, std::optional<double> norm,
                  const std::string& device) {
  GammaOptions o;
  o.dd_percent = dd, o.dta_mm = dta, o.threshold_percent = threshold, o.local = local;
  o.norm_dose_gy = norm;
  o.validate();
  const Volume<float> r = py::from_numpy(ref, ro, rs, "reference");
  const Volume<float> e = py::from_numpy(ev, eo, es, "evaluated");
  GammaResult g;
  {
    nb::gil_scoped_release release;
    g = gamma_index(r, e, o, device_by_name(device, "device"));
  }
  nb::dict out;
  out["pass_rate_pct"] = g.pass_rate_pct, out["mean"] = g.mean, out["median"] = g.median;
  out["max"] = g.max, out["evaluated"] = g.evaluated, out["passed"] = g.passed;
  out["no_data"] = g.no_data, out["norm_dose_gy"] = g.norm_dose_gy;
  out["criteria"] = o.describe();
  out["device"] = std::string(to_string(g.device));
  out["gamma"] = py::to_numpy(std::move(g.gamma));
  return out;
}

py::FloatArray3 bed_map(const InArray3& a, int fractions, double alpha_beta,
                        const std::string& model) {
  if (fractions < 1) throw InputError("fractions must be >= 1");
  TissueModel t;
  t.model = bed_model_by_name(model);
  t.alpha_beta_gy = alpha_beta;
  Volume<float> v = py::from_numpy(a, {0, 0, 0}, {1, 1, 1}, "dose");
  for (float& x : v.values()) {
    if (!(x >= 0)) throw InputError("dose: negative or NaN values");
    x = static_cast<float>(bed_gy(fractions, x / fractions, t));
  }
  return py::to_numpy(std::move(v));
}

nb::list compare(const Plan& plan, const InArray3& a, std::array<double, 3> origin,
                 std::array<double, 3> spacing, const std::vector<std::string>& schemes,
                 const std::string& constraints) {
  if (!plan.prescription)
    throw InputError(plan.name + ": compare_schemes needs the plan's prescription");
  const Volume<float> dose = py::from_numpy(a, origin, spacing, "dose");
  std::vector<Scheme> list;
  for (const auto& s : schemes) list.push_back(Scheme::parse(s));
  const ConstraintSet set = ConstraintSet::load(find_constraint_set(constraints));
  std::vector<SchemeResult> res;
  {
    nb::gil_scoped_release release;
    FractionationInput in;
    in.dvhs = plan_dvhs(plan, dose, {});
    in.rx_total_gy = plan.prescription->dose_gy;
    in.constraints = &set;
    in.target_index = -1;
    const TissueTable table = TissueTable::builtin();
    for (std::size_t i = 0; i < in.dvhs.size(); ++i) {
      const bool target = normalise_structure_name(in.dvhs[i].name) ==
                          normalise_structure_name(plan.prescription->target);
      if (target) in.target_index = static_cast<int>(i);
      in.tissues.push_back(tissue_model_for(table, in.dvhs[i].name, target, TissueModel{}));
    }
    if (in.target_index < 0)
      throw InputError(plan.name + ": no structure " + plan.prescription->target);
    res = compare_schemes(in, list);
  }
  nb::list out;
  for (const SchemeResult& r : res) {
    nb::dict d;
    d["scheme"] = r.scheme.label();
    d["total_gy"] = r.scheme.total_gy();
    d["dose_scale"] = r.dose_scale;
    d["target"] = r.target.name;
    d["bed_d98_gy"] = r.target.bed_d98_gy, d["bed_d50_gy"] = r.target.bed_d50_gy;
    d["bed_mean_gy"] = r.target.bed_mean_gy, d["eqd2_d50_gy"] = r.target.eqd2_d50_gy;
    d["constraints_failed"] = r.failed, d["constraints_evaluated"] = r.evaluated;
    out.append(d);
  }
  return out;
}

nb::dict read_dose(const std::string& path, const std::string& dataset) {
  const H5File f = H5File::open_read(path);
  Volume<float> v = f.read_volume("/" + dataset);
  nb::dict d;
  d["origin_mm"] = py::arr3(v.grid().origin_mm());
  d["spacing_mm"] = py::arr3(v.grid().spacing_mm());
  d["array"] = py::to_numpy(std::move(v));
  if (f.has_attr("/" + dataset, "fractions"))
    d["fractions"] = f.read_attr_int("/" + dataset, "fractions");
  return d;
}

void write_dose(const std::string& path, const InArray3& a, std::array<double, 3> origin,
                std::array<double, 3> spacing, const std::string& dataset,
                const std::map<std::string, std::string>& attrs) {
  const Volume<float> v = py::from_numpy(a, origin, spacing, "dose");
  AtomicOutput out(path);
  {
    H5File f = H5File::create(out);
    f.write_attr("/", "srtdose_version", std::string(SRTDOSE_VERSION));
    f.write_volume("/" + dataset, v);
    for (const auto& [k, val] : attrs) f.write_attr("/" + dataset, k, val);
    f.close();
  }
  out.commit();
}

}  // namespace

void bind_qa(nb::module_& m) {
  m.def("dvh", &dvh, nb::arg("plan"), nb::arg("dose"), nb::arg("origin_mm"), nb::arg("spacing_mm"),
        nb::arg("structures"));
  m.def("metrics", &metrics, nb::arg("plan"), nb::arg("dose"), nb::arg("origin_mm"),
        nb::arg("spacing_mm"), nb::arg("metrics"), nb::arg("structures"), nb::arg("rx_gy"));
  m.def("gamma", &gamma_py, nb::arg("reference"), nb::arg("ref_origin_mm"),
        nb::arg("ref_spacing_mm"), nb::arg("evaluated"), nb::arg("eval_origin_mm"),
        nb::arg("eval_spacing_mm"), nb::arg("dd"), nb::arg("dta"), nb::arg("threshold"),
        nb::arg("local"), nb::arg("norm_gy").none(), nb::arg("device"));
  m.def("bed_map", &bed_map, nb::arg("dose"), nb::arg("fractions"), nb::arg("alpha_beta"),
        nb::arg("model"));
  m.def("compare_schemes", &compare, nb::arg("plan"), nb::arg("dose"), nb::arg("origin_mm"),
        nb::arg("spacing_mm"), nb::arg("schemes"), nb::arg("constraints"));
  m.def("read_dose", &read_dose, nb::arg("path"), nb::arg("dataset"));
  m.def("write_dose", &write_dose, nb::arg("path"), nb::arg("dose"), nb::arg("origin_mm"),
        nb::arg("spacing_mm"), nb::arg("dataset"), nb::arg("attrs"));
}
