#include "host/check/plan_evaluation.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "host/core/error.h"
#include "host/core/resample.h"
#include "host/engine/compute_dose.h"
#include "host/engine/dose_file.h"
#include "host/plan/beam_reach.h"
#include "host/qa/structure_names.h"

namespace srtdose {

namespace fs = std::filesystem;

namespace {

/// The DVH metrics of both doses side by side: D98/D50/D2 of targets, Dmean and D0.035cc of
/// every structure, differences in % of ref_gy.
std::vector<MetricRow> metric_rows(const QaReport& ours, const QaReport& tps, double ref_gy) {
  std::vector<MetricRow> rows;
  for (std::size_t i = 0; i < ours.dvhs.size(); ++i) {
    const std::string& name = ours.dvhs[i].name;
    const StructureMetrics& mo = ours.metrics[i];
    const StructureMetrics& mt = tps.metrics[i];
    auto add = [&](const char* metric, double t, double u) {
      rows.push_back({name, metric, t, u, 100 * (u - t) / ref_gy});
    };
    if (is_target_name(name)) {
      add("D98%", mt.d98_gy, mo.d98_gy);
      add("D50%", mt.d50_gy, mo.d50_gy);
      add("D2%", mt.d2_gy, mo.d2_gy);
    }
    add("Dmean", mt.dmean_gy, mo.dmean_gy);
    add("D0.035cc", mt.d0_035cc_gy, mo.d0_035cc_gy);
  }
  return rows;
}

/// Refuses, before any computation, a plan whose check would mean nothing: no TPS dose in Gy
/// (unless allowed), beams that miss the CT or fields longer than it, no structure with a
/// contour.
void refuse_what_cannot_be_checked(const dicom::ImportedCase& c, const CheckOptions& o,
                                   const std::string& plan_file) {
  const Plan& plan = c.imported.plan;
  if (!o.allow_no_tps_dose && !(c.tps_dose && c.tps_dose->units == "GY"))
    throw InputError(plan_file + ": " +
                     (c.tps_dose ? "the TPS dose is in " + c.tps_dose->units + ", not GY"
                                 : std::string("no TPS dose (RT Dose) for this plan")) +
                     ": there is nothing to compare with; give --no-tps-dose to compute it "
                     "anyway (reported as no-reference)");
  const Box3 ct = c.patient.grid().bounds_mm();
  for (std::size_t i = 0; i < plan.beams.size(); ++i) {
    const std::string where = plan_file + ": beam " + std::to_string(i + 1);
    check_beam_reaches(plan.beams[i], plan.patient.position, ct, where);
    check_field_inside_ct(plan.beams[i], plan.patient.position, ct, where);
  }
  const bool any = std::any_of(c.patient.structures.begin(), c.patient.structures.end(),
                               [](const Structure& s) { return s.volume_cm3() > 0; });
  if (!any)
    throw InputError(plan_file + ": no structure with a contour on the CT (" +
                     std::to_string(c.patient.structures.size()) +
                     " in the structure set): DVHs and constraints cannot be evaluated");
}

/// The independent MU check of every beam (srtdose's per-beam doses, per fraction).
std::vector<BeamCheck> beam_checks(const PlanEvaluation& e, const CheckOptions& o) {
  const Plan& plan = e.imported.imported.plan;
  const auto& tps = e.imported.imported.beam_doses;
  std::vector<BeamCheck> out;
  for (std::size_t i = 0; i < plan.beams.size() && i < e.dose.per_beam.size(); ++i) {
    const BeamSpec& spec = plan.beams[i];
    const Volume<float>& d = e.dose.per_beam[i].second;
    BeamCheck b;
    b.beam = spec.name;
    b.mu = spec.mu;
    const dicom::TpsBeamDose* t = i < tps.size() ? &tps[i] : nullptr;
    b.point_from_plan = t && t->point_mm;
    b.point_mm = b.point_from_plan ? *t->point_mm : spec.isocenter_mm;
    if (t) b.tps_gy = t->dose_gy;
    const double at = interpolate_trilinear(d, b.point_mm, std::nan(""));
    if (!std::isfinite(at)) {
      b.status = "n/a (point outside the dose grid)";
      out.push_back(b);
      continue;
    }
    b.ours_gy = at / plan.fractions;
    if (!b.tps_gy) {
      b.status = "n/a (no BeamDose in the RT Plan)";
    } else if (at < 0.1 * d.max_value()) {
      b.status = "n/a (point below 10 % of the beam's maximum)";
    } else if (!(*b.tps_gy > 0)) {
      b.status = "n/a (BeamDose 0)";
    } else {
      b.ratio = b.ours_gy / *b.tps_gy;
      b.mu_for_tps_dose = b.mu / b.ratio;
      b.status = std::abs(b.ratio - 1) * 100 <= o.mu_tolerance_pct ? "pass" : "fail";
    }
    out.push_back(b);
  }
  return out;
}

}  // namespace

PlanEvaluation evaluate_plan(const dicom::PlanFiles& files, const CheckOptions& o,
                             const fs::path& out_dir) {
  PlanEvaluation e;
  const auto t0 = std::chrono::steady_clock::now();
  const std::string label = files.plan->path.string();
  auto stage = [&](const char* name) {
    if (o.on_stage)
      o.on_stage(label, name,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  };
  e.imported = dicom::import_case(files, o.machines, o.hu_curve);
  const dicom::ImportedCase& c = e.imported;
  const Plan& plan = c.imported.plan;
  const std::string plan_file = files.plan->path.string();
  refuse_what_cannot_be_checked(e.imported, o, plan_file);
  stage("import");

  // The dose, as `srtdose dose` computes it; --machine is for plans mapped to a built-in
  // machine (a plan mapped to a file uses that file).
  DoseRequest request;
  request.plan_path = plan_file;
  request.machine = fs::is_regular_file(plan.machine) ? std::string() : o.machine_file.string();
  request.options = o.dose;
  request.patient = &c.patient;
  // Computed at the TPS dose grid's resolution over the whole CT, then onto that grid.
  request.dose_grid = c.tps_dose ? c.tps_dose->dose.grid() : c.patient.grid();
  const auto t_dose = std::chrono::steady_clock::now();
  e.dose = compute_dose(plan, request);
  e.dose_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_dose).count();
  stage("dose");
  e.beams = beam_checks(e, o);
  fs::create_directories(out_dir);
  write_dose_file(out_dir / "srtdose_dose.h5", plan, e.dose);

  const Volume<float>& ours = e.dose.dose;
  e.have_tps = c.tps_dose && c.tps_dose->units == "GY";
  e.rx_gy = plan.prescription ? plan.prescription->dose_gy : 0;
  e.tps_max_gy = e.have_tps ? c.tps_dose->dose.max_value() : ours.max_value();
  e.ref_gy = e.rx_gy > 0 ? e.rx_gy : e.tps_max_gy;
  e.stereotactic = e.tps_max_gy / plan.fractions >= o.stereotactic_gy_per_fraction;

  // Gamma with the TPS dose as reference.
  if (e.have_tps) {
    e.gamma = gamma_index(c.tps_dose->dose, ours, o.gamma, o.dose.device);
    if (e.stereotactic)
      e.gamma_stereotactic =
          gamma_index(c.tps_dose->dose, ours, GammaOptions::preset("2%/1mm"), o.dose.device);
    stage("gamma");
  }

  // DVH metrics and constraints for the plan's fraction number on both doses: the QA front
  // door (structures of zero volume left out).
  QaRequest qa;
  qa.constraints = o.constraints;
  qa.conformity = false;
  qa.skip_empty_structures = true;
  e.qa_ours = run_qa(plan, c.patient, ours, qa, plan_file);
  if (e.have_tps) {
    e.qa_tps = run_qa(plan, c.patient, c.tps_dose->dose, qa, plan_file);
    e.rows = metric_rows(e.qa_ours, *e.qa_tps, e.ref_gy);
  }
  stage("DVH");
  return e;
}

}  // namespace srtdose
