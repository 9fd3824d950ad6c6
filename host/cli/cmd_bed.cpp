// `srtdose bed DOSE.h5 --plan PLAN.json --schemes ...`: BED/EQD2 of the plan, fractionation
// schemes compared on the same dose distribution, iso-effective prescriptions.
#include <algorithm>
#include <iomanip>
#include <sstream>

#include "host/cli/commands.h"
#include "host/cli/text_format.h"
#include "host/core/error.h"
#include "host/core/resample.h"
#include "host/io/atomic_output.h"
#include "host/io/gamma_io.h"
#include "host/io/hdf5_file.h"
#include "host/io/patient_io.h"
#include "host/io/qa_json.h"
#include "host/io/svg_plot.h"
#include "host/qa/fractionation.h"
#include "host/qa/plan_dose.h"
#include "host/qa/structure_names.h"
#include "host/qa/tissue_table.h"
#include "srtdose/config.h"

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
    TissueModel base;
    base.model = bed_model_by_name(a->model);
    base.lql_transition_gy = a->lql_dt;
    base.usc_alpha_per_gy = a->usc_alpha, base.usc_d0_gy = a->usc_d0, base.usc_dq_gy = a->usc_dq;
    TissueTable table =
        a->alpha_beta_file.empty() ? TissueTable::builtin() : TissueTable::load(a->alpha_beta_file);
    if (!a->tumour.empty()) {
      const auto it = table.target_options.find(a->tumour);
      if (it == table.target_options.end())
        throw InputError("--tumour: '" + a->tumour + "' is not in " + table.file.string());
      table.target_alpha_beta_gy = it->second;
    }
    if (a->tumour_ab != 0) table.target_alpha_beta_gy = a->tumour_ab;
    if (a->oar_ab != 0) table.default_alpha_beta_gy = a->oar_ab;
    if (!(table.target_alpha_beta_gy > 0) || !(table.default_alpha_beta_gy > 0))
      throw InputError("alpha/beta must be > 0 Gy");
    base.alpha_beta_gy = table.target_alpha_beta_gy;
    base.validate();

    const PlanDose pd = load_plan_dose(a->dose, a->plan, a->dataset);
    if (pd.fractions < 1) throw InputError(a->plan + ": zero fractions");
    double rx = a->rx_gy > 0 ? a->rx_gy : (pd.prescription ? pd.prescription->dose_gy : 0.0);
    if (!(rx > 0))
      throw InputError(a->plan + ": no prescription; give one in the plan or with --rx");
    if (!pd.prescription) throw InputError(a->plan + ": no prescription target");
    std::optional<ConstraintSet> set;
    if (!a->no_constraints) set = ConstraintSet::load(find_constraint_set(a->constraints));

    const auto structures = select_structures(pd.patient, {});
    DvhOptions options;
    FractionationInput in;
    in.dvhs = structure_dvhs(pd, structures, options);
    in.target_index = prescription_target_index(pd, in.dvhs);
    if (in.target_index < 0)
      throw InputError(a->plan + ": prescription target '" + pd.prescription->target +
                       "' is not a structure");
    in.rx_total_gy = rx;
    for (std::size_t i = 0; i < in.dvhs.size(); ++i) {
      const bool target = static_cast<int>(i) == in.target_index || is_target_name(in.dvhs[i].name);
      in.tissues.push_back(tissue_model_for(table, in.dvhs[i].name, target, base));
      in.tissues.back().validate();
    }
    in.constraints = set ? &*set : nullptr;
    const TissueModel& tt = in.tissues[static_cast<std::size_t>(in.target_index)];

    // The plan as prescribed.
    Scheme planned;
    planned.fractions = pd.fractions;
    planned.dose_per_fraction_gy = rx / pd.fractions;
    std::ostream& o = io.out;
    o << "model " << to_string(base.model) << "; plan " << planned.fractions << " x "
      << fmt(planned.dose_per_fraction_gy, 2) << " Gy; target " << in.dvhs[in.target_index].name
      << " alpha/beta " << fmt(tt.effective_alpha_beta_gy(), 2) << " Gy; prescription BED "
      << fmt(bed_gy(planned.fractions, planned.dose_per_fraction_gy, tt)) << " Gy\n";
    std::vector<StructureBed> beds;
    o << std::left << std::setw(16) << "structure" << std::right << std::setw(6) << "a/b"
      << std::setw(10) << "BED D98" << std::setw(10) << "BED D50" << std::setw(10) << "BED mean"
      << std::setw(13) << "BED 0.035cc" << std::setw(14) << "EQD2 0.035cc"
      << "\n";
    for (std::size_t i = 0; i < in.dvhs.size(); ++i) {
      beds.push_back(structure_bed(in.dvhs[i], in.tissues[i], pd.fractions));
      const StructureBed& b = beds.back();
      o << std::left << std::setw(16) << b.name << std::right << std::setw(6)
        << fmt(b.tissue.effective_alpha_beta_gy()) << std::setw(10) << fmt(b.bed_d98_gy)
        << std::setw(10) << fmt(b.bed_d50_gy) << std::setw(10) << fmt(b.bed_mean_gy)
        << std::setw(13) << fmt(b.bed_near_max_gy) << std::setw(14) << fmt(b.eqd2_near_max_gy)
        << "\n";
    }

    std::vector<SchemeResult> compared, iso;
    if (!a->schemes.empty()) {
      compared = compare_schemes(in, Scheme::parse_list(a->schemes));
      o << "schemes (plan scaled so the prescription is the scheme total; BED of the target):\n";
      print_schemes(o, compared);
    }
    double iso_bed = bed_gy(planned.fractions, planned.dose_per_fraction_gy, tt);
    if (!a->iso_scheme.empty()) {
      const Scheme s = Scheme::parse(a->iso_scheme);
      iso_bed = bed_gy(s.fractions, s.dose_per_fraction_gy, tt);
    }
    if (a->iso_bed < 0) throw InputError("--iso-bed must be > 0 Gy");
    if (a->iso_bed > 0) iso_bed = a->iso_bed;
    std::vector<int> ns{1, 3, 5, 8, pd.fractions};
    for (const SchemeResult& r : compared) ns.push_back(r.scheme.fractions);
    iso = iso_effective_schemes(in, iso_bed, ns);
    o << "iso-effective prescriptions (prescription BED " << fmt(iso_bed) << " Gy, alpha/beta "
      << fmt(tt.effective_alpha_beta_gy(), 2) << " Gy):\n";
    print_schemes(o, iso);

    if (!a->output.empty()) {
      // Voxel maps: each voxel takes the tissue of the first structure covering at least half
      // of it: the prescription target, other targets, then organs from the smallest up (so
      // an organ inside BODY keeps its own alpha/beta); elsewhere the default alpha/beta.
      const Grid3& g = pd.dose.grid();
      std::vector<int> order;
      for (int i = 0; i < static_cast<int>(in.dvhs.size()); ++i) order.push_back(i);
      auto rank = [&](int i) {
        return i == in.target_index ? 0 : is_target_name(in.dvhs[i].name) ? 1 : 2;
      };
      std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
        if (rank(x) != rank(y)) return rank(x) < rank(y);
        return in.dvhs[x].volume_cm3 < in.dvhs[y].volume_cm3;
      });
      Volume<float> bed(g), eqd2(g), ab(g);
      std::vector<Volume<float>> masks;
      for (int i : order)
        masks.push_back(
            structures[static_cast<std::size_t>(i)]->fraction.grid() == g
                ? structures[static_cast<std::size_t>(i)]->fraction
                : resample_trilinear(structures[static_cast<std::size_t>(i)]->fraction, g, 0.0f));
      TissueModel other = base;
      other.model = base.model == BedModel::usc ? BedModel::lq : base.model;
      other.alpha_beta_gy = table.default_alpha_beta_gy;
      for (std::int64_t v = 0; v < g.size(); ++v) {
        const TissueModel* t = &other;
        for (std::size_t m = 0; m < order.size(); ++m)
          if (masks[m][v] >= 0.5f) {
            t = &in.tissues[static_cast<std::size_t>(order[m])];
            break;
          }
        const double b = bed_gy(pd.fractions, pd.dose[v] / pd.fractions, *t);
        bed[v] = static_cast<float>(b);
        eqd2[v] = static_cast<float>(eqd2_gy(b, t->effective_alpha_beta_gy()));
        ab[v] = static_cast<float>(t->effective_alpha_beta_gy());
      }
      AtomicOutput out(a->output);
      {
        H5File f = H5File::create(out);
        write_provenance(f, pd.plan.name);
        f.write_volume("/bed", bed);
        f.write_volume("/eqd2", eqd2);
        f.write_volume("/alpha_beta", ab);
        f.write_attr("/bed", "model", std::string(to_string(base.model)));
        f.write_attr("/bed", "fractions", static_cast<std::int64_t>(pd.fractions));
        f.write_attr("/bed", "units", std::string("Gy"));
        f.close();
      }
      out.commit();
      o << "wrote " << a->output << "\n";
    }
    if (!a->json.empty()) {
      nlohmann::json j;
      j["srtdose_version"] = SRTDOSE_VERSION;
      j["dose_file"] = a->dose;
      j["plan_file"] = a->plan;
      j["model"] = to_string(base.model);
      j["alpha_beta_table"] = table.file.string();
      j["fractions"] = pd.fractions;
      j["prescription_gy"] = rx;
      j["prescription_bed_gy"] = bed_gy(planned.fractions, planned.dose_per_fraction_gy, tt);
      j["structures"] = nlohmann::json::array();
      for (std::size_t i = 0; i < beds.size(); ++i) {
        nlohmann::json sj = to_json(beds[i]);
        // BED-volume histogram: BED is monotone in dose, so the DVH's knots map one to one.
        const Dvh& d = in.dvhs[i];
        const std::size_t n = d.knot_dose_gy().size(), step = std::max<std::size_t>(1, n / 400);
        nlohmann::json bx = nlohmann::json::array(), vx = nlohmann::json::array();
        for (std::size_t k = 0; k < n; k += step) {
          bx.push_back(bed_gy(pd.fractions, d.knot_dose_gy()[k] / pd.fractions, in.tissues[i]));
          vx.push_back(d.knot_volume_cm3()[k]);
        }
        sj["cumulative_bvh"] = {{"bed_gy", bx}, {"volume_cm3", vx}};
        j["structures"].push_back(sj);
      }
      j["schemes"] = nlohmann::json::array();
      for (const SchemeResult& r : compared) j["schemes"].push_back(to_json(r));
      j["iso_effective"]["bed_gy"] = iso_bed;
      j["iso_effective"]["schemes"] = nlohmann::json::array();
      for (const SchemeResult& r : iso) j["iso_effective"]["schemes"].push_back(to_json(r));
      write_text_file(a->json, j.dump(1) + "\n");
    }
    if (!a->csv.empty())
      write_text_file(
          a->csv, schemes_csv(compared, "scheme") + [&] {
            std::string s = schemes_csv(iso, "iso_effective");
            return s.substr(s.find('\n') + 1);
          }());
    if (!a->plot.empty()) {
      PlotSpec p;
      p.title = "Target BED per scheme (" + std::string(to_string(base.model)) + ", alpha/beta " +
                fmt(tt.effective_alpha_beta_gy(), 1) + " Gy)";
      p.x_label = "Number of fractions";
      p.y_label = "BED (Gy)";
      PlotSeries d98{"BED of D98%", {}, {}, false, true}, d50{"BED of D50%", {}, {}, false, true},
          isos{"iso-effective Rx", {}, {}, true, false};
      for (const SchemeResult& r : compared) {
        d98.x.push_back(r.scheme.fractions), d98.y.push_back(r.target.bed_d98_gy);
        d50.x.push_back(r.scheme.fractions), d50.y.push_back(r.target.bed_d50_gy);
      }
      for (const SchemeResult& r : iso)
        isos.x.push_back(r.scheme.fractions), isos.y.push_back(r.target.bed_d50_gy);
      p.series = {d98, d50, isos};
      p.horizontal_lines.push_back({"prescription BED " + fmt(iso_bed) + " Gy", iso_bed});
      p.horizontal_lines.push_back({"BED 100 Gy", 100});
      write_text_file(a->plot, svg_plot(p));
    }
  });
}

}  // namespace srtdose::cli
