#include "host/qa/course_sum.h"

#include <algorithm>
#include <cmath>

#include "host/core/error.h"
#include "host/core/resample.h"
#include "host/geometry/rigid_resample.h"
#include "host/qa/bed_maps.h"
#include "host/qa/dvh_metric.h"
#include "host/qa/structure_names.h"
#include "host/util/number_format.h"

namespace srtdose {

const char* to_string(LimitResult::Status s) {
  switch (s) {
    case LimitResult::Status::pass:
      return "pass";
    case LimitResult::Status::fail:
      return "FAIL";
    case LimitResult::Status::not_applicable:
      return "n/a (structure missing)";
    case LimitResult::Status::not_evaluable:
      return "n/a (organ smaller than critical volume)";
    case LimitResult::Status::incomplete:
      return "INCOMPLETE";
    case LimitResult::Status::interval:
      return "FAIL (interval)";
  }
  return "?";
}

double course_eqd2_gy(double d_gy, int fractions, const TissueModel& t) {
  if (!(d_gy > 0)) return 0;
  return eqd2_gy(bed_gy(fractions, d_gy / fractions, t), t.effective_alpha_beta_gy());
}

namespace {

/// Highest dose on the six faces of the grid over the highest dose anywhere.
double edge_dose_fraction(const Volume<float>& d) {
  const Grid3& g = d.grid();
  const double max = d.max_value();
  if (!(max > 0)) return 0;
  double edge = 0;
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const bool face =
            i == 0 || j == 0 || k == 0 || i == g.nx() - 1 || j == g.ny() - 1 || k == g.nz() - 1;
        if (face) edge = std::max(edge, static_cast<double>(d.at(i, j, k)));
      }
  return edge / max;
}

Volume<float> eqd2_volume(const Volume<float>& dose, int fractions, const TissueModel& t,
                          double counted) {
  Volume<float> out(dose.grid());
#pragma omp parallel for schedule(static)
  for (std::int64_t v = 0; v < dose.grid().size(); ++v)
    out[v] = static_cast<float>(counted * course_eqd2_gy(dose[v], fractions, t));
  return out;
}

Volume<float> sum_of(const std::vector<Volume<float>>& parts) {
  Volume<float> s = parts.front();
  for (std::size_t k = 1; k < parts.size(); ++k)
    for (std::int64_t v = 0; v < s.grid().size(); ++v) s[v] += parts[k][v];
  return s;
}

double near_max(const Dvh& d) {
  return d.dose_at_volume_cm3(0.035);
}

}  // namespace

CourseSum sum_courses(const std::vector<CourseDose>& courses,
                      const std::vector<const Structure*>& structures,
                      const CourseSumOptions& opt) {
  if (courses.size() < 2) throw InputError("a course sum needs at least two courses");
  if (structures.empty()) throw InputError("a course sum needs the current course's structures");
  const std::size_t nc = courses.size();
  CourseSum s;
  s.grid = courses.back().dose_gy->grid();
  const Grid3& g = s.grid;
  std::vector<Volume<float>> placed;         // physical dose of each course on the grid
  std::vector<TissueModel> tissues;          // per structure
  std::vector<std::vector<double>> counted;  // [structure][course]: recovery

  // Physical doses in the current frame.
  for (std::size_t k = 0; k < nc; ++k) {
    const CourseDose& c = courses[k];
    s.edge_fraction.push_back(edge_dose_fraction(*c.dose_gy));
    if (k + 1 == nc) {
      placed.push_back(*c.dose_gy);
      s.course_inside.emplace_back(g, std::uint8_t{1});
      continue;
    }
    RigidResample r = resample_rigid(*c.dose_gy, g, c.to_current.inverse());
    if (r.inside_voxels == 0)
      throw InputError("course '" + c.name +
                       "': its dose grid, placed in the current frame, does not overlap the "
                       "current course's dose grid (check its placement)");
    placed.push_back(std::move(r.values));
    s.course_inside.push_back(std::move(r.inside));
  }

  // Tissues and recovery per structure.
  TissueModel other = opt.base;
  if (other.model == BedModel::usc) other.model = BedModel::lq;
  other.alpha_beta_gy = opt.table.default_alpha_beta_gy;
  std::vector<Dvh> stubs;
  std::vector<const Volume<float>*> masks;
  for (const Structure* st : structures) {
    const bool target = is_target_name(st->name);
    tissues.push_back(tissue_model_for(opt.table, st->name, target, opt.base));
    tissues.back().validate();
    const OrganRecovery* rec = opt.recovery ? opt.recovery->find(st->name) : nullptr;
    std::vector<double> per_course;
    for (std::size_t k = 0; k < nc; ++k)
      per_course.push_back(rec && k + 1 < nc ? rec->counted_after(courses[k].months_before_current)
                                             : 1.0);
    counted.push_back(per_course);
    Dvh stub;
    stub.name = st->name;
    stub.volume_cm3 = st->volume_cm3();
    stubs.push_back(stub);
    masks.push_back(&st->fraction);
    OrganSum o;
    o.name = st->name;
    o.is_target = target;
    o.tissue = tissues.back();
    o.recovery_organ = rec ? rec->organ : "";
    s.organs.push_back(o);
  }

  // Voxel maps: each voxel with the tissue of the structure that owns it.
  const std::vector<int> owner = voxel_tissue_owner(g, masks, stubs, -1);
  s.physical = sum_of(placed);
  s.bed = Volume<float>(g);
  s.alpha_beta = Volume<float>(g);
  for (std::size_t k = 0; k < nc; ++k) {
    Volume<float> e(g);
#pragma omp parallel for schedule(static)
    for (std::int64_t v = 0; v < g.size(); ++v) {
      const int o = owner[static_cast<std::size_t>(v)];
      const TissueModel& t = o < 0 ? other : tissues[static_cast<std::size_t>(o)];
      const double f = o < 0 ? 1.0 : counted[static_cast<std::size_t>(o)][k];
      const double d = placed[k][v];
      const double b = d > 0 ? bed_gy(courses[k].fractions, d / courses[k].fractions, t) : 0.0;
      e[v] = static_cast<float>(f * eqd2_gy(b, t.effective_alpha_beta_gy()));
      s.bed[v] += static_cast<float>(f * b);
      s.alpha_beta[v] = static_cast<float>(t.effective_alpha_beta_gy());
    }
    s.course_eqd2.push_back(std::move(e));
  }
  s.eqd2 = sum_of(s.course_eqd2);

  // Organ figures.
  for (std::size_t i = 0; i < structures.size(); ++i) {
    const Structure& st = *structures[i];
    OrganSum& o = s.organs[i];
    const Volume<float> mask =
        st.fraction.grid() == g ? st.fraction : resample_trilinear(st.fraction, g, 0.0f);
    std::vector<Volume<float>> parts;
    for (std::size_t k = 0; k < nc; ++k) {
      OrganCourse oc;
      oc.counted = counted[i][k];
      const Dvh phys = compute_dvh(st.name, st.fraction, placed[k], opt.dvh);
      oc.physical_near_max_gy = near_max(phys);
      oc.physical_mean_gy = phys.mean_gy;
      parts.push_back(eqd2_volume(placed[k], courses[k].fractions, o.tissue, oc.counted));
      const Dvh e = compute_dvh(st.name, st.fraction, parts.back(), opt.dvh);
      oc.eqd2_near_max_gy = near_max(e);
      oc.eqd2_mean_gy = e.mean_gy;
      double in = 0, out = 0;
      for (std::int64_t v = 0; v < g.size(); ++v) {
        in += mask[v];
        if (!s.course_inside[k][v]) out += mask[v];
      }
      const double vv = g.voxel_volume_cm3();
      const double total = in * vv + phys.outside_volume_cm3;
      oc.outside_pct = total > 0 ? 100 * (out * vv + phys.outside_volume_cm3) / total : 0;
      o.courses.push_back(oc);
    }
    o.eqd2_dvh = compute_dvh(st.name, st.fraction, sum_of(parts), opt.dvh);
    o.volume_cm3 = o.eqd2_dvh.volume_cm3;
    o.eqd2_near_max_gy = near_max(o.eqd2_dvh);
    o.eqd2_mean_gy = o.eqd2_dvh.mean_gy;
    o.bed_near_max_gy = o.eqd2_near_max_gy * (1 + 2 / o.tissue.effective_alpha_beta_gy());
    if (opt.critical_volumes)
      for (const Constraint& c : opt.critical_volumes->constraints) {
        if (c.metric.kind != DvhMetric::Kind::critical_volume ||
            match_structure({st.name}, opt.critical_volumes->aliases.at(c.organ)) != 0)
          continue;
        const bool seen = std::any_of(o.critical_volumes_gy.begin(), o.critical_volumes_gy.end(),
                                      [&](const auto& m) { return m.first == c.metric.text; });
        if (!seen) o.critical_volumes_gy.emplace_back(c.metric.text, c.metric.evaluate(o.eqd2_dvh));
      }
  }

  // Re-irradiation limits.
  if (opt.limits) {
    std::vector<std::string> names;
    for (const Structure* st : structures) names.push_back(st->name);
    // The shortest interval between consecutive courses.
    double shortest = 1e9;
    std::size_t shortest_at = 0;
    for (std::size_t k = 0; k + 1 < nc; ++k) {
      const double m = courses[k].months_before_current - courses[k + 1].months_before_current;
      if (m < shortest) shortest = m, shortest_at = k;
    }
    for (const CumulativeLimit& l : opt.limits->limits) {
      LimitResult r;
      r.limit = &l;
      const int idx = match_structure(names, opt.limits->aliases.at(l.organ));
      if (idx < 0) {
        s.limits.push_back(r);
        continue;
      }
      const auto i = static_cast<std::size_t>(idx);
      r.structure = names[i];
      const Structure& st = *structures[i];
      TissueModel t = tissues[i];
      t.alpha_beta_gy = l.alpha_beta_gy;
      if (t.model == BedModel::usc) t.model = BedModel::lq;
      auto value_of = [&](const Volume<float>& e) {
        return l.metric.evaluate(compute_dvh(st.name, st.fraction, e, opt.dvh));
      };
      std::vector<std::size_t> used;
      if (l.scope == LimitScope::cumulative) {
        std::vector<Volume<float>> parts;
        for (std::size_t k = 0; k < nc; ++k) {
          parts.push_back(eqd2_volume(placed[k], courses[k].fractions, t, counted[i][k]));
          used.push_back(k);
        }
        r.value = value_of(sum_of(parts));
      } else if (l.scope == LimitScope::current) {
        r.value = value_of(eqd2_volume(placed[nc - 1], courses[nc - 1].fractions, t, 1.0));
        used.push_back(nc - 1);
      } else {
        r.value = -1;
        for (std::size_t k = 0; k < nc; ++k) {
          const double v = value_of(eqd2_volume(placed[k], courses[k].fractions, t, 1.0));
          used.push_back(k);
          if (!std::isfinite(v)) {
            r.value = v;
            break;
          }
          if (v > r.value) r.value = v, r.course = static_cast<int>(k);
        }
      }
      if (!std::isfinite(r.value)) {
        r.status = LimitResult::Status::not_evaluable;
        s.limits.push_back(r);
        continue;
      }
      r.status = r.value <= l.limit ? LimitResult::Status::pass : LimitResult::Status::fail;
      if (r.status == LimitResult::Status::pass)
        for (std::size_t k : used) {
          const OrganCourse& oc = s.organs[i].courses[k];
          if (oc.outside_pct > 0.1 && s.edge_fraction[k] >= opt.edge_dose_fraction) {
            r.status = LimitResult::Status::incomplete;
            r.detail = fixed(oc.outside_pct, 1) + " % of " + r.structure +
                       " lies outside the dose grid of course '" + courses[k].name +
                       "', whose dose at its grid edge is " + fixed(100 * s.edge_fraction[k], 1) +
                       " % of its maximum: the dose there is unknown";
            break;
          }
        }
      if (l.min_interval_months > 0 && l.scope != LimitScope::each &&
          shortest < l.min_interval_months) {
        r.status = LimitResult::Status::interval;
        r.detail = "the limit holds after at least " + fixed(l.min_interval_months, 0) +
                   " months between courses; '" + courses[shortest_at].name + "' to '" +
                   courses[shortest_at + 1].name + "' is " + fixed(shortest, 1) + " months";
      }
      s.limits.push_back(r);
    }
  }
  for (const LimitResult& r : s.limits) {
    if (!r.counted() || r.status == LimitResult::Status::not_evaluable) continue;
    ++s.evaluated;
    if (!r.passed()) ++s.failed;
  }
  return s;
}

}  // namespace srtdose
