// `srtdose bed DOSE.h5 --plan PLAN.json --schemes ...`: BED/EQD2 of the plan, fractionation
// schemes compared on the same dose distribution, iso-effective prescriptions (an adapter over
// run_qa: options in, the report as a table and files out).
#include <algorithm>
#include <iomanip>
#include <sstream>

#include "host/cli/commands.h"
#include "host/cli/text_format.h"
#include "host/io/atomic_output.h"
#include "host/io/hdf5_file.h"
#include "host/plan/patient_io.h"
#include "host/qa/gamma_io.h"
#include "host/qa/qa_json.h"
#include "host/qa/qa_plots.h"
#include "host/qa/qa_request.h"

namespace srtdose::cli {

namespace {

struct BedArgs {
  std::string dose, plan, dataset = "dose", schemes, model = "lq", constraints = "tg101",
                          tumour = "", alpha_beta_file, iso_scheme, output, json, csv, plot;
  double tumour_ab = 0, oar_ab = 0, lql_dt = 6.0, usc_alpha = 0.33, usc_d0 = 1.25, usc_dq = 1.8,
         iso_bed = 0, rx_gy = 0;
  bool no_constraints = false;
};

std::string fmt(double v, int prec = 1) {
  return fixed(v, prec);
}

void print_schemes(std::ostream& o, const std::vector<SchemeResult>& rows) {
  o << std::right << std::setw(10) << "scheme" << std::setw(8) << "total" << std::setw(8) << "D98"
    << std::setw(8) << "D50" << std::setw(10) << "BED(D98)" << std::setw(10) << "BED(D50)"
    << std::setw(11) << "BED(mean)" << std::setw(11) << "EQD2(D50)"
    << "  constraints\n";
  for (const SchemeResult& r : rows) {
    std::ostringstream label;
    label << r.scheme.fractions << "x" << fmt(r.scheme.dose_per_fraction_gy, 2);
    o << std::setw(10) << label.str() << std::setw(8) << fmt(r.scheme.total_gy()) << std::setw(8)
      << fmt(r.target.d98_gy) << std::setw(8) << fmt(r.target.d50_gy) << std::setw(10)
      << fmt(r.target.bed_d98_gy) << std::setw(10) << fmt(r.target.bed_d50_gy) << std::setw(11)
      << fmt(r.target.bed_mean_gy) << std::setw(11) << fmt(r.target.eqd2_d50_gy) << "  ";
    if (r.evaluated == 0) {
      o << "none for " << r.scheme.fractions << " fx";
    } else {
      o << (r.failed == 0
                ? "all " + std::to_string(r.evaluated) + " pass"
                : std::to_string(r.failed) + " of " + std::to_string(r.evaluated) + " FAIL:");
      for (const ConstraintResult& c : r.constraints)
        if (c.status == ConstraintResult::Status::fail)
          o << " " << c.constraint->organ << " " << c.constraint->metric.text << " "
            << fmt(c.value, 2) << ">" << fmt(c.limit, 2);
    }
    o << "\n";
  }
}

}  // namespace

void add_bed_command(CLI::App& app, Streams io) {
  CLI::App* sub = app.add_subcommand(
      "bed", "BED/EQD2 of a plan dose and comparison of fractionation schemes (LQ, LQ-L, USC)");
  auto a = std::make_shared<BedArgs>();
  sub->add_option("dose", a->dose, "Dose file (HDF5, /dose in Gy, total over all fractions)")
      ->required();
  sub->add_option("--plan", a->plan, "Plan file (structures, prescription, fractions)")->required();
  sub->add_option("--dataset", a->dataset, "Dose dataset in the file")->capture_default_str();
  sub->add_option("--schemes", a->schemes,
                  "Schemes to compare, FRACTIONSxGY, e.g. 1x24,3x15,5x10,8x7.5");
  sub->add_option("--model", a->model, "lq, lq-l or usc")->capture_default_str();
  sub->add_option("--tumour", a->tumour,
                  "Named tumour alpha/beta from the table (e.g. rcc = 2.6 Gy)");
  sub->add_option("--tumour-ab", a->tumour_ab, "Tumour alpha/beta (Gy); default 10");
  sub->add_option("--oar-ab", a->oar_ab, "alpha/beta of OARs not in the table (Gy); default 3");
  sub->add_option("--alpha-beta-table", a->alpha_beta_file, "alpha/beta table (JSON)");
  sub->add_option("--lql-dt", a->lql_dt, "LQ-L transition dose per fraction (Gy)")
      ->capture_default_str();
  sub->add_option("--usc-alpha", a->usc_alpha, "USC alpha (1/Gy)")->capture_default_str();
  sub->add_option("--usc-d0", a->usc_d0, "USC D0 (Gy)")->capture_default_str();
  sub->add_option("--usc-dq", a->usc_dq, "USC Dq (Gy)")->capture_default_str();
  sub->add_option("--iso-bed", a->iso_bed,
                  "Target BED (Gy) for iso-effective prescriptions; default: the plan's");
  sub->add_option("--iso-scheme", a->iso_scheme, "Match the prescription BED of this scheme");
  sub->add_option("--rx", a->rx_gy, "Prescription dose (Gy, total); default: the plan's");
  sub->add_option("--constraints", a->constraints, "Constraint set (name or file)")
      ->capture_default_str();
  sub->add_flag("--no-constraints", a->no_constraints, "Skip the constraint check");
  sub->add_option("-o,--output", a->output, "Write voxel BED and EQD2 maps of the plan (HDF5)");
  sub->add_option("--json", a->json, "Write the results (JSON)");
  sub->add_option("--csv", a->csv, "Write the scheme table (CSV)");
  sub->add_option("--plot", a->plot, "Write a target-BED-per-scheme plot (SVG)");
  sub->callback([io, a] {
    QaRequest req;
    BedRequest& b = req.bed.emplace();
    b.model.model = bed_model_by_name(a->model);
    b.model.lql_transition_gy = a->lql_dt;
    b.model.usc_alpha_per_gy = a->usc_alpha, b.model.usc_d0_gy = a->usc_d0;
    b.model.usc_dq_gy = a->usc_dq;
    b.tumour = a->tumour;
    b.tumour_alpha_beta_gy = a->tumour_ab;
    b.oar_alpha_beta_gy = a->oar_ab;
    b.alpha_beta_table = a->alpha_beta_file;
    if (!a->schemes.empty()) b.schemes = Scheme::parse_list(a->schemes);
    if (!a->iso_scheme.empty()) b.iso_scheme = Scheme::parse(a->iso_scheme);
    b.iso_bed_gy = a->iso_bed;
    b.maps = !a->output.empty();
    req.rx_gy = a->rx_gy;
    req.constraints = a->no_constraints ? "" : a->constraints;
    req.validate();
    const PlanDose pd = load_plan_dose(a->dose, a->plan, a->dataset);
    const QaReport r = run_qa(pd, req, a->plan);
    const BedReport& bed = *r.bed;

    std::ostream& o = io.out;
    o << "model " << to_string(bed.base.model) << "; plan " << bed.planned.fractions << " x "
      << fmt(bed.planned.dose_per_fraction_gy, 2) << " Gy; target "
      << r.dvhs[static_cast<std::size_t>(r.target_index)].name << " alpha/beta "
      << fmt(bed.target.effective_alpha_beta_gy(), 2) << " Gy; prescription BED "
      << fmt(bed.prescription_bed_gy) << " Gy\n";
    o << std::left << std::setw(16) << "structure" << std::right << std::setw(6) << "a/b"
      << std::setw(10) << "BED D98" << std::setw(10) << "BED D50" << std::setw(10) << "BED mean"
      << std::setw(13) << "BED 0.035cc" << std::setw(14) << "EQD2 0.035cc"
      << "\n";
    for (const StructureBed& s : bed.structures)
      o << std::left << std::setw(16) << s.name << std::right << std::setw(6)
        << fmt(s.tissue.effective_alpha_beta_gy()) << std::setw(10) << fmt(s.bed_d98_gy)
        << std::setw(10) << fmt(s.bed_d50_gy) << std::setw(10) << fmt(s.bed_mean_gy)
        << std::setw(13) << fmt(s.bed_near_max_gy) << std::setw(14) << fmt(s.eqd2_near_max_gy)
        << "\n";
    if (!bed.compared.empty()) {
      o << "schemes (plan scaled so the prescription is the scheme total; BED of the target):\n";
      print_schemes(o, bed.compared);
    }
    o << "iso-effective prescriptions (prescription BED " << fmt(bed.iso_bed_gy)
      << " Gy, alpha/beta " << fmt(bed.target.effective_alpha_beta_gy(), 2) << " Gy):\n";
    print_schemes(o, bed.iso_effective);

    if (!a->output.empty()) {
      AtomicOutput out(a->output);
      {
        H5File f = H5File::create(out);
        write_provenance(f, pd.plan.name);
        f.write_volume("/bed", *bed.bed_map);
        f.write_volume("/eqd2", *bed.eqd2_map);
        f.write_volume("/alpha_beta", *bed.alpha_beta_map);
        f.write_attr("/bed", "model", std::string(to_string(bed.base.model)));
        f.write_attr("/bed", "fractions", static_cast<std::int64_t>(pd.fractions));
        f.write_attr("/bed", "units", std::string("Gy"));
        f.close();
      }
      out.commit();
      o << "wrote " << a->output << "\n";
    }
    if (!a->json.empty())
      write_text_file(a->json, bed_report_json(r, {a->dose, a->plan}).dump(1) + "\n");
    if (!a->csv.empty()) write_text_file(a->csv, bed_schemes_csv(bed));
    if (!a->plot.empty()) write_text_file(a->plot, svg_plot(bed_plot(bed)));
  });
}

}  // namespace srtdose::cli
