#include "host/qa/courses.h"

#include <cmath>

#include "host/io/atomic_output.h"
#include "host/io/hdf5_file.h"
#include "host/qa/qa_request.h"
#include "srtdose/config.h"

namespace srtdose {

namespace fs = std::filesystem;

CoursesResult sum_course_list(const fs::path& file) {
  return sum_course_list(read_course_list(file));
}

CoursesResult sum_course_list(CourseList list) {
  CoursesResult r;
  r.list = std::move(list);
  BedRequest bed;
  bed.model = r.list.model;
  bed.tumour_alpha_beta_gy = r.list.tumour_alpha_beta_gy;
  bed.oar_alpha_beta_gy = r.list.oar_alpha_beta_gy;
  bed.alpha_beta_table = r.list.alpha_beta_table;
  r.options.table = tissue_table(bed, r.options.base);
  if (r.list.recovery)
    r.options.recovery =
        r.list.recovery->empty() ? RecoveryTable::builtin() : RecoveryTable::load(*r.list.recovery);
  if (r.list.limits) r.options.limits = CumulativeLimitSet::load(*r.list.limits);
  r.options.critical_volumes = ConstraintSet::load(find_constraint_set("tg101"));
  r.inputs = load_course_inputs(r.list);
  std::vector<CourseDose> doses;
  for (std::size_t k = 0; k < r.list.courses.size(); ++k)
    doses.push_back({r.list.courses[k].name, &r.inputs.courses[k].dose_gy,
                     r.list.courses[k].fractions, r.list.months_before_current(k),
                     r.inputs.courses[k].to_current});
  std::vector<const Structure*> structures;
  for (const Structure& s : r.inputs.structures) structures.push_back(&s);
  r.sum = sum_courses(doses, structures, r.options);
  return r;
}

std::string course_sum_status(const CourseSum& s) {
  bool incomplete = false;
  for (const LimitResult& l : s.limits) {
    if (l.status == LimitResult::Status::fail || l.status == LimitResult::Status::interval)
      return "FAIL";
    if (l.status == LimitResult::Status::incomplete) incomplete = true;
  }
  if (incomplete) return "INCOMPLETE";
  return s.evaluated > 0 ? "pass" : "no limits evaluated";
}

void write_course_sum(const fs::path& path, const CoursesResult& r) {
  AtomicOutput out(path);
  {
    H5File f = H5File::create(out);
    f.write_attr("/", "srtdose_version", std::string(SRTDOSE_VERSION));
    f.write_attr("/", "course_list", r.list.file.string());
    f.write_attr("/", "model", std::string(to_string(r.options.base.model)));
    f.write_attr("/", "recovery", std::string(r.options.recovery ? "applied" : "not applied"));
    f.write_volume("/eqd2", r.sum.eqd2);
    f.write_attr("/eqd2", "units", std::string("Gy"));
    f.write_attr("/eqd2", "quantity",
                 std::string("cumulative EQD2, each voxel with the alpha/beta of its tissue"));
    f.write_volume("/bed", r.sum.bed);
    f.write_attr("/bed", "units", std::string("Gy"));
    f.write_volume("/alpha_beta", r.sum.alpha_beta);
    f.write_attr("/alpha_beta", "units", std::string("Gy"));
    f.write_volume("/physical_sum", r.sum.physical);
    f.write_attr("/physical_sum", "units", std::string("Gy"));
    f.write_attr("/physical_sum", "quantity",
                 std::string("physical dose sum of courses with different fractionations: not "
                             "an iso-effective dose; use /eqd2"));
    f.create_group("/courses");
    for (std::size_t k = 0; k < r.list.courses.size(); ++k) {
      const std::string g = "/courses/" + std::to_string(k);
      f.create_group(g);
      f.write_attr(g, "name", r.list.courses[k].name);
      f.write_attr(g, "date", r.list.courses[k].date);
      f.write_attr(g, "fractions", static_cast<std::int64_t>(r.list.courses[k].fractions));
      f.write_attr(g, "dose_file", r.list.courses[k].dose.string());
      f.write_attr(g, "placement", r.inputs.courses[k].placement);
      f.write_volume(g + "/eqd2", r.sum.course_eqd2[k]);
      f.write_volume(g + "/inside", r.sum.course_inside[k]);
    }
    f.close();
  }
  out.commit();
}

nlohmann::json course_sum_json(const CoursesResult& r) {
  using nlohmann::json;
  const CourseSum& s = r.sum;
  json j;
  j["srtdose_version"] = SRTDOSE_VERSION;
  j["course_list"] = r.list.file.string();
  j["status"] = course_sum_status(s);
  j["model"] = to_string(r.options.base.model);
  j["alpha_beta_table"] = r.options.table.file.string();
  j["recovery"] = r.options.recovery ? json(r.options.recovery->file.string()) : json(nullptr);
  j["limits"] = r.options.limits ? json(r.options.limits->file.string()) : json(nullptr);
  j["structures"] = r.inputs.structures_source;
  j["registration"] = "rigid only; deformation between courses is not accounted for";
  json courses = json::array();
  for (std::size_t k = 0; k < r.list.courses.size(); ++k) {
    const CourseEntry& c = r.list.courses[k];
    courses.push_back({{"name", c.name},
                       {"date", c.date},
                       {"fractions", c.fractions},
                       {"dose", c.dose.string()},
                       {"months_before_current", r.list.months_before_current(k)},
                       {"placement", r.inputs.courses[k].placement},
                       {"edge_dose_fraction", s.edge_fraction[k]}});
  }
  j["courses"] = courses;
  json organs = json::array();
  for (const OrganSum& o : s.organs) {
    json per = json::array();
    for (std::size_t k = 0; k < o.courses.size(); ++k) {
      const OrganCourse& c = o.courses[k];
      per.push_back({{"course", r.list.courses[k].name},
                     {"counted_fraction", c.counted},
                     {"outside_dose_grid_pct", c.outside_pct},
                     {"physical_d0_035cc_gy", c.physical_near_max_gy},
                     {"physical_mean_gy", c.physical_mean_gy},
                     {"eqd2_d0_035cc_gy", c.eqd2_near_max_gy},
                     {"eqd2_mean_gy", c.eqd2_mean_gy}});
    }
    json cv = json::object();
    for (const auto& [metric, value] : o.critical_volumes_gy)
      cv[metric] = std::isfinite(value) ? json(value) : json(nullptr);
    organs.push_back({{"critical_volumes_eqd2_gy", cv},
                      {"name", o.name},
                      {"alpha_beta_gy", o.tissue.effective_alpha_beta_gy()},
                      {"model", to_string(o.tissue.model)},
                      {"recovery_organ", o.recovery_organ},
                      {"volume_cm3", o.volume_cm3},
                      {"courses", per},
                      {"eqd2_d0_035cc_gy", o.eqd2_near_max_gy},
                      {"eqd2_mean_gy", o.eqd2_mean_gy},
                      {"bed_d0_035cc_gy", o.bed_near_max_gy}});
  }
  j["organs"] = organs;
  json limits = json::array();
  for (const LimitResult& l : s.limits) {
    json e{{"organ", l.limit->organ},
           {"structure", l.structure},
           {"metric", l.limit->metric.text},
           {"applies_to", to_string(l.limit->scope)},
           {"alpha_beta_gy", l.limit->alpha_beta_gy},
           {"limit", l.limit->limit},
           {"unit", l.limit->metric.is_volume() ? "cm3" : "Gy EQD2"},
           {"status", to_string(l.status)},
           {"source", l.limit->source}};
    if (l.counted() && l.status != LimitResult::Status::not_evaluable) e["value"] = l.value;
    if (l.course >= 0) e["course"] = r.list.courses[static_cast<std::size_t>(l.course)].name;
    if (!l.detail.empty()) e["detail"] = l.detail;
    limits.push_back(e);
  }
  j["limit_results"] = limits;
  j["notes"] = r.inputs.notes;
  return j;
}

}  // namespace srtdose
