#include "host/plan/plan_writer.h"

#include "host/core/error.h"
#include "host/plan/mlc_model.h"

namespace srtdose {

namespace fs = std::filesystem;

namespace {

std::string relative_to(const fs::path& p, const fs::path& base) {
  if (base.empty()) return p.string();
  std::error_code ec;
  const fs::path rel = fs::relative(fs::absolute(p), fs::absolute(base), ec);
  return ec || rel.empty() ? fs::absolute(p).string() : rel.string();
}

nlohmann::json vec(const Vec3& v) {
  return nlohmann::json::array({v.x, v.y, v.z});
}

void put_aperture(nlohmann::json& j, const Aperture& a) {
  if (a.jaws) j["jaws_mm"] = {{"x", {a.jaws->x1, a.jaws->x2}}, {"y", {a.jaws->y1, a.jaws->y2}}};
  if (a.mlc)
    j["mlc"] = {{"model", std::string(mlc_geometry(a.mlc->model).name)},
                {"a_mm", a.mlc->a_mm},
                {"b_mm", a.mlc->b_mm}};
  if (a.cone_mm) j["cone_mm"] = *a.cone_mm;
}

}  // namespace

nlohmann::json plan_to_json(const Plan& plan, const fs::path& base) {
  nlohmann::json j;
  j["srtdose_plan"] = 1;
  j["name"] = plan.name;
  nlohmann::json patient;
  if (const auto* d = std::get_if<DicomSpec>(&plan.patient.source)) {
    patient["dicom"] = {{"dir", relative_to(d->dir, base)}};
  } else if (const auto* ct = std::get_if<CtSpec>(&plan.patient.source)) {
    patient["ct"] = {{"hdf5", relative_to(ct->hdf5, base)}, {"dataset", ct->dataset}};
  } else {
    throw InputError("plan writer: phantom patients are not written");
  }
  patient["position"] = std::string(to_string(plan.patient.position));
  j["patient"] = patient;
  j["machine"] = plan.machine;
  nlohmann::json beams = nlohmann::json::array();
  for (const BeamSpec& b : plan.beams) {
    nlohmann::json jb;
    jb["name"] = b.name;
    jb["collimator_deg"] = b.collimator_deg;
    jb["couch_deg"] = b.couch_deg;
    jb["isocenter_mm"] = vec(b.isocenter_mm);
    jb["sad_mm"] = b.sad_mm;
    jb["mu"] = b.mu;
    if (!b.control_points.empty()) {
      nlohmann::json cps = nlohmann::json::array();
      for (const ControlPoint& cp : b.control_points) {
        nlohmann::json jc{{"gantry_deg", cp.gantry_deg}, {"meterset_weight", cp.meterset_weight}};
        put_aperture(jc, cp.aperture);
        cps.push_back(jc);
      }
      jb["control_points"] = cps;
    } else {
      jb["gantry_deg"] = b.gantry_deg;
      put_aperture(jb, b.aperture);
      if (b.arc)
        jb["arc"] = {{"start_deg", b.arc->start_deg},
                     {"stop_deg", b.arc->stop_deg},
                     {"direction", b.arc->direction == RotationDirection::CW ? "CW" : "CC"},
                     {"spacing_deg", b.arc->spacing_deg}};
    }
    beams.push_back(jb);
  }
  j["beams"] = beams;
  nlohmann::json grid = nlohmann::json::object();
  if (plan.dose_grid.voxel_mm) grid["voxel_mm"] = vec(*plan.dose_grid.voxel_mm);
  if (plan.dose_grid.extent_mm) {
    const Box3& e = *plan.dose_grid.extent_mm;
    grid["extent_mm"] = {{"x", {e.min_mm.x, e.max_mm.x}},
                         {"y", {e.min_mm.y, e.max_mm.y}},
                         {"z", {e.min_mm.z, e.max_mm.z}}};
  }
  if (!grid.empty()) j["dose_grid"] = grid;
  nlohmann::json structures = nlohmann::json::array();
  for (const StructureSpec& s : plan.structures)
    if (!s.shape)
      structures.push_back(
          {{"name", s.name}, {"hdf5", relative_to(s.hdf5, base)}, {"dataset", s.dataset}});
  if (!structures.empty()) j["structures"] = structures;
  if (plan.prescription) {
    nlohmann::json p{{"target", plan.prescription->target},
                     {"dose_gy", plan.prescription->dose_gy},
                     {"fractions", plan.prescription->fractions}};
    if (plan.prescription->coverage_volume_pct)
      p["coverage"] = {{"volume_pct", *plan.prescription->coverage_volume_pct}};
    j["prescription"] = p;
  }
  j["fractions"] = plan.fractions;
  return j;
}

}  // namespace srtdose
