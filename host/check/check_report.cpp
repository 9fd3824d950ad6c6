#include "host/check/check_report.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <optional>
#include <utility>

#include "host/check/png_image.h"
#include "host/check/slice_figure.h"
#include "host/check/slice_render.h"
#include "host/core/resample.h"
#include "host/engine/engine_registry.h"
#include "host/io/file_hash.h"
#include "host/io/svg_plot.h"
#include "host/qa/radiobiology.h"
#include "host/qa/structure_names.h"
#include "host/qa/tissue_table.h"
#include "host/util/number_format.h"
#include "srtdose/config.h"

namespace srtdose {

std::string utc_now_text() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

namespace {

/// The z (mm) of the most inferior and most superior slices where the structure covers half a
/// voxel or more; none when it covers no voxel that much.
std::optional<std::pair<double, double>> axial_extent_mm(const Structure& s) {
  const Grid3& g = s.fraction.grid();
  auto covers = [&](int k) {
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i)
        if (s.fraction.at(i, j, k) >= 0.5) return true;
    return false;
  };
  int lo = 0, hi = g.nz() - 1;
  while (lo <= hi && !covers(lo)) ++lo;
  while (hi >= lo && !covers(hi)) --hi;
  if (lo > hi) return std::nullopt;
  return std::pair{g.position_mm(0, 0, lo).z, g.position_mm(0, 0, hi).z};
}

/// srtdose's DVHs solid, the TPS's dashed in the same colour, in % of each structure's volume.
PlotSpec dvh_overlay(const PlanEvaluation& e) {
  PlotSpec plot;
  plot.title = "DVH: srtdose (solid) and TPS (dashed)";
  plot.x_label = "dose (Gy)";
  plot.y_label = "volume (%)";
  for (std::size_t i = 0; i < e.qa_ours.dvhs.size(); ++i)
    for (int which = 0; which < (e.qa_tps ? 2 : 1); ++which) {
      const Dvh& d = which == 0 ? e.qa_ours.dvhs[i] : e.qa_tps->dvhs[i];
      PlotSeries ps{
          d.name + (which == 0 ? "" : " (TPS)"), {}, {}, which == 1, false, static_cast<int>(i)};
      for (const DvhBin& b : d.cumulative(std::max(0.05, e.tps_max_gy / 400))) {
        ps.x.push_back(b.dose_gy);
        ps.y.push_back(100 * b.volume_cm3 / d.volume_cm3);
      }
      plot.series.push_back(std::move(ps));
    }
  return plot;
}

/// The gamma histogram as % of the evaluated points per bin (the last bin: gamma >= 2).
PlotSpec gamma_histogram(const GammaResult& g) {
  PlotSpec plot;
  plot.title = "Gamma histogram (" + std::to_string(g.evaluated) + " points)";
  plot.x_label = "gamma";
  plot.y_label = "points (%)";
  PlotSeries s{"srtdose vs TPS", {}, {}, false, false, 0};
  const double n = std::max<double>(1, static_cast<double>(g.evaluated));
  for (std::size_t i = 0; i < g.histogram.size(); ++i) {
    const double x0 = i * g.histogram_bin, x1 = x0 + g.histogram_bin;
    const double y = 100 * static_cast<double>(g.histogram[i]) / n;
    s.x.insert(s.x.end(), {x0, x0, x1, x1});
    s.y.insert(s.y.end(), {0, y, y, 0});
  }
  plot.series.push_back(std::move(s));
  return plot;
}

/// Date, version, machine, options and every input with its SHA-256, and an empty sign-off
/// block for printing.
void add_provenance(HtmlReport& html, const PlanEvaluation& e, const CheckOptions& o,
                    const dicom::PlanFiles& files) {
  html.heading("Provenance");
  std::vector<std::pair<std::string, std::string>> kv{
      {"checked", utc_now_text()}, {"srtdose", SRTDOSE_VERSION}, {"options", o.fingerprint()}};
  if (!e.dose.machine_file.empty() && std::filesystem::is_regular_file(e.dose.machine_file))
    kv.emplace_back("machine file",
                    e.dose.machine_file + "  SHA-256 " + sha256_file(e.dose.machine_file));
  kv.emplace_back("RT Plan",
                  files.plan->path.string() + "  SHA-256 " + sha256_file(files.plan->path));
  if (files.structure_set)
    kv.emplace_back("RT Structure Set", files.structure_set->path.string() + "  SHA-256 " +
                                            sha256_file(files.structure_set->path));
  if (files.dose)
    kv.emplace_back("RT Dose (TPS)",
                    files.dose->path.string() + "  SHA-256 " + sha256_file(files.dose->path));
  kv.emplace_back("CT calibration",
                  o.hu_curve_file.empty()
                      ? std::string("generic curve (built-in; not a scanner calibration)")
                      : o.hu_curve_file.string() + "  SHA-256 " + sha256_file(o.hu_curve_file));
  std::vector<std::filesystem::path> ct = files.ct_files;
  std::sort(ct.begin(), ct.end());
  kv.emplace_back("CT series", std::to_string(ct.size()) + " files, " + files.ct_series_uid +
                                   "  SHA-256 (in path order) " + sha256_files(ct));
  html.key_values(kv);
  html.heading("Sign-off");
  html.raw(
      "<table class=\"signoff\"><tr><th>checked by (name)</th><th>date</th><th>signature</th>"
      "</tr><tr><td style=\"height:3em;min-width:14em\"></td><td style=\"min-width:8em\"></td>"
      "<td style=\"min-width:14em\"></td></tr></table>");
}

}  // namespace

void add_check_report(HtmlReport& html, const PlanEvaluation& e, const PlanCheck& r,
                      const CheckOptions& o, const dicom::PlanFiles& files) {
  const dicom::ImportedCase& c = e.imported;
  const Plan& plan = c.imported.plan;
  const DoseResult& dr = e.dose;
  const Volume<float>& ours = dr.dose;
  const Grid3& grid = ours.grid();
  const bool have_tps = e.have_tps, stereotactic = e.stereotactic;
  const double rx = e.rx_gy, ref = e.ref_gy, dose_seconds = e.dose_seconds;
  const std::optional<GammaResult>&g = e.gamma, &gs = e.gamma_stereotactic;
  const std::vector<Dvh>& dvh_ours = e.qa_ours.dvhs;
  const ConstraintSet& set = *e.qa_ours.constraint_set;
  const std::vector<ConstraintResult>& cons = e.qa_ours.constraints;
  const std::vector<ConstraintResult> cons_tps =
      e.qa_tps ? e.qa_tps->constraints : std::vector<ConstraintResult>{};
  const std::vector<MetricRow>& rows = e.rows;
  const PlotSpec plot = dvh_overlay(e);

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
    html.text("Pass rule: at least " + fixed(o.pass_rate_pct, 1) + " % of points at " +
              o.gamma.describe() + " (AAPM TG-218 tolerance), and no DVH metric more than " +
              fixed(o.dvh_fail_pct, 1) + " % (of the prescription) from the TPS's (warning above " +
              fixed(o.dvh_warn_pct, 1) + " %), and no beam's dose at its point more than " +
              fixed(o.mu_tolerance_pct, 1) + " % from the RT Plan's BeamDose." +
              (stereotactic ? " Stereotactic dose per fraction: 2 %/1 mm shown as well." : ""));
  }
  // Slices through the first beam's isocentre.
  const Vec3 iso = plan.beams.front().isocenter_mm;
  std::vector<double> levels{30, 50, 80, 95, 100, 105};
  std::string legend;
  for (std::size_t l = 0; l < levels.size(); ++l)
    legend += "<span style=\"color:" + isodose_colour(l) + "\">&#9632; " + fixed(levels[l], 0) +
              " %</span> ";
  // The legend's coloured squares are markup: the heading is raw (its text is escaped here).
  html.raw("<h2>" + html_escape("srtdose dose on the CT (isodoses of " + fixed(ref, 2) + " Gy: ") +
           legend + ")</h2>");
  html.add_css(slice_figure_css());
  constexpr double kPixelMm = 0.5;
  const SlicePlane planes[] = {SlicePlane::Axial, SlicePlane::Coronal, SlicePlane::Sagittal};
  const ColourScale wash = dose_wash_scale(ref);
  std::string figures = "<div class=\"images\">";
  for (SlicePlane p : planes)
    figures += slice_figure_html(
        render_dose_slice(c.patient.density_g_cm3, ours, p, iso, ref, levels, kPixelMm), p, iso,
        kPixelMm, wash, "srtdose dose");
  html.raw(figures + "</div>");
  // Five axial slices through the prescription's target, inferior to superior, with its
  // outline (white): what a slider through the target would show.
  if (const Structure* target =
          plan.prescription ? c.patient.find_structure(plan.prescription->target) : nullptr) {
    if (const auto extent = axial_extent_mm(*target)) {
      const auto [z0, z1] = *extent;
      html.heading("Axial slices through " + target->name + " (outlined in white), " +
                   fixed(z0, 1) + " to " + fixed(z1, 1) + " mm");
      figures = "<div class=\"images\">";
      for (int n = 0; n < 5; ++n) {
        const Vec3 at{iso.x, iso.y, z0 + (z1 - z0) * n / 4};
        RgbImage img = render_dose_slice(c.patient.density_g_cm3, ours, SlicePlane::Axial, at, ref,
                                         levels, kPixelMm);
        draw_outline(img, c.patient.grid(), target->fraction, SlicePlane::Axial, at, 255, 255, 255,
                     kPixelMm);
        figures += slice_figure_html(img, SlicePlane::Axial, at, kPixelMm, wash, "srtdose dose");
      }
      html.raw(figures + "</div>");
    }
  }
  if (have_tps) {
    Volume<float> diff(grid, 0.0f);
    for (std::int64_t v = 0; v < grid.size(); ++v)
      diff[v] = static_cast<float>(100 * (ours[v] - c.tps_dose->dose[v]) / ref);
    html.heading("Dose difference srtdose - TPS (% of " + fixed(ref, 2) + " Gy) and gamma " +
                 o.gamma.describe());
    const ColourScale difference = difference_scale(5), gamma = gamma_scale(o.gamma.describe());
    figures = "<div class=\"images\">";
    for (SlicePlane p : planes)
      figures += slice_figure_html(
          render_map_slice(c.patient.density_g_cm3, diff, p, iso, 5, true, kPixelMm), p, iso,
          kPixelMm, difference, "difference");
    for (SlicePlane p : planes)
      figures += slice_figure_html(
          render_map_slice(c.patient.density_g_cm3, g->gamma, p, iso, 1, false, kPixelMm), p, iso,
          kPixelMm, gamma, "gamma");
    html.raw(figures + "</div>");
  }
  if (have_tps && g) html.raw(svg_plot(gamma_histogram(*g)));
  html.heading("Dose-volume histograms");
  html.raw(svg_plot(plot));
  if (have_tps) {
    html.heading("DVH metrics (difference in % of " + fixed(ref, 2) + " Gy)");
    std::vector<std::vector<std::string>> t{
        {"structure", "metric", "TPS (Gy)", "srtdose (Gy)", "difference"}};
    std::vector<std::pair<std::size_t, std::string>> marks;
    for (const MetricRow& m : rows) {
      marks.push_back({t.size(), std::abs(m.diff_pct) > o.dvh_fail_pct
                                     ? "fail"
                                     : (std::abs(m.diff_pct) > o.dvh_warn_pct ? "warn" : "pass")});
      t.push_back(
          {m.structure, m.metric, fixed(m.tps, 2), fixed(m.ours, 2), signed_pct(m.diff_pct)});
    }
    html.table_rows(t, marks);
  }
  html.heading(
      "Independent MU check per beam (at the RT Plan's beam dose point, else the isocentre; "
      "per fraction)");
  {
    std::vector<std::vector<std::string>> t{{"beam", "point (mm)", "MU", "srtdose (Gy)",
                                             "TPS BeamDose (Gy)", "srtdose / TPS",
                                             "MU for the TPS dose", "status"}};
    std::vector<std::pair<std::size_t, std::string>> marks;
    for (const BeamCheck& b : e.beams) {
      const bool compared = b.status == "pass" || b.status == "fail";
      const bool outside = b.status.rfind("n/a (point outside", 0) == 0;
      marks.push_back({t.size(), compared ? b.status : ""});
      t.push_back({b.beam,
                   fixed(b.point_mm.x, 1) + ", " + fixed(b.point_mm.y, 1) + ", " +
                       fixed(b.point_mm.z, 1) + (b.point_from_plan ? "" : " (isocentre)"),
                   fixed(b.mu, 1), outside ? "-" : fixed(b.ours_gy, 3),
                   b.tps_gy ? fixed(*b.tps_gy, 3) : "-", compared ? fixed(b.ratio, 3) : "-",
                   compared ? fixed(b.mu_for_tps_dose, 1) : "-", b.status});
    }
    html.table_rows(t, marks);
    html.text("Tolerance: +-" + fixed(o.mu_tolerance_pct, 1) +
              " % (--mu-tolerance); a beam outside it fails the plan. Points below 10 % of the "
              "beam's maximum are not evaluated.");
  }
  if (!c.imported.dose_reference_points.empty()) {
    html.heading("Dose reference points of the RT Plan (total over the fractions)");
    std::vector<std::vector<std::string>> t{
        {"point", "position (mm)", "TPS (Gy)", "srtdose (Gy)", "difference"}};
    for (const dicom::DoseReferencePoint& p : c.imported.dose_reference_points) {
      const double ours_at = interpolate_trilinear(ours, p.point_mm, std::nan(""));
      const double tps_at =
          have_tps ? interpolate_trilinear(c.tps_dose->dose, p.point_mm, std::nan("")) : NAN;
      t.push_back(
          {p.description,
           fixed(p.point_mm.x, 1) + ", " + fixed(p.point_mm.y, 1) + ", " + fixed(p.point_mm.z, 1),
           fixed(tps_at, 3), fixed(ours_at, 3),
           std::isfinite(ours_at) && std::isfinite(tps_at) && tps_at > 0
               ? signed_pct(100 * (ours_at - tps_at) / tps_at)
               : "-"});
    }
    html.table(t, {});
  }
  html.heading("Constraints: " + set.name + ", " + std::to_string(plan.fractions) + " fraction(s)");
  {
    std::vector<std::vector<std::string>> t{
        {"organ", "metric", "structure", "limit", "srtdose", "", "TPS", ""}};
    std::vector<std::pair<std::size_t, std::string>> marks;
    for (std::size_t i = 0; i < cons.size(); ++i) {
      const ConstraintResult& cr = cons[i];
      if (cr.status == ConstraintResult::Status::not_applicable) continue;
      const ConstraintResult* ct = have_tps ? &cons_tps[i] : nullptr;
      // Only an evaluated limit is a pass or a fail; rows without a limit for this fraction
      // number (or not evaluable) are shown grey, with no limit and no value.
      const bool evaluated = cr.status == ConstraintResult::Status::pass ||
                             cr.status == ConstraintResult::Status::fail;
      marks.push_back(
          {t.size(), cr.status == ConstraintResult::Status::fail
                         ? "fail"
                         : (cr.status == ConstraintResult::Status::pass ? "pass" : "")});
      const bool tps_evaluated = ct && (ct->status == ConstraintResult::Status::pass ||
                                        ct->status == ConstraintResult::Status::fail);
      t.push_back({cr.constraint->organ, cr.constraint->metric.text, cr.structure,
                   evaluated ? fixed(cr.limit, 2) + " " + unit_name(cr.constraint->unit) : "-",
                   evaluated ? fixed(cr.value, 2) : "-", to_string(cr.status),
                   tps_evaluated ? fixed(ct->value, 2) : "", ct ? to_string(ct->status) : ""});
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
      const StructureMetrics& mo = e.qa_ours.metrics[i];
      std::vector<std::vector<std::string>> t{
          {"target " + dvh_ours[i].name, "D98% (Gy)", "BED D98%", "D50% (Gy)", "BED D50%"}};
      t.push_back({"srtdose", fixed(mo.d98_gy, 2), fixed(bed(mo.d98_gy), 1), fixed(mo.d50_gy, 2),
                   fixed(bed(mo.d50_gy), 1)});
      if (have_tps) {
        const StructureMetrics& mt = e.qa_tps->metrics[i];
        t.push_back({"TPS", fixed(mt.d98_gy, 2), fixed(bed(mt.d98_gy), 1), fixed(mt.d50_gy, 2),
                     fixed(bed(mt.d50_gy), 1)});
      }
      html.heading("Target BED (LQ, alpha/beta " + fixed(tm.alpha_beta_gy, 1) + " Gy, " +
                   std::to_string(plan.fractions) + " fractions)");
      html.table(t, {});
    }
  }
  for (const std::string& n : c.imported.notes) html.text("Note: " + n);
  add_provenance(html, e, o, files);
}

}  // namespace srtdose
