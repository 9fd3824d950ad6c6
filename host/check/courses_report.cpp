#include "host/check/courses_report.h"

#include <algorithm>
#include <cmath>

#include "host/check/html.h"
#include "host/check/png_image.h"
#include "host/check/slice_render.h"
#include "host/core/resample.h"
#include "host/io/svg_plot.h"
#include "host/qa/structure_names.h"
#include "host/util/number_format.h"
#include "srtdose/config.h"

namespace srtdose {

namespace {

std::string mark(const LimitResult& l) {
  switch (l.status) {
    case LimitResult::Status::pass:
      return "pass";
    case LimitResult::Status::fail:
    case LimitResult::Status::interval:
      return "fail";
    case LimitResult::Status::incomplete:
      return "warn";
    default:
      return "";
  }
}

/// The point the slices go through: the hottest cumulative EQD2 voxel of the first organ that
/// a limit names, else of the whole grid.
Vec3 slice_point(const CoursesResult& r) {
  const CourseSum& s = r.sum;
  const Volume<float>* mask = nullptr;
  for (const LimitResult& l : s.limits)
    if (!l.structure.empty() && !mask)
      for (const Structure& st : r.inputs.structures)
        if (st.name == l.structure) mask = &st.fraction;
  std::int64_t best = 0;
  float best_value = -1;
  const Grid3& g = s.grid;
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const Vec3 p = g.position_mm(i, j, k);
        if (mask && interpolate_trilinear(*mask, p, 0.0) < 0.5) continue;
        const float v = s.eqd2.at(i, j, k);
        if (v > best_value) best_value = v, best = g.index(i, j, k);
      }
  const int i = static_cast<int>(best % g.nx()), j = static_cast<int>((best / g.nx()) % g.ny()),
            k = static_cast<int>(best / (static_cast<std::int64_t>(g.nx()) * g.ny()));
  return g.position_mm(i, j, k);
}

}  // namespace

std::string courses_report_html(const CoursesResult& r) {
  const CourseSum& s = r.sum;
  const CourseList& list = r.list;
  const std::string status = course_sum_status(s);
  HtmlReport html("srtdose re-treatment summary");
  html.status(status == "pass" ? "pass" : status == "FAIL" ? "fail" : status);
  html.heading("Cumulative dose of " + std::to_string(list.courses.size()) + " courses");
  html.key_values({{"course list", list.file.string()},
                   {"srtdose", SRTDOSE_VERSION},
                   {"summation grid", "the current course's dose grid: " + grid_text(s.grid)},
                   {"structures", r.inputs.structures_source + " (current course)"},
                   {"status", status + " (" + std::to_string(s.evaluated) + " limits evaluated, " +
                                  std::to_string(s.failed) + " not passed)"}});

  html.heading("Courses");
  std::vector<std::vector<std::string>> t{{"course", "date", "fractions", "months before current",
                                           "dose file", "placement", "dose at grid edge"}};
  for (std::size_t k = 0; k < list.courses.size(); ++k) {
    const CourseEntry& c = list.courses[k];
    t.push_back({c.name, c.date, std::to_string(c.fractions),
                 k + 1 == list.courses.size() ? "current" : fixed(list.months_before_current(k), 1),
                 c.dose.filename().string(), r.inputs.courses[k].placement,
                 fixed(100 * s.edge_fraction[k], 1) + " % of max"});
  }
  html.table(t, {});

  html.heading("Assumptions");
  const TissueModel& b = r.options.base;
  std::string model = to_string(b.model);
  if (b.model == BedModel::lq_l) model += ", transition " + fixed(b.lql_transition_gy, 2) + " Gy";
  if (b.model == BedModel::usc)
    model += " (targets; organs LQ), alpha " + fixed(b.usc_alpha_per_gy, 3) + "/Gy, D0 " +
             fixed(b.usc_d0_gy, 2) + " Gy, Dq " + fixed(b.usc_dq_gy, 2) + " Gy";
  html.key_values(
      {{"model", model},
       {"EQD2",
        "BED / (1 + 2 Gy / (alpha/beta)), voxel by voxel, each course with its own number "
        "of fractions; doses summed in EQD2"},
       {"alpha/beta", r.options.table.file.string() + " (targets " +
                          fixed(r.options.table.target_alpha_beta_gy, 1) + " Gy, other tissue " +
                          fixed(r.options.table.default_alpha_beta_gy, 1) + " Gy)"},
       {"recovery", r.options.recovery ? "applied: " + r.options.recovery->file.string() + " (" +
                                             r.options.recovery->citation + ")"
                                       : std::string("not applied: every course counts in full")},
       {"registration",
        "rigid only (same frame, a matrix, or a DICOM Spatial Registration); "
        "deformation between courses is NOT accounted for"},
       {"resampling",
        "trilinear onto the current grid; outside a course's dose grid its dose is "
        "taken as 0 and flagged"},
       {"limits", r.options.limits
                      ? r.options.limits->name + " (" + r.options.limits->citation + ")"
                      : std::string("none")}});
  for (const std::string& n : r.inputs.notes) html.text(n);

  html.heading("Organs: each course's contribution and the total (EQD2, Gy)");
  std::vector<std::string> head{"structure", "a/b (Gy)", "volume (cm3)"};
  for (const CourseEntry& c : list.courses) {
    head.push_back(c.name + " D0.035cc");
    head.push_back(c.name + " mean");
  }
  for (const char* h : {"total D0.035cc", "total mean", "critical volumes (TG-101)", "recovery",
                        "outside a course's grid"})
    head.emplace_back(h);
  std::vector<std::vector<std::string>> organs{head};
  for (const OrganSum& o : s.organs) {
    std::vector<std::string> row{o.name, fixed(o.tissue.effective_alpha_beta_gy(), 1),
                                 fixed(o.volume_cm3, 2)};
    std::string recovery = "-", outside;
    for (std::size_t k = 0; k < o.courses.size(); ++k) {
      const OrganCourse& c = o.courses[k];
      row.push_back(fixed(c.eqd2_near_max_gy, 2));
      row.push_back(fixed(c.eqd2_mean_gy, 2));
      if (c.counted < 1)
        recovery = (recovery == "-" ? "" : recovery + "; ") + list.courses[k].name + " x " +
                   fixed(c.counted, 2);
      if (c.outside_pct > 0.1)
        outside += (outside.empty() ? "" : "; ") + list.courses[k].name + " " +
                   fixed(c.outside_pct, 1) + " %";
    }
    row.push_back(fixed(o.eqd2_near_max_gy, 2));
    row.push_back(fixed(o.eqd2_mean_gy, 2));
    std::string cv;
    for (const auto& [metric, value] : o.critical_volumes_gy)
      cv += (cv.empty() ? "" : "; ") + metric + " " +
            (std::isfinite(value) ? fixed(value, 2) : std::string("organ smaller"));
    row.push_back(cv.empty() ? "-" : cv);
    row.push_back(recovery);
    row.push_back(outside.empty() ? "-" : outside);
    organs.push_back(row);
  }
  html.table(organs, {});
  html.text(
      "A course's column is its EQD2 alone (after recovery where applied). Near-maxima do "
      "not add: the total's D0.035cc is that of the summed EQD2, voxel by voxel.");

  html.heading("Re-irradiation limits (on EQD2 with each limit's alpha/beta)");
  std::vector<std::vector<std::string>> lim{{"organ", "structure", "metric", "applies to",
                                             "a/b (Gy)", "value", "limit", "status", "source",
                                             "detail"}};
  std::vector<std::pair<std::size_t, std::string>> marks;
  for (const LimitResult& l : s.limits) {
    const CumulativeLimit& c = *l.limit;
    const bool has_value = l.counted() && l.status != LimitResult::Status::not_evaluable;
    std::string scope = to_string(c.scope);
    if (l.course >= 0)
      scope += " (highest: " + list.courses[static_cast<std::size_t>(l.course)].name + ")";
    const std::string unit = c.metric.is_volume() ? " cm3" : " Gy";
    lim.push_back({c.organ, l.structure.empty() ? "-" : l.structure, c.metric.text, scope,
                   fixed(c.alpha_beta_gy, 1), has_value ? fixed(l.value, 2) + unit : "-",
                   fixed(c.limit, 2) + unit, to_string(l.status), c.source, l.detail});
    marks.emplace_back(lim.size() - 1, mark(l));
  }
  if (s.limits.empty())
    html.text("No limits were given.");
  else
    html.table_rows(lim, marks);

  // Slices of the cumulative EQD2 with the structures.
  const Vec3 at = slice_point(r);
  double ref = 0;
  for (std::int64_t v = 0; v < s.grid.size(); ++v)
    ref = std::max(ref, static_cast<double>(s.eqd2[v]));
  const Volume<float> blank(s.grid, 0.0f);
  const Volume<float>& background = r.inputs.density ? *r.inputs.density : blank;
  const std::vector<double> levels{10, 30, 50, 70, 90};
  std::string legend;
  for (std::size_t l = 0; l < levels.size(); ++l)
    legend += "<span style=\"color:" + isodose_colour(l) + "\">&#9632; " +
              fixed(levels[l] * ref / 100, 1) + " Gy</span> ";
  std::string structures;
  for (std::size_t i = 0; i < r.inputs.structures.size(); ++i)
    structures += "<span style=\"color:" + structure_colour(i) + ";background:#222\">&#9472; " +
                  html_escape(r.inputs.structures[i].name) + "</span> ";
  html.heading("Cumulative EQD2 (maximum " + fixed(ref, 1) + " Gy) through (" + fixed(at.x, 1) +
               ", " + fixed(at.y, 1) + ", " + fixed(at.z, 1) + ") mm");
  html.raw("<p>Isodoses (EQD2): " + legend + "</p><p>Structures: " + structures + "</p>");
  std::vector<std::string> imgs;
  // Print-sharp: a quarter voxel per pixel, at least 0.25 mm.
  const double px = std::max(
      0.25, std::min({s.grid.spacing_mm().x, s.grid.spacing_mm().y, s.grid.spacing_mm().z}) / 4);
  for (SlicePlane p : {SlicePlane::Axial, SlicePlane::Coronal, SlicePlane::Sagittal}) {
    RgbImage img = render_dose_slice(background, s.eqd2, p, at, ref > 0 ? ref : 1, levels, px);
    for (std::size_t i = 0; i < r.inputs.structures.size(); ++i) {
      int cr = 0, cg = 0, cb = 0;
      structure_colour(i, cr, cg, cb);
      draw_outline(img, background.grid(), r.inputs.structures[i].fraction, p, at, cr, cg, cb, px);
    }
    imgs.push_back(png_data_uri(img));
  }
  html.images(imgs, {"axial", "coronal", "sagittal"});

  PlotSpec plot;
  plot.title = "Cumulative EQD2 DVH";
  plot.x_label = "EQD2 (Gy)";
  plot.y_label = "volume (%)";
  for (const OrganSum& o : s.organs) {
    PlotSeries ps{o.name, {}, {}, false, false, -1};
    for (const DvhBin& bin : o.eqd2_dvh.cumulative(std::max(0.05, ref / 400))) {
      ps.x.push_back(bin.dose_gy);
      ps.y.push_back(o.volume_cm3 > 0 ? 100 * bin.volume_cm3 / o.volume_cm3 : 0);
    }
    plot.series.push_back(std::move(ps));
  }
  html.raw(svg_plot(plot));
  return html.str();
}

}  // namespace srtdose
