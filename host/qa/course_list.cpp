#include "host/qa/course_list.h"

#include <chrono>
#include <cstdio>

#include "host/core/error.h"
#include "host/qa/cumulative_limits.h"
#include "host/util/json_cursor.h"
#include "host/util/json_file.h"

namespace srtdose {

namespace fs = std::filesystem;

int parse_date_days(const std::string& text, const std::string& where) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    throw InputError(where + ": '" + text + "' is not a date YYYY-MM-DD");
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{d}};
  if (!ymd.ok() || y < 1900 || y > 2200)
    throw InputError(where + ": '" + text + "' is not a valid date");
  return static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

double CourseList::months_before_current(std::size_t i) const {
  return (current().day - courses[i].day) / 30.4375;
}

namespace {

fs::path existing_file(JsonCursor c, const fs::path& base) {
  const fs::path p = fs::path(c.string()).is_absolute() ? fs::path(c.string()) : base / c.string();
  if (!fs::is_regular_file(p)) c.fail("no such file: " + p.string());
  return p;
}

CourseEntry read_course(JsonCursor c, const fs::path& base, bool is_current) {
  c.expect_object();
  CourseEntry e;
  e.name = c.at("name").string();
  if (e.name.empty()) c.at("name").fail("give the course a name");
  e.dose = existing_file(c.at("dose"), base);
  if (auto d = c.find("dataset")) e.dataset = d->string();
  JsonCursor fx = c.at("fractions");
  e.fractions = fx.integer();
  if (e.fractions < 1 || e.fractions > 60) fx.fail("the number of fractions must be 1..60");
  e.date = c.at("date").string();
  e.day = parse_date_days(e.date, c.file() + ": " + c.path() + ".date");
  if (auto p = c.find("plan")) {
    if (!is_current) p->fail("structures come from the current (last) course; remove it here");
    e.plan = existing_file(*p, base);
  }
  if (auto s = c.find("structures")) {
    if (!is_current) s->fail("structures come from the current (last) course; remove it here");
    if (e.plan) s->fail("give either plan or structures, not both");
    e.structures = existing_file(*s, base);
  }
  if (is_current && !e.plan && !e.structures)
    c.fail("the current (last) course needs its plan or structures (the organs of the sum)");
  if (auto f = c.find("frame_of_reference_uid")) e.frame_of_reference_uid = f->string();
  if (auto pl = c.find("placement")) {
    if (is_current) pl->fail("the current course defines the frame; it has no placement");
    if (pl->json().is_string()) {
      if (pl->string() != "same_frame")
        pl->fail("'" + pl->string() +
                 "': use \"same_frame\", {\"matrix\": ...} or "
                 "{\"registration\": ...}");
      e.placement = Placement::same_frame;
    } else {
      pl->expect_object();
      if (auto m = pl->find("matrix")) {
        const auto rows = m->elements();
        if (rows.size() != 4) m->fail("give 4 rows of 4 numbers (course -> current, mm)");
        for (std::size_t r = 0; r < 4; ++r) {
          const std::vector<double> v = rows[r].numbers();
          if (v.size() != 4) rows[r].fail("give 4 numbers");
          for (std::size_t k = 0; k < 4; ++k) e.matrix[4 * r + k] = v[k];
        }
        e.placement = Placement::matrix;
      } else if (auto r = pl->find("registration")) {
        e.registration = existing_file(*r, base);
        e.placement = Placement::registration;
      } else {
        pl->fail("give matrix or registration");
      }
      pl->finish();
    }
  } else if (!is_current) {
    c.fail(
        "an earlier course needs its placement: \"same_frame\", {\"matrix\": ...} or "
        "{\"registration\": \"REG.dcm\"} (deformable registration is not supported)");
  }
  c.finish();
  return e;
}

}  // namespace

CourseList read_course_list(const fs::path& file) {
  return read_course_list(read_json_file(file, "course list"), file, file.parent_path());
}

CourseList read_course_list(const nlohmann::json& doc, const fs::path& file, const fs::path& base) {
  JsonCursor root(doc, file.string(), "");
  root.expect_object();
  if (root.at("srtdose_courses").integer() != 1)
    root.at("srtdose_courses").fail("unsupported format version (this build reads 1)");
  CourseList list;
  list.file = file;
  if (auto m = root.find("model")) {
    try {
      list.model.model = bed_model_by_name(m->string());
    } catch (const InputError& e) {
      m->fail(e.what());
    }
  }
  if (auto d = root.find("lql_transition_gy"))
    list.model.lql_transition_gy = d->number_in(0.5, 30, "lql_transition_gy");
  if (auto t = root.find("alpha_beta_table")) list.alpha_beta_table = existing_file(*t, base);
  if (auto t = root.find("tumour_alpha_beta_gy"))
    list.tumour_alpha_beta_gy = t->number_in(0.1, 100, "tumour_alpha_beta_gy");
  if (auto t = root.find("oar_alpha_beta_gy"))
    list.oar_alpha_beta_gy = t->number_in(0.1, 100, "oar_alpha_beta_gy");
  if (auto r = root.find("recovery")) {
    if (r->json().is_boolean()) {
      if (r->boolean()) list.recovery = fs::path();  // the built-in table
    } else {
      list.recovery = existing_file(*r, base);
    }
  }
  if (auto l = root.find("limits")) {
    if (l->json().is_boolean()) {
      if (l->boolean()) l->fail("give a limits set name or file, or false");
    } else {
      const fs::path p = base / l->string();
      try {
        list.limits = fs::is_regular_file(p) ? p : CumulativeLimitSet::find(l->string());
      } catch (const InputError& e) {
        l->fail(e.what());
      }
    }
  } else {
    list.limits = CumulativeLimitSet::find("reirradiation_limits");
  }
  auto courses = root.at("courses").elements();
  if (courses.size() < 2) root.at("courses").fail("give at least two courses (earlier ones first)");
  if (courses.size() > 20) root.at("courses").fail("at most 20 courses");
  for (std::size_t i = 0; i < courses.size(); ++i) {
    list.courses.push_back(read_course(courses[i], base, i + 1 == courses.size()));
    if (i > 0 && list.courses[i].day < list.courses[i - 1].day)
      courses[i].at("date").fail("courses must be in date order (earlier ones first)");
  }
  root.finish();
  list.model.validate();
  return list;
}

}  // namespace srtdose
