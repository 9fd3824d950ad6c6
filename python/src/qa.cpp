// Plan QA: DVHs, metrics, gamma, BED maps, fractionation schemes, HDF5 dose files.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/array.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "host/check/courses_report.h"
#include "host/io/atomic_output.h"
#include "host/io/hdf5_file.h"
#include "host/qa/constraints.h"
#include "host/qa/courses.h"
#include "host/qa/dvh.h"
#include "host/qa/dvh_metric.h"
#include "host/qa/fractionation.h"
#include "host/qa/gamma.h"
#include "host/qa/gamma_io.h"
#include "host/qa/plan_dose.h"
#include "host/qa/qa_json.h"
#include "host/qa/qa_request.h"
#include "host/qa/radiobiology.h"
#include "host/qa/structure_names.h"
#include "host/qa/tissue_table.h"
#include "python/src/convert.h"

namespace nb = nanobind;
using namespace srtdose;
using py::InArray3;

namespace {

/// run_qa on a dose in memory (no constraints unless asked).
QaReport qa_of(const Plan& plan, const Volume<float>& dose, const QaRequest& req) {
  return run_qa(plan, build_patient_model(plan), dose, req, "plan " + plan.name);
}

nb::list dvh(const Plan& plan, const InArray3& a, std::array<double, 3> origin,
             std::array<double, 3> spacing, const std::vector<std::string>& names) {
  const Volume<float> dose = py::from_numpy(a, origin, spacing, "dose");
  QaRequest req;
  req.structures = names;
  req.constraints.clear();
  QaReport r;
  {
    nb::gil_scoped_release release;
    r = qa_of(plan, dose, req);
  }
  nb::list out;
  for (std::size_t i = 0; i < r.dvhs.size(); ++i) {
    const Dvh& d = r.dvhs[i];
    const StructureMetrics& m = r.metrics[i];
    nb::dict e;
    e["name"] = d.name;
    e["volume_cm3"] = d.volume_cm3;
    e["outside_volume_cm3"] = d.outside_volume_cm3;
    e["min_gy"] = d.min_gy, e["mean_gy"] = d.mean_gy, e["max_gy"] = d.max_gy;
    e["d98_gy"] = m.d98_gy, e["d50_gy"] = m.d50_gy, e["d2_gy"] = m.d2_gy;
    e["d0_035cc_gy"] = m.d0_035cc_gy, e["homogeneity_index"] = m.homogeneity_index;
    e["dose_gy"] = d.knot_dose_gy();
    e["cumulative_volume_cm3"] = d.knot_volume_cm3();
    out.append(e);
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
  QaRequest req;
  req.structures = names;
  req.metrics = texts;
  req.rx_gy = rx;
  req.constraints.clear();
  std::map<std::string, std::map<std::string, double>> out;
  nb::gil_scoped_release release;
  const QaReport r = qa_of(plan, dose, req);
  for (std::size_t i = 0; i < r.dvhs.size(); ++i)
    for (std::size_t k = 0; k < r.metric_names.size(); ++k)
      out[r.dvhs[i].name][r.metric_names[k]] = r.metric_values[i][k];
  return out;
}

/// The whole report as `srtdose dvh --json` writes it (and `srtdose bed --json` under "bed"),
/// as JSON text. options_json: the request (structures, metrics, rx_gy, constraints, bin_gy,
/// supersample; bed: {model, lql_transition_gy, usc_alpha, usc_d0, usc_dq, tumour,
/// tumour_alpha_beta, oar_alpha_beta, alpha_beta_table, schemes, iso_bed, iso_scheme}).
std::string qa_report(const Plan& plan, const InArray3& a, std::array<double, 3> origin,
                      std::array<double, 3> spacing, const std::string& options_json) {
  const Volume<float> dose = py::from_numpy(a, origin, spacing, "dose");
  const nlohmann::json j = nlohmann::json::parse(options_json);
  QaRequest req;
  req.structures = j.value("structures", std::vector<std::string>{});
  req.metrics = j.value("metrics", std::vector<std::string>{});
  req.rx_gy = j.value("rx_gy", 0.0);
  req.constraints = j.value("constraints", std::string("tg101"));
  req.dvh.bin_gy = j.value("bin_gy", 0.01);
  req.dvh.supersample = j.value("supersample", 0);
  if (j.contains("bed") && !j["bed"].is_null()) {
    const nlohmann::json& b = j["bed"];
    BedRequest& br = req.bed.emplace();
    br.model.model = bed_model_by_name(b.value("model", std::string("lq")));
    br.model.lql_transition_gy = b.value("lql_transition_gy", br.model.lql_transition_gy);
    br.model.usc_alpha_per_gy = b.value("usc_alpha", br.model.usc_alpha_per_gy);
    br.model.usc_d0_gy = b.value("usc_d0", br.model.usc_d0_gy);
    br.model.usc_dq_gy = b.value("usc_dq", br.model.usc_dq_gy);
    br.tumour = b.value("tumour", std::string());
    br.tumour_alpha_beta_gy = b.value("tumour_alpha_beta", 0.0);
    br.oar_alpha_beta_gy = b.value("oar_alpha_beta", 0.0);
    br.alpha_beta_table = b.value("alpha_beta_table", std::string());
    for (const auto& sch : b.value("schemes", std::vector<std::string>{}))
      br.schemes.push_back(Scheme::parse(sch));
    br.iso_bed_gy = b.value("iso_bed", 0.0);
    if (const std::string iso = b.value("iso_scheme", std::string()); !iso.empty())
      br.iso_scheme = Scheme::parse(iso);
  }
  nb::gil_scoped_release release;
  const QaReport r = qa_of(plan, dose, req);
  nlohmann::json out = dvh_report_json(r, req.dvh.bin_gy, {"", ""});
  if (r.bed) out["bed"] = bed_report_json(r, {"", ""});
  return out.dump();
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
  t.validate();
  Volume<float> v = py::from_numpy(a, {0, 0, 0}, {1, 1, 1}, "dose");
  for (float& x : v.values()) {
    if (!(x >= 0)) throw InputError("dose: negative or NaN values");
    x = static_cast<float>(bed_gy(fractions, x / fractions, t));
  }
  return py::to_numpy(std::move(v));
}

/// Voxel BED, EQD2 and alpha/beta maps of a plan dose with each structure's alpha/beta (the
/// maps of `srtdose bed -o`).
nb::dict plan_bed_maps(const Plan& plan, const InArray3& a, std::array<double, 3> origin,
                       std::array<double, 3> spacing, const std::string& model,
                       double tumour_alpha_beta, double oar_alpha_beta,
                       const std::string& alpha_beta_table) {
  const Volume<float> dose = py::from_numpy(a, origin, spacing, "dose");
  QaRequest req;
  req.constraints.clear();
  BedRequest& b = req.bed.emplace();
  b.model.model = bed_model_by_name(model);
  b.tumour_alpha_beta_gy = tumour_alpha_beta;
  b.oar_alpha_beta_gy = oar_alpha_beta;
  b.alpha_beta_table = alpha_beta_table;
  b.maps = true;
  QaReport r;
  {
    nb::gil_scoped_release release;
    r = qa_of(plan, dose, req);
  }
  nb::dict out;
  out["bed"] = py::to_numpy(std::move(*r.bed->bed_map));
  out["eqd2"] = py::to_numpy(std::move(*r.bed->eqd2_map));
  out["alpha_beta"] = py::to_numpy(std::move(*r.bed->alpha_beta_map));
  return out;
}

nb::list compare(const Plan& plan, const InArray3& a, std::array<double, 3> origin,
                 std::array<double, 3> spacing, const std::vector<std::string>& schemes,
                 const std::string& constraints) {
  if (!plan.prescription)
    throw InputError(plan.name + ": compare_schemes needs the plan's prescription");
  const Volume<float> dose = py::from_numpy(a, origin, spacing, "dose");
  QaRequest req;
  req.constraints = constraints;
  BedRequest& b = req.bed.emplace();
  for (const auto& s : schemes) b.schemes.push_back(Scheme::parse(s));
  QaReport r;
  {
    nb::gil_scoped_release release;
    r = qa_of(plan, dose, req);
  }
  nb::list out;
  for (const SchemeResult& res : r.bed->compared) {
    nb::dict d;
    d["scheme"] = res.scheme.label();
    d["total_gy"] = res.scheme.total_gy();
    d["dose_scale"] = res.dose_scale;
    d["target"] = res.target.name;
    d["bed_d98_gy"] = res.target.bed_d98_gy, d["bed_d50_gy"] = res.target.bed_d50_gy;
    d["bed_mean_gy"] = res.target.bed_mean_gy, d["eqd2_d50_gy"] = res.target.eqd2_d50_gy;
    d["constraints_failed"] = res.failed, d["constraints_evaluated"] = res.evaluated;
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

nb::dict sum_courses_py(const std::string& list_json, const std::string& label,
                        const std::string& base_dir, const std::string& output,
                        const std::string& report) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(list_json);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(label + ": not JSON: " + e.what());
  }
  CoursesResult r;
  std::string json, html;
  {
    nb::gil_scoped_release release;
    r = sum_course_list(read_course_list(doc, label, base_dir));
    json = course_sum_json(r).dump();
    if (!report.empty()) html = courses_report_html(r);
    if (!output.empty()) write_course_sum(output, r);
    if (!report.empty()) write_text_file(report, html);
  }
  nb::dict d;
  d["report_json"] = json;
  d["origin_mm"] = py::arr3(r.sum.grid.origin_mm());
  d["spacing_mm"] = py::arr3(r.sum.grid.spacing_mm());
  d["eqd2"] = py::to_numpy(std::move(r.sum.eqd2));
  d["bed"] = py::to_numpy(std::move(r.sum.bed));
  d["alpha_beta"] = py::to_numpy(std::move(r.sum.alpha_beta));
  d["physical_sum"] = py::to_numpy(std::move(r.sum.physical));
  nb::list courses;
  for (Volume<float>& v : r.sum.course_eqd2) courses.append(py::to_numpy(std::move(v)));
  d["course_eqd2"] = courses;
  return d;
}

}  // namespace

void bind_qa(nb::module_& m) {
  m.def("sum_courses", &sum_courses_py, nb::arg("list_json"), nb::arg("label"), nb::arg("base_dir"),
        nb::arg("output"), nb::arg("report"));
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
  m.def("qa_report", &qa_report, nb::arg("plan"), nb::arg("dose"), nb::arg("origin_mm"),
        nb::arg("spacing_mm"), nb::arg("options_json"));
  m.def("plan_bed_maps", &plan_bed_maps, nb::arg("plan"), nb::arg("dose"), nb::arg("origin_mm"),
        nb::arg("spacing_mm"), nb::arg("model"), nb::arg("tumour_alpha_beta"),
        nb::arg("oar_alpha_beta"), nb::arg("alpha_beta_table"));
  m.def("compare_schemes", &compare, nb::arg("plan"), nb::arg("dose"), nb::arg("origin_mm"),
        nb::arg("spacing_mm"), nb::arg("schemes"), nb::arg("constraints"));
  m.def("read_dose", &read_dose, nb::arg("path"), nb::arg("dataset"));
  m.def("write_dose", &write_dose, nb::arg("path"), nb::arg("dose"), nb::arg("origin_mm"),
        nb::arg("spacing_mm"), nb::arg("dataset"), nb::arg("attrs"));
}
