// `srtdose dvh DOSE.h5 --plan PLAN.json`: DVHs, stereotactic metrics and OAR constraints (an
// adapter over run_qa: options in, the report as a table and files out).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "host/cli/commands.h"
#include "host/cli/text_format.h"
#include "host/qa/gamma_io.h"
#include "host/qa/qa_json.h"
#include "host/qa/qa_plots.h"
#include "host/qa/qa_request.h"

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
    QaRequest req;
    req.dvh.bin_gy = a->bin_gy;
    req.dvh.supersample = a->supersample;
    req.metrics = split_list(a->metrics);
    req.structures = split_list(a->structures);
    req.rx_gy = a->rx_gy;
    req.constraints = a->no_constraints ? "" : a->constraints;
    req.validate();
    const PlanDose pd = load_plan_dose(a->dose, a->plan, a->dataset);
    const QaReport r = run_qa(pd, req, a->plan);

    // ---- table
    std::ostream& o = io.out;
    o << "plan " << r.plan_name << ": " << r.fractions << " fraction(s)";
    if (r.rx_gy > 0) o << ", prescription " << fmt(r.rx_gy) << " Gy";
    o << "; dose max " << fmt(r.dose_max_gy) << " Gy\n";
    o << std::left << std::setw(16) << "structure" << std::right << std::setw(10) << "vol cm3"
      << std::setw(8) << "Dmin" << std::setw(8) << "Dmean" << std::setw(8) << "Dmax"
      << std::setw(10) << "D0.035cc" << std::setw(8) << "D98%" << std::setw(8) << "D50%"
      << std::setw(8) << "D2%" << std::setw(8) << "HI";
    for (const std::string& m : r.metric_names) o << std::setw(10) << m;
    o << "\n";
    for (std::size_t i = 0; i < r.metrics.size(); ++i) {
      const StructureMetrics& m = r.metrics[i];
      o << std::left << std::setw(16) << m.name << std::right << std::setw(10)
        << fmt(m.volume_cm3, 3) << std::setw(8) << fmt(m.dmin_gy) << std::setw(8) << fmt(m.dmean_gy)
        << std::setw(8) << fmt(m.dmax_gy) << std::setw(10) << fmt(m.d0_035cc_gy) << std::setw(8)
        << fmt(m.d98_gy) << std::setw(8) << fmt(m.d50_gy) << std::setw(8) << fmt(m.d2_gy)
        << std::setw(8) << fmt(m.homogeneity_index, 3);
      for (double v : r.metric_values[i]) o << std::setw(10) << fmt(v);
      if (m.outside_volume_cm3 > 0)
        o << "  (warning: " << fmt(m.outside_volume_cm3, 3) << " cm3 outside the dose grid)";
      o << "\n";
    }
    o << "(doses in Gy; V metrics in cm3; HI = (D2-D98)/D50)\n";
    if (r.conformity) {
      const ConformityMetrics& c = *r.conformity;
      o << "target " << r.conformity_target << " at " << fmt(c.rx_gy) << " Gy: coverage "
        << fmt(100 * c.tv_piv_cm3 / c.tv_cm3, 1) << "%, RTOG CI " << fmt(c.rtog_ci, 3)
        << ", Paddick CI " << fmt(c.paddick_ci, 3) << ", GI " << fmt(c.gradient_index, 3)
        << ", R50% " << fmt(c.r50, 3) << ", D2cm " << fmt(c.d2cm_gy) << " Gy ("
        << fmt(c.d2cm_pct, 1) << "% of Rx)"
        << (c.body_restricted ? "" : " [no body contour: isodose volumes over the whole dose grid]")
        << "\n";
    }
    if (r.constraint_set) {
      int failed = 0;
      o << "constraints: " << r.constraint_set->name << ", " << r.fractions << " fraction(s)\n";
      for (const ConstraintResult& c : r.constraints) {
        if (c.status == ConstraintResult::Status::not_applicable) continue;
        if (c.status == ConstraintResult::Status::fail) ++failed;
        o << "  " << std::left << std::setw(16) << c.constraint->organ << std::setw(10)
          << c.constraint->metric.text << std::setw(14) << c.structure << std::right;
        if (c.status == ConstraintResult::Status::pass ||
            c.status == ConstraintResult::Status::fail)
          o << std::setw(8) << fmt(c.value) << " <= " << std::setw(6) << fmt(c.limit) << " "
            << unit_name(c.constraint->unit) << "  ";
        o << to_string(c.status) << "\n";
      }
      int missing = 0;
      for (const ConstraintResult& c : r.constraints)
        missing += c.status == ConstraintResult::Status::not_applicable;
      o << "  " << failed << " failed; " << missing
        << " constraint(s) not applicable (no matching structure)\n";
    }

    // ---- files
    if (!a->json.empty())
      write_text_file(a->json,
                      dvh_report_json(r, req.dvh.bin_gy, {a->dose, a->plan}).dump(1) + "\n");
    if (!a->csv.empty())
      write_text_file(a->csv, metrics_csv(r.metrics, r.metric_names, r.metric_values));
    if (!a->dvh_csv.empty())
      write_text_file(a->dvh_csv, cumulative_dvh_csv(r.dvhs, req.dvh.bin_gy));
    if (!a->plot.empty())
      write_text_file(a->plot,
                      svg_plot(dvh_plot(r.dvhs, req.dvh.bin_gy, "Cumulative DVH: " + r.plan_name)));
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    o << r.dvhs.size() << " DVH(s) in " << fmt(s, 3) << " s\n";
  });
}

}  // namespace srtdose::cli
