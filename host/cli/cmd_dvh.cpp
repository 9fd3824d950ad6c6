// `srtdose dvh DOSE.h5 --plan PLAN.json`: DVHs, stereotactic metrics and OAR constraints.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "host/cli/commands.h"
#include "host/cli/text_format.h"
#include "host/core/error.h"
#include "host/io/gamma_io.h"
#include "host/io/qa_json.h"
#include "host/io/svg_plot.h"
#include "host/qa/conformity.h"
#include "host/qa/constraints.h"
#include "host/qa/dvh_metric.h"
#include "host/qa/plan_dose.h"
#include "srtdose/config.h"

namespace srtdose::cli {

namespace {

struct DvhArgs {
  std::string dose, plan, dataset = "dose", constraints = "tg101", json, csv, dvh_csv, plot;
  std::vector<std::string> structures, metrics;
  double bin_gy = 0.01, rx_gy = 0;
  int supersample = 0;
  bool no_constraints = false;
};

std::string fmt(double v, int prec = 2) {
  return fixed(v, prec);
}

}  // namespace

void add_dvh_command(CLI::App& app, Streams io) {
  CLI::App* sub = app.add_subcommand(
      "dvh",
      "DVHs, stereotactic metrics (D0.035cc, D98/D50/D2, CI, GI, R50%, D2cm) and OAR "
      "constraints of a plan dose");
  auto a = std::make_shared<DvhArgs>();
  sub->add_option("dose", a->dose, "Dose file (HDF5, /dose in Gy, total over all fractions)")
      ->required();
  sub->add_option("--plan", a->plan,
                  "Plan file (plan format v1) giving structures, "
                  "prescription and fractions")
      ->required();
  sub->add_option("--dataset", a->dataset, "Dose dataset in the file")->capture_default_str();
  sub->add_option("--structures", a->structures, "Structures to analyse (default: all)")
      ->delimiter(',');
  sub->add_option("--metrics", a->metrics,
                  "Extra metrics for every structure, e.g. D95%,V20Gy,D1cc,V100%")
      ->delimiter(',');
  sub->add_option("--bin-gy", a->bin_gy, "Bin width of the written DVH (Gy)")
      ->capture_default_str();
  sub->add_option("--supersample", a->supersample,
                  "Sub-samples per voxel edge: 0 = automatic (4 below 5 cm3), 1 = none")
      ->capture_default_str();
  sub->add_option("--rx", a->rx_gy, "Prescription dose (Gy, total); default: the plan's");
  sub->add_option("--constraints", a->constraints,
                  "Constraint set: a name in plans/constraints or a file")
      ->capture_default_str();
  sub->add_flag("--no-constraints", a->no_constraints, "Skip the constraint check");
  sub->add_option("--json", a->json, "Write all results (JSON, with the cumulative DVHs)");
  sub->add_option("--csv", a->csv, "Write the metrics table (CSV)");
  sub->add_option("--dvh-csv", a->dvh_csv, "Write the cumulative DVHs (CSV, one column each)");
  sub->add_option("--plot", a->plot, "Write a DVH plot (SVG)");
  sub->callback([io, a] {
    const auto t0 = std::chrono::steady_clock::now();
    DvhOptions options;
    options.bin_gy = a->bin_gy;
    options.supersample = a->supersample;
    options.validate();
    std::vector<DvhMetric> extra;
    for (const std::string& m : split_list(a->metrics)) extra.push_back(DvhMetric::parse(m));
    const PlanDose pd = load_plan_dose(a->dose, a->plan, a->dataset);
    double rx = a->rx_gy;
    if (rx < 0 || !std::isfinite(rx)) throw InputError("--rx must be a dose >= 0 Gy");
    if (rx == 0 && pd.prescription) rx = pd.prescription->dose_gy;
    std::optional<ConstraintSet> set;
    if (!a->no_constraints) set = ConstraintSet::load(find_constraint_set(a->constraints));

    const auto structures = select_structures(pd.patient, split_list(a->structures));
    if (structures.empty()) throw InputError(a->plan + ": the plan has no structures");
    const std::vector<Dvh> dvhs = structure_dvhs(pd, structures, options);
    std::vector<StructureMetrics> metrics;
    std::vector<std::vector<double>> extra_values;
    for (const Dvh& d : dvhs) {
      metrics.push_back(structure_metrics(d));
      std::vector<double> row;
      for (const DvhMetric& m : extra) {
        if (m.kind == DvhMetric::Kind::volume_at_rx && !(rx > 0))
          throw InputError("metric " + m.text + " needs a prescription (plan or --rx)");
        row.push_back(m.evaluate(d, rx));
      }
      extra_values.push_back(row);
    }

    // Conformity of the prescription target.
    std::optional<ConformityMetrics> conf;
    std::string target_name;
    if (rx > 0 && pd.prescription) {
      const auto t = select_structures(pd.patient, {pd.prescription->target}).front();
      target_name = t->name;
      // The target's DVH is among those computed above unless --structures left it out.
      const auto known =
          std::find_if(dvhs.begin(), dvhs.end(), [&](const Dvh& d) { return d.name == t->name; });
      const Dvh target_dvh =
          known != dvhs.end() ? *known : compute_dvh(t->name, t->fraction, pd.dose, options);
      const Structure* body = find_body(pd.patient);
      conf = conformity_metrics(pd.dose, t->fraction, target_dvh, rx,
                                body ? &body->fraction : nullptr);
    }
    std::vector<ConstraintResult> cons;
    if (set) cons = evaluate_constraints(*set, pd.fractions, dvhs, rx);

    // ---- table
    std::ostream& o = io.out;
    o << "plan " << pd.plan.name << ": " << pd.fractions << " fraction(s)";
    if (rx > 0) o << ", prescription " << fmt(rx) << " Gy";
    o << "; dose max " << fmt(pd.dose.max_value()) << " Gy\n";
    o << std::left << std::setw(16) << "structure" << std::right << std::setw(10) << "vol cm3"
      << std::setw(8) << "Dmin" << std::setw(8) << "Dmean" << std::setw(8) << "Dmax"
      << std::setw(10) << "D0.035cc" << std::setw(8) << "D98%" << std::setw(8) << "D50%"
      << std::setw(8) << "D2%" << std::setw(8) << "HI";
    for (const DvhMetric& m : extra) o << std::setw(10) << m.text;
    o << "\n";
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      const StructureMetrics& m = metrics[i];
      o << std::left << std::setw(16) << m.name << std::right << std::setw(10)
        << fmt(m.volume_cm3, 3) << std::setw(8) << fmt(m.dmin_gy) << std::setw(8) << fmt(m.dmean_gy)
        << std::setw(8) << fmt(m.dmax_gy) << std::setw(10) << fmt(m.d0_035cc_gy) << std::setw(8)
        << fmt(m.d98_gy) << std::setw(8) << fmt(m.d50_gy) << std::setw(8) << fmt(m.d2_gy)
        << std::setw(8) << fmt(m.homogeneity_index, 3);
      for (double v : extra_values[i]) o << std::setw(10) << fmt(v);
      if (m.outside_volume_cm3 > 0)
        o << "  (warning: " << fmt(m.outside_volume_cm3, 3) << " cm3 outside the dose grid)";
      o << "\n";
    }
    o << "(doses in Gy; V metrics in cm3; HI = (D2-D98)/D50)\n";
    if (conf) {
      o << "target " << target_name << " at " << fmt(conf->rx_gy) << " Gy: coverage "
        << fmt(100 * conf->tv_piv_cm3 / conf->tv_cm3, 1) << "%, RTOG CI " << fmt(conf->rtog_ci, 3)
        << ", Paddick CI " << fmt(conf->paddick_ci, 3) << ", GI " << fmt(conf->gradient_index, 3)
        << ", R50% " << fmt(conf->r50, 3) << ", D2cm " << fmt(conf->d2cm_gy) << " Gy ("
        << fmt(conf->d2cm_pct, 1) << "% of Rx)"
        << (conf->body_restricted ? ""
                                  : " [no body contour: isodose volumes over the whole dose grid]")
        << "\n";
    }
    int failed = 0;
    if (set) {
      o << "constraints: " << set->name << ", " << pd.fractions << " fraction(s)\n";
      for (const ConstraintResult& r : cons) {
        if (r.status == ConstraintResult::Status::not_applicable) continue;
        if (r.status == ConstraintResult::Status::fail) ++failed;
        o << "  " << std::left << std::setw(16) << r.constraint->organ << std::setw(10)
          << r.constraint->metric.text << std::setw(14) << r.structure << std::right;
        if (r.status == ConstraintResult::Status::pass ||
            r.status == ConstraintResult::Status::fail)
          o << std::setw(8) << fmt(r.value) << " <= " << std::setw(6) << fmt(r.limit) << " "
            << unit_name(r.constraint->unit) << "  ";
        o << to_string(r.status) << "\n";
      }
      int missing = 0;
      for (const ConstraintResult& r : cons)
        missing += r.status == ConstraintResult::Status::not_applicable;
      o << "  " << failed << " failed; " << missing
        << " constraint(s) not applicable (no matching structure)\n";
    }

    // ---- files
    if (!a->json.empty()) {
      nlohmann::json j;
      j["srtdose_version"] = SRTDOSE_VERSION;
      j["dose_file"] = a->dose;
      j["plan_file"] = a->plan;
      j["fractions"] = pd.fractions;
      j["prescription_gy"] = rx > 0 ? nlohmann::json(rx) : nlohmann::json(nullptr);
      j["structures"] = nlohmann::json::array();
      for (std::size_t i = 0; i < metrics.size(); ++i) {
        nlohmann::json s = to_json(metrics[i]);
        for (std::size_t k = 0; k < extra.size(); ++k)
          s["metrics"][extra[k].text] = number_or_null(extra_values[i][k]);
        s["cumulative_dvh"] = cumulative_dvh_json(dvhs[i], options.bin_gy);
        j["structures"].push_back(s);
      }
      if (conf) j["conformity"] = to_json(*conf), j["conformity"]["target"] = target_name;
      if (set) {
        j["constraints"]["set"] = set->name;
        j["constraints"]["citation"] = set->citation;
        j["constraints"]["results"] = nlohmann::json::array();
        for (const ConstraintResult& r : cons) j["constraints"]["results"].push_back(to_json(r));
      }
      write_text_file(a->json, j.dump(1) + "\n");
    }
    if (!a->csv.empty()) {
      std::vector<std::string> names;
      for (const DvhMetric& m : extra) names.push_back(m.text);
      write_text_file(a->csv, metrics_csv(metrics, names, extra_values));
    }
    if (!a->dvh_csv.empty()) {
      std::ostringstream c;
      c << "dose_gy";
      for (const Dvh& d : dvhs) c << "," << d.name << "_cm3";
      c << "\n";
      std::vector<std::vector<DvhBin>> bins;
      std::size_t n = 0;
      for (const Dvh& d : dvhs)
        bins.push_back(d.cumulative(options.bin_gy)), n = std::max(n, bins.back().size());
      c.precision(7);
      for (std::size_t b = 0; b < n; ++b) {
        c << b * options.bin_gy;
        for (const auto& col : bins) c << "," << (b < col.size() ? col[b].volume_cm3 : 0.0);
        c << "\n";
      }
      write_text_file(a->dvh_csv, c.str());
    }
    if (!a->plot.empty()) {
      PlotSpec p;
      p.title = "Cumulative DVH: " + pd.plan.name;
      p.x_label = "Dose (Gy)";
      p.y_label = "Volume (%)";
      for (const Dvh& d : dvhs) {
        PlotSeries s;
        s.label = d.name;
        for (const DvhBin& b : d.cumulative(std::max(options.bin_gy, d.max_gy / 400))) {
          s.x.push_back(b.dose_gy);
          s.y.push_back(100 * b.volume_cm3 / d.volume_cm3);
        }
        p.series.push_back(std::move(s));
      }
      write_text_file(a->plot, svg_plot(p));
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    o << dvhs.size() << " DVH(s) in " << fmt(s, 3) << " s\n";
  });
}

}  // namespace srtdose::cli
