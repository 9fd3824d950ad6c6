#include "host/check/plan_check.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "host/check/html.h"
#include "host/check/slice_render.h"
#include "host/core/error.h"
#include "host/core/resample.h"
#include "host/engine/compute_dose.h"
#include "host/engine/dose_file.h"
#include "host/engine/engine_registry.h"
#include "host/geometry/iec61217.h"
#include "host/io/svg_plot.h"
#include "host/qa/constraints.h"
#include "host/qa/dvh.h"
#include "host/qa/dvh_metric.h"
#include "host/qa/gamma_io.h"
#include "host/qa/qa_request.h"
#include "host/qa/radiobiology.h"
#include "host/qa/structure_names.h"
#include "host/qa/tissue_table.h"
#include "srtdose/config.h"

namespace srtdose {

namespace fs = std::filesystem;

std::string CheckOptions::fingerprint() const {
  std::ostringstream o;
  o << "srtdose " << SRTDOSE_VERSION << "; gamma " << gamma.describe() << "; pass " << pass_rate_pct
    << "; sbrt " << stereotactic_gy_per_fraction << "; " << dose.describe() << "; machine "
    << machine_file.string() << "; constraints " << constraints;
  for (const auto& m : machines)
    o << "; map " << m.treatment_machine << " " << m.energy_mv << " " << m.fluence << " "
      << m.machine;
  return o.str();
}

nlohmann::json PlanCheck::to_json() const {
  nlohmann::json j{{"label", label},
                   {"plan_name", plan_name},
                   {"plan_uid", plan_uid},
                   {"patient_id", patient_id},
                   {"plan_file", plan_file},
                   {"status", status},
                   {"error", error},
                   {"largest_metric_diff_pct", largest_metric_diff_pct},
                   {"largest_metric", largest_metric},
                   {"constraints_failed", constraints_failed},
                   {"seconds", seconds},
                   {"input_hash", input_hash}};
  j["gamma_pass_pct"] = gamma_pct ? nlohmann::json(*gamma_pct) : nlohmann::json(nullptr);
  j["gamma_stereotactic_pass_pct"] =
      gamma_stereotactic_pct ? nlohmann::json(*gamma_stereotactic_pct) : nlohmann::json(nullptr);
  return j;
}

PlanCheck PlanCheck::from_json(const nlohmann::json& j) {
  PlanCheck p;
  p.label = j.at("label"), p.plan_name = j.at("plan_name"), p.plan_uid = j.at("plan_uid");
  p.patient_id = j.at("patient_id"), p.plan_file = j.at("plan_file"), p.status = j.at("status");
  p.error = j.at("error"), p.largest_metric_diff_pct = j.at("largest_metric_diff_pct");
  p.largest_metric = j.at("largest_metric"), p.constraints_failed = j.at("constraints_failed");
  p.seconds = j.at("seconds"), p.input_hash = j.at("input_hash");
  if (!j.at("gamma_pass_pct").is_null()) p.gamma_pct = j.at("gamma_pass_pct").get<double>();
  if (!j.at("gamma_stereotactic_pass_pct").is_null())
    p.gamma_stereotactic_pct = j.at("gamma_stereotactic_pass_pct").get<double>();
  return p;
}

std::string plan_label(const dicom::PlanFiles& f) {
  std::string s = f.plan->path.parent_path().filename().string() + "_" +
                  f.plan->path.stem().string() + "_" +
                  (f.plan->sop_uid.size() > 8 ? f.plan->sop_uid.substr(f.plan->sop_uid.size() - 8)
                                              : f.plan->sop_uid);
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') c = '_';
  return s;
}

std::string input_hash(const dicom::PlanFiles& f, const CheckOptions& o) {
  // FNV-1a, 64 bit, over the options and every input file's bytes.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](const char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      h = (h ^ static_cast<unsigned char>(p[i])) * 1099511628211ull;
  };
  const std::string opt = o.fingerprint();
  mix(opt.data(), opt.size());
  std::vector<fs::path> files{f.plan->path};
  if (f.structure_set) files.push_back(f.structure_set->path);
  if (f.dose) files.push_back(f.dose->path);
  files.insert(files.end(), f.ct_files.begin(), f.ct_files.end());
  if (!o.machine_file.empty()) files.push_back(o.machine_file);
  std::vector<char> buf(1 << 16);
  for (const fs::path& p : files) {
    std::ifstream in(p, std::ios::binary);
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
      mix(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

namespace {

struct MetricRow {
  std::string structure, metric;
  double tps = 0, ours = 0, diff_pct = 0;
};

}  // namespace

PlanCheck check_plan(const dicom::PlanFiles& files, const CheckOptions& o,
                     const fs::path& out_dir) {
  const auto t0 = std::chrono::steady_clock::now();
  PlanCheck r;
  r.label = plan_label(files);
  r.plan_uid = files.plan->sop_uid;
  r.patient_id = files.plan->patient_id;
  r.plan_file = files.plan->path.string();
  r.input_hash = input_hash(files, o);
  HtmlReport html("srtdose check: " + r.label);
  try {
    dicom::ImportedCase c = dicom::import_case(files, o.machines, HuCalibration::generic());
    Plan& plan = c.imported.plan;
    r.plan_name = plan.name;
    // --machine is for plans mapped to a built-in machine; a plan mapped to a file uses it.
    DoseRequest request;
    request.plan_path = files.plan->path.string();
    request.machine = fs::is_regular_file(plan.machine) ? std::string() : o.machine_file.string();
    request.options = o.dose;
    request.patient = &c.patient;
    // Computed at the TPS dose grid's resolution over the whole CT, then onto that grid.
    const Grid3 grid = c.tps_dose ? c.tps_dose->dose.grid() : c.patient.grid();
    request.dose_grid = grid;
    const auto t_dose = std::chrono::steady_clock::now();
    const DoseResult dr = compute_dose(plan, request);
    const Volume<float>& ours = dr.dose;
    const double dose_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_dose).count();
    fs::create_directories(out_dir);
    write_dose_file(out_dir / "srtdose_dose.h5", plan, dr);
    const bool have_tps = c.tps_dose && c.tps_dose->units == "GY";
    const double rx = plan.prescription ? plan.prescription->dose_gy : 0;
    const double tps_max = have_tps ? c.tps_dose->dose.max_value() : ours.max_value();
    const double ref = rx > 0 ? rx : tps_max;
    const bool stereotactic = tps_max / plan.fractions >= o.stereotactic_gy_per_fraction;

    // Gamma against the TPS.
    std::optional<GammaResult> g, gs;
    if (have_tps) {
      g = gamma_index(c.tps_dose->dose, ours, o.gamma, o.dose.device);
      r.gamma_pct = g->pass_rate_pct;
      if (stereotactic) {
        gs = gamma_index(c.tps_dose->dose, ours, GammaOptions::preset("2%/1mm"), o.dose.device);
        r.gamma_stereotactic_pct = gs->pass_rate_pct;
      }
    }

    // DVH metrics and constraints for the plan's fraction number, srtdose and TPS: the QA
    // front door on both doses (structures of zero volume left out).
    QaRequest qa;
    qa.constraints = o.constraints;
    qa.conformity = false;
    qa.skip_empty_structures = true;
    const QaReport qa_ours = run_qa(plan, c.patient, ours, qa, r.plan_file);
    std::optional<QaReport> qa_tps;
    if (have_tps) qa_tps = run_qa(plan, c.patient, c.tps_dose->dose, qa, r.plan_file);
    const std::vector<Dvh>& dvh_ours = qa_ours.dvhs;
    const ConstraintSet& set = *qa_ours.constraint_set;
    const std::vector<ConstraintResult>& cons = qa_ours.constraints;
    const std::vector<ConstraintResult> cons_tps =
        qa_tps ? qa_tps->constraints : std::vector<ConstraintResult>{};
    std::vector<MetricRow> rows;
    PlotSpec plot;
    plot.title = "DVH: srtdose (solid) and TPS (dashed)";
    plot.x_label = "dose (Gy)";
    plot.y_label = "volume (%)";
    for (std::size_t i = 0; i < dvh_ours.size(); ++i) {
      const std::string& name = dvh_ours[i].name;
      for (int which = 0; which < (have_tps ? 2 : 1); ++which) {
        const Dvh& d = which == 0 ? dvh_ours[i] : qa_tps->dvhs[i];
        PlotSeries ps{
            name + (which == 0 ? "" : " (TPS)"), {}, {}, which == 1, false, static_cast<int>(i)};
        for (const DvhBin& b : d.cumulative(std::max(0.05, tps_max / 400))) {
          ps.x.push_back(b.dose_gy);
          ps.y.push_back(100 * b.volume_cm3 / d.volume_cm3);
        }
        plot.series.push_back(std::move(ps));
      }
      if (!have_tps) continue;
      const StructureMetrics& mo = qa_ours.metrics[i];
      const StructureMetrics& mt = qa_tps->metrics[i];
      const bool target = is_target_name(name);
      auto add = [&](const char* metric, double t, double u) {
        MetricRow m{name, metric, t, u, 100 * (u - t) / ref};
        if (std::abs(m.diff_pct) > std::abs(r.largest_metric_diff_pct)) {
          r.largest_metric_diff_pct = m.diff_pct;
          r.largest_metric = name + " " + metric;
        }
        rows.push_back(m);
      };
      if (target) {
        add("D98%", mt.d98_gy, mo.d98_gy);
        add("D50%", mt.d50_gy, mo.d50_gy);
        add("D2%", mt.d2_gy, mo.d2_gy);
      }
      add("Dmean", mt.dmean_gy, mo.dmean_gy);
      add("D0.035cc", mt.d0_035cc_gy, mo.d0_035cc_gy);
    }
    for (const auto& cr : cons) r.constraints_failed += cr.status == ConstraintResult::Status::fail;

    if (!have_tps)
      r.status = "no-reference";
    else
      r.status = *r.gamma_pct >= o.pass_rate_pct ? "pass" : "fail";
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    // ---- report
    html.status(r.status);
    html.heading("Plan " + plan.name);
    html.key_values(
        {{"patient", r.patient_id},
         {"RT Plan", files.plan->path.string()},
         {"fractions", std::to_string(plan.fractions)},
         {"prescription", rx > 0 ? fixed(rx, 2) + " Gy to " + plan.prescription->target
                                 : std::string("none in the RT Plan")},
         {"machine", dr.machine + " (" + dr.machine_file + ")"},
         {"engine", std::string(engine_entry(dr.engine).description) + " on " +
                        std::string(to_string(dr.device)) + "; " + dr.options},
         {"dose grid", grid_text(grid)},
         {"TPS dose", have_tps ? files.dose->path.string() : std::string("none (or not in Gy)")},
         {"time", fixed(dose_seconds, 1) + " s dose, " + fixed(r.seconds, 1) + " s in all"}});
    if (have_tps) {
      html.heading("Gamma (TPS dose as reference)");
      std::vector<std::vector<std::string>> t{{"criteria", "pass rate", "mean", "max", "points"}};
      for (const auto* gr : {&g, &gs})
        if (*gr)
          t.push_back({gr == &g ? o.gamma.describe() : GammaOptions::preset("2%/1mm").describe(),
                       fixed((*gr)->pass_rate_pct, 2) + " %", fixed((*gr)->mean, 3),
                       fixed((*gr)->max, 3), std::to_string((*gr)->evaluated)});
      html.table(t, {{1, r.status == "pass" ? "pass" : "fail"}});
      html.text("Pass: at least " + fixed(o.pass_rate_pct, 1) + " % of points at " +
                o.gamma.describe() + " (AAPM TG-218 tolerance)." +
                (stereotactic ? " Stereotactic dose per fraction: 2 %/1 mm shown as well." : ""));
    }
    // Slices through the first beam's isocentre.
    const Vec3 iso = plan.beams.front().isocenter_mm;
    std::vector<double> levels{30, 50, 80, 95, 100, 105};
    std::string legend;
    for (std::size_t l = 0; l < levels.size(); ++l)
      legend += "<span style=\"color:" + isodose_colour(l) + "\">&#9632; " + fixed(levels[l], 0) +
                " %</span> ";
    html.heading("srtdose dose on the CT (isodoses of " + fixed(ref, 2) + " Gy: " + legend + ")");
    std::vector<std::string> imgs;
    for (SlicePlane p : {SlicePlane::Axial, SlicePlane::Coronal, SlicePlane::Sagittal})
      imgs.push_back(
          png_data_uri(render_dose_slice(c.patient.density_g_cm3, ours, p, iso, ref, levels, 0.5)));
    html.images(imgs, {"axial", "coronal", "sagittal"});
    if (have_tps) {
      Volume<float> diff(grid, 0.0f);
      for (std::int64_t v = 0; v < grid.size(); ++v)
        diff[v] = static_cast<float>(100 * (ours[v] - c.tps_dose->dose[v]) / ref);
      html.heading("Dose difference srtdose - TPS (% of " + fixed(ref, 2) +
                   " Gy; blue -5 %, red +5 %) and gamma " + o.gamma.describe() +
                   " (green 0, yellow 1, red above 1)");
      imgs.clear();
      for (SlicePlane p : {SlicePlane::Axial, SlicePlane::Coronal, SlicePlane::Sagittal})
        imgs.push_back(
            png_data_uri(render_map_slice(c.patient.density_g_cm3, diff, p, iso, 5, true, 0.5)));
      for (SlicePlane p : {SlicePlane::Axial, SlicePlane::Coronal, SlicePlane::Sagittal})
        imgs.push_back(png_data_uri(
            render_map_slice(c.patient.density_g_cm3, g->gamma, p, iso, 1, false, 0.5)));
      html.images(imgs, {"difference axial", "difference coronal", "difference sagittal",
                         "gamma axial", "gamma coronal", "gamma sagittal"});
    }
    html.heading("Dose-volume histograms");
    html.raw(svg_plot(plot));
    if (have_tps) {
      html.heading("DVH metrics (difference in % of " + fixed(ref, 2) + " Gy)");
      std::vector<std::vector<std::string>> t{
          {"structure", "metric", "TPS (Gy)", "srtdose (Gy)", "difference"}};
      std::vector<std::pair<std::size_t, std::string>> marks;
      for (const MetricRow& m : rows) {
        marks.push_back({t.size(), std::abs(m.diff_pct) > 3
                                       ? "fail"
                                       : (std::abs(m.diff_pct) > 1.5 ? "warn" : "pass")});
        t.push_back(
            {m.structure, m.metric, fixed(m.tps, 2), fixed(m.ours, 2), signed_pct(m.diff_pct)});
      }
      html.table_rows(t, marks);
    }
    html.heading("Constraints: " + set.name + ", " + std::to_string(plan.fractions) +
                 " fraction(s)");
    {
      std::vector<std::vector<std::string>> t{
          {"organ", "metric", "structure", "limit", "srtdose", "", "TPS", ""}};
      std::vector<std::pair<std::size_t, std::string>> marks;
      for (std::size_t i = 0; i < cons.size(); ++i) {
        const ConstraintResult& cr = cons[i];
        if (cr.status == ConstraintResult::Status::not_applicable) continue;
        const ConstraintResult* ct = have_tps ? &cons_tps[i] : nullptr;
        marks.push_back({t.size(), cr.status == ConstraintResult::Status::fail ? "fail" : "pass"});
        t.push_back({cr.constraint->organ, cr.constraint->metric.text, cr.structure,
                     fixed(cr.limit, 2) + " " + unit_name(cr.constraint->unit), fixed(cr.value, 2),
                     to_string(cr.status), ct ? fixed(ct->value, 2) : "",
                     ct ? to_string(ct->status) : ""});
      }
      if (t.size() == 1)
        html.text("No constraint applies to the plan's structures.");
      else
        html.table_rows(t, marks);
    }
    // Target BED (LQ, alpha/beta from the tissue table).
    if (plan.prescription) {
      const TissueTable tissues = TissueTable::builtin();
      for (std::size_t i = 0; i < dvh_ours.size(); ++i) {
        if (normalise_structure_name(dvh_ours[i].name) !=
            normalise_structure_name(plan.prescription->target))
          continue;
        const TissueModel tm = tissue_model_for(tissues, dvh_ours[i].name, true, TissueModel{});
        auto bed = [&](double total) { return bed_gy(plan.fractions, total / plan.fractions, tm); };
        const StructureMetrics& mo = qa_ours.metrics[i];
        std::vector<std::vector<std::string>> t{
            {"target " + dvh_ours[i].name, "D98% (Gy)", "BED D98%", "D50% (Gy)", "BED D50%"}};
        t.push_back({"srtdose", fixed(mo.d98_gy, 2), fixed(bed(mo.d98_gy), 1), fixed(mo.d50_gy, 2),
                     fixed(bed(mo.d50_gy), 1)});
        if (have_tps) {
          const StructureMetrics& mt = qa_tps->metrics[i];
          t.push_back({"TPS", fixed(mt.d98_gy, 2), fixed(bed(mt.d98_gy), 1), fixed(mt.d50_gy, 2),
                       fixed(bed(mt.d50_gy), 1)});
        }
        html.heading("Target BED (LQ, alpha/beta " + fixed(tm.alpha_beta_gy, 1) + " Gy, " +
                     std::to_string(plan.fractions) + " fractions)");
        html.table(t, {});
      }
    }
    for (const std::string& n : c.imported.notes) html.text("Note: " + n);
  } catch (const std::exception& e) {
    r.status = "error";
    r.error = e.what();
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    html.status("error");
    html.heading("The plan could not be checked");
    html.text(r.error);
  }
  // The outputs of the plan: a failure here (a read-only folder, a full disk) makes the plan an
  // error in the batch summary instead of ending the batch.
  try {
    fs::create_directories(out_dir);
    write_text_file(out_dir / "report.html", html.str());
    write_text_file(out_dir / "result.json", r.to_json().dump(2) + "\n");
  } catch (const std::exception& e) {
    r.status = "error";
    r.error =
        (r.error.empty() ? "" : r.error + "; ") + "the report could not be written: " + e.what();
  }
  return r;
}

}  // namespace srtdose
