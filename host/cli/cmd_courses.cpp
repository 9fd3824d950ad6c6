// `srtdose courses COURSES.json -o sum.h5 [--json F] [--report F]`: cumulative EQD2 of several
// courses on the current course's grid, per-organ contributions and re-irradiation limits.
#include <iomanip>

#include "host/check/courses_report.h"
#include "host/cli/cli.h"
#include "host/cli/commands.h"
#include "host/cli/text_format.h"
#include "host/qa/courses.h"
#include "host/qa/gamma_io.h"

namespace srtdose::cli {

namespace {

struct CoursesArgs {
  std::string list, output, json, report;
};

void print_summary(std::ostream& o, const CoursesResult& r) {
  const CourseSum& s = r.sum;
  o << "courses (summed in EQD2 on the grid of '" << r.list.current().name << "'; recovery "
    << (r.options.recovery ? "applied" : "not applied") << "):\n";
  for (std::size_t k = 0; k < r.list.courses.size(); ++k) {
    const CourseEntry& c = r.list.courses[k];
    o << "  " << c.name << "  " << c.date << "  " << c.fractions << " fx  "
      << r.inputs.courses[k].placement << "\n";
  }
  o << std::left << std::setw(18) << "structure" << std::right << std::setw(6) << "a/b";
  for (const CourseEntry& c : r.list.courses) o << std::setw(14) << c.name.substr(0, 13);
  o << std::setw(14) << "total"
    << "   (EQD2 D0.035cc, Gy)\n";
  for (const OrganSum& org : s.organs) {
    o << std::left << std::setw(18) << org.name.substr(0, 17) << std::right << std::setw(6)
      << fixed(org.tissue.effective_alpha_beta_gy(), 1);
    for (const OrganCourse& c : org.courses) o << std::setw(14) << fixed(c.eqd2_near_max_gy, 2);
    o << std::setw(14) << fixed(org.eqd2_near_max_gy, 2) << "\n";
  }
  for (const LimitResult& l : s.limits) {
    if (!l.counted()) continue;
    o << "limit " << l.limit->organ << " " << l.limit->metric.text << " ("
      << to_string(l.limit->scope) << ", a/b " << fixed(l.limit->alpha_beta_gy, 1) << "): ";
    if (l.status == LimitResult::Status::not_evaluable) {
      o << to_string(l.status) << "\n";
      continue;
    }
    o << fixed(l.value, 2) << " <= " << fixed(l.limit->limit, 2) << " " << to_string(l.status)
      << (l.detail.empty() ? "" : " - " + l.detail) << "\n";
  }
  for (const std::string& n : r.inputs.notes) o << "note: " << n << "\n";
  o << "status: " << course_sum_status(s) << "\n";
}

}  // namespace

void add_courses_command(CLI::App& app, Streams io) {
  CLI::App* sub = app.add_subcommand(
      "courses", "Cumulative EQD2 of several courses (re-treatment), with re-irradiation limits");
  auto a = std::make_shared<CoursesArgs>();
  sub->add_option("courses", a->list, "Course list (JSON; docs/courses.md)")->required();
  sub->add_option("-o,--output", a->output,
                  "Cumulative EQD2, BED, physical sum and each course's EQD2 (HDF5)")
      ->required();
  sub->add_option("--json", a->json, "Write the results (JSON)");
  sub->add_option("--report", a->report, "Write the HTML report");
  sub->callback([io, a] {
    const CoursesResult r = sum_course_list(a->list);
    // Render everything before writing anything: a failure leaves no partial output.
    const std::string json = a->json.empty() ? "" : course_sum_json(r).dump(1) + "\n";
    const std::string html = a->report.empty() ? "" : courses_report_html(r);
    write_course_sum(a->output, r);
    if (!a->json.empty()) write_text_file(a->json, json);
    if (!a->report.empty()) write_text_file(a->report, html);
    print_summary(io.out, r);
    io.out << "wrote " << a->output << (a->json.empty() ? "" : ", " + a->json)
           << (a->report.empty() ? "" : ", " + a->report) << "\n";
    const std::string status = course_sum_status(r.sum);
    if (status == "FAIL" || status == "INCOMPLETE")
      throw PlansFailed("re-irradiation limits: " + status);
  });
}

}  // namespace srtdose::cli
