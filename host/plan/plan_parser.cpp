#include "host/plan/plan_parser.h"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "host/core/error.h"
#include "host/core/limits.h"
#include "host/core/materials.h"
#include "host/core/memory_budget.h"
#include "host/plan/beam_reach.h"
#include "host/plan/plan_writer.h"
#include "host/util/json_cursor.h"
#include "host/util/json_file.h"

namespace srtdose {

namespace fs = std::filesystem;

namespace {

constexpr int kFormatVersion = 1;

double positive(const JsonCursor& c, const char* what, double max) {
  const double v = c.number();
  if (!(v > 0)) c.fail(std::string(what) + " must be > 0");
  if (v > max) {
    std::ostringstream msg;
    msg << what << " must be at most " << max << ", got " << v;
    c.fail(msg.str());
  }
  return v;
}

double angle_deg(const JsonCursor& c) {
  const double v = c.number();
  if (v < 0.0 || v >= 360.0) {
    std::ostringstream msg;
    msg << "angle must be in [0, 360) degrees as in DICOM, got " << v << " (write "
        << std::fmod(std::fmod(v, 360.0) + 360.0, 360.0) << " instead)";
    c.fail(msg.str());
  }
  return v;
}

double density(const JsonCursor& c) {
  return positive(c, "density (g/cm3)", kMaxDensityGcm3);
}

/// [x, y, z] in patient coordinates, each within +-kMaxPatientCoordinateMm.
Vec3 position(const JsonCursor& c) {
  const Vec3 v = c.vec3();
  for (int a = 0; a < 3; ++a) {
    if (std::abs(v[a]) > kMaxPatientCoordinateMm) {
      std::ostringstream msg;
      msg << "positions must be within +-" << kMaxPatientCoordinateMm << " mm, got " << v[a];
      c.fail(msg.str());
    }
  }
  return v;
}

/// A number in [lo, hi], with the unit in the message.
double number_between(const JsonCursor& c, double lo, double hi, const char* what) {
  const double v = c.number();
  if (!(v >= lo && v <= hi)) {
    std::ostringstream msg;
    msg << what << " must be >= " << lo << " and <= " << hi << ", got " << v;
    c.fail(msg.str());
  }
  return v;
}

std::pair<double, double> ordered_pair(const JsonCursor& c, const char* lo_name,
                                       const char* hi_name, double limit) {
  const std::vector<double> v = c.numbers();
  if (v.size() != 2) c.fail(std::string("must be [") + lo_name + ", " + hi_name + "]");
  if (!(v[0] < v[1])) {
    std::ostringstream msg;
    msg << lo_name << " (" << v[0] << " mm) must be less than " << hi_name << " (" << v[1]
        << " mm)";
    c.fail(msg.str());
  }
  if (std::abs(v[0]) > limit || std::abs(v[1]) > limit) {
    std::ostringstream msg;
    msg << "positions must be within +-" << limit << " mm";
    c.fail(msg.str());
  }
  return {v[0], v[1]};
}

Box3 extent_box(JsonCursor c) {
  c.expect_object();
  Box3 b;
  const char* names[3] = {"x", "y", "z"};
  for (int a = 0; a < 3; ++a) {
    const auto [lo, hi] = ordered_pair(c.at(names[a]), "min", "max", kMaxPatientCoordinateMm);
    b.min_mm[a] = lo;
    b.max_mm[a] = hi;
  }
  c.finish();
  return b;
}

Vec3 voxel_size(const JsonCursor& c) {
  const Vec3 v = c.vec3();
  for (int a = 0; a < 3; ++a) {
    if (!(v[a] > 0) || v[a] > 50) c.fail("voxel sizes must be > 0 and <= 50 mm");
  }
  return v;
}

/// Reads the geometry keys of a box / sphere / cylinder object (type included).
Shape parse_shape(JsonCursor& c) {
  Shape s;
  const JsonCursor type_c = c.at("type");
  const std::string type = type_c.string();
  if (type == "box") {
    s.type = ShapeType::Box;
    JsonCursor min_c = c.at("min_mm"), max_c = c.at("max_mm");
    s.min_mm = position(min_c);
    s.max_mm = position(max_c);
    for (int a = 0; a < 3; ++a) {
      if (!(s.min_mm[a] < s.max_mm[a])) max_c.fail("max_mm must exceed min_mm on every axis");
    }
  } else if (type == "sphere") {
    s.type = ShapeType::Sphere;
    s.center_mm = position(c.at("center_mm"));
    s.radius_mm = positive(c.at("radius_mm"), "radius_mm", 1e4);
  } else if (type == "cylinder") {
    s.type = ShapeType::Cylinder;
    s.center_mm = position(c.at("center_mm"));
    s.radius_mm = positive(c.at("radius_mm"), "radius_mm", 1e4);
    s.length_mm = positive(c.at("length_mm"), "length_mm", 2e4);
    const JsonCursor axis_c = c.at("axis");
    const std::string axis = axis_c.string();
    if (axis == "x")
      s.axis = 0;
    else if (axis == "y")
      s.axis = 1;
    else if (axis == "z")
      s.axis = 2;
    else
      axis_c.fail("axis must be \"x\", \"y\" or \"z\", got \"" + axis + "\"");
  } else {
    type_c.fail("type must be \"box\", \"sphere\" or \"cylinder\", got \"" + type + "\"");
  }
  return s;
}

std::string nonempty_string(const JsonCursor& c) {
  std::string s = c.string();
  if (s.empty()) c.fail("must not be empty");
  return s;
}

/// A structure name: not empty, at most 64 characters (DICOM ROIName is LO), no '/' or control
/// character, not "." or ".." (names become HDF5 dataset names and report file names).
std::string structure_name(const JsonCursor& c) {
  std::string s = nonempty_string(c);
  if (s.size() > 64) c.fail("structure names have at most 64 characters");
  if (s == "." || s == "..") c.fail("\"" + s + "\" is not a structure name");
  for (const char ch : s)
    if (ch == '/' || static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f)
      c.fail("structure names may not hold '/' or control characters");
  return s;
}

PhantomObject parse_object(JsonCursor c) {
  c.expect_object();
  PhantomObject o;
  o.shape = parse_shape(c);
  const JsonCursor mat = c.at("material");
  o.material = std::string(material_by_name(mat.string(), mat.file() + ": " + mat.path()).name);
  o.density_g_cm3 = density(c.at("density"));
  if (auto s = c.find("structure")) o.structure = structure_name(*s);
  c.finish();
  return o;
}

PhantomSpec parse_phantom(JsonCursor c) {
  c.expect_object();
  PhantomSpec p;
  JsonCursor extent_c = c.at("extent_mm");
  p.extent_mm = extent_box(extent_c);
  p.voxel_mm = voxel_size(c.at("voxel_mm"));
  // Throws when an extent is not a whole number of voxels.
  Grid3::covering(p.extent_mm, p.voxel_mm, extent_c.file() + ": " + extent_c.path());
  JsonCursor medium = c.at("medium");
  medium.expect_object();
  const JsonCursor mat = medium.at("material");
  p.medium_material =
      std::string(material_by_name(mat.string(), mat.file() + ": " + mat.path()).name);
  p.medium_density_g_cm3 = density(medium.at("density"));
  medium.finish();
  if (auto objects = c.find("objects")) {
    for (JsonCursor& o : objects->elements()) p.objects.push_back(parse_object(o));
  }
  c.finish();
  return p;
}

fs::path resolve(const JsonCursor& c, const fs::path& base_dir) {
  const fs::path p = nonempty_string(c);
  return p.is_absolute() ? p : base_dir / p;
}

HuCalibration parse_hu_table(JsonCursor c) {
  std::vector<std::pair<double, double>> pts;
  for (const JsonCursor& e : c.elements()) {
    const std::vector<double> v = e.numbers();
    if (v.size() != 2) e.fail("must be a [HU, density] pair");
    pts.emplace_back(v[0], v[1]);
  }
  return HuCalibration(std::move(pts), c.file() + ": " + c.path());
}

CtSpec parse_ct(JsonCursor c, const fs::path& base_dir) {
  c.expect_object();
  CtSpec ct;
  ct.hdf5 = resolve(c.at("hdf5"), base_dir);
  if (auto d = c.find("dataset")) ct.dataset = nonempty_string(*d);
  if (auto t = c.find("hu_to_density")) ct.hu_to_density = parse_hu_table(*t);
  c.finish();
  return ct;
}

PatientSpec parse_patient(JsonCursor c, const fs::path& base_dir) {
  c.expect_object();
  PatientSpec p;
  const int n = int(c.has("phantom")) + int(c.has("ct")) + int(c.has("dicom"));
  if (n != 1) c.fail("must have exactly one of \"phantom\", \"ct\", \"dicom\"");
  if (auto ph = c.find("phantom")) p.source = parse_phantom(*ph);
  if (auto ct = c.find("ct")) {
    CtSpec spec = parse_ct(*ct, base_dir);
    if (auto t = c.find("hu_to_density")) {
      if (ct->has("hu_to_density")) t->fail("given twice (also inside \"ct\")");
      spec.hu_to_density = parse_hu_table(*t);
    }
    p.source = std::move(spec);
  }
  if (auto d = c.find("dicom")) {
    d->expect_object();
    p.source = DicomSpec{resolve(d->at("dir"), base_dir)};
    d->finish();
  }
  if (auto pos = c.find("position")) {
    p.position = patient_position_by_name(pos->string(), pos->file() + ": " + pos->path());
  }
  if (!std::holds_alternative<CtSpec>(p.source) && c.has("hu_to_density")) {
    c.at("hu_to_density").fail("only applies to a \"ct\" patient");
  }
  c.finish();
  return p;
}

Jaws parse_jaws(JsonCursor c) {
  c.expect_object();
  Jaws j;
  std::tie(j.x1, j.x2) = ordered_pair(c.at("x"), "x1", "x2", kMaxApertureMm);
  std::tie(j.y1, j.y2) = ordered_pair(c.at("y"), "y1", "y2", kMaxApertureMm);
  c.finish();
  return j;
}

MlcPositions parse_mlc(JsonCursor c) {
  c.expect_object();
  MlcPositions m;
  const JsonCursor model_c = c.at("model");
  m.model = mlc_model_by_name(model_c.string(), model_c.file() + ": " + model_c.path());
  const int pairs = mlc_geometry(m.model).pairs();
  JsonCursor a_c = c.at("a_mm"), b_c = c.at("b_mm");
  m.a_mm = a_c.numbers();
  m.b_mm = b_c.numbers();
  for (auto* side : {&a_c, &b_c}) {
    const std::size_t n = side->json().size();
    if (n != static_cast<std::size_t>(pairs)) {
      side->fail("needs " + std::to_string(pairs) + " leaf positions for " +
                 std::string(mlc_geometry(m.model).name) + ", got " + std::to_string(n));
    }
  }
  for (int i = 0; i < pairs; ++i) {
    if (std::abs(m.a_mm[i]) > kMaxApertureMm || std::abs(m.b_mm[i]) > kMaxApertureMm) {
      b_c.fail("leaf " + std::to_string(i + 1) + " is beyond +-300 mm");
    }
    if (m.a_mm[i] > m.b_mm[i]) {
      std::ostringstream msg;
      msg << "leaf pair " << i + 1 << ": bank A (" << m.a_mm[i] << " mm) is beyond bank B ("
          << m.b_mm[i] << " mm); leaves would collide";
      b_c.fail(msg.str());
    }
  }
  c.finish();
  return m;
}

/// Reads jaws_mm / mlc / cone_mm of a beam or control point into `ap` (keys absent keep ap).
void parse_aperture_keys(JsonCursor& c, Aperture& ap) {
  if (auto j = c.find("jaws_mm")) ap.jaws = parse_jaws(*j);
  if (auto m = c.find("mlc")) ap.mlc = parse_mlc(*m);
  if (auto cone = c.find("cone_mm")) ap.cone_mm = positive(*cone, "cone_mm", 60.0);
}

void check_aperture(const JsonCursor& c, const Aperture& ap) {
  if (ap.cone_mm && ap.mlc) c.fail("a beam has either a cone (cone_mm) or an MLC, not both");
  if (!ap.cone_mm && !ap.jaws)
    c.fail("needs an aperture: \"jaws_mm\" (with optional \"mlc\") or \"cone_mm\"");
}

ArcSpec parse_arc(JsonCursor c) {
  c.expect_object();
  ArcSpec a;
  a.start_deg = angle_deg(c.at("start_deg"));
  a.stop_deg = angle_deg(c.at("stop_deg"));
  const JsonCursor dir = c.at("direction");
  const std::string d = dir.string();
  if (d == "CW")
    a.direction = RotationDirection::CW;
  else if (d == "CC")
    a.direction = RotationDirection::CC;
  else
    dir.fail("direction must be \"CW\" or \"CC\" (DICOM GantryRotationDirection), got \"" + d +
             "\"");
  if (auto s = c.find("spacing_deg"))
    a.spacing_deg = number_between(*s, kMinArcSpacingDeg, kMaxArcSpacingDeg, "spacing_deg");
  if (a.start_deg == a.stop_deg) c.fail("arc has zero length (start_deg == stop_deg)");
  c.finish();
  return a;
}

BeamSpec parse_beam(JsonCursor c) {
  c.expect_object();
  BeamSpec b;
  b.name = nonempty_string(c.at("name"));
  const bool has_arc = c.has("arc"), has_cps = c.has("control_points");
  if (has_arc && has_cps) c.fail("a beam has either \"arc\" or \"control_points\", not both");
  if (auto g = c.find("gantry_deg"))
    b.gantry_deg = angle_deg(*g);
  else if (!has_arc && !has_cps)
    c.fail("missing required key \"gantry_deg\"");
  if (auto col = c.find("collimator_deg")) b.collimator_deg = angle_deg(*col);
  if (auto couch = c.find("couch_deg")) b.couch_deg = angle_deg(*couch);
  b.isocenter_mm = position(c.at("isocenter_mm"));
  if (auto sad = c.find("sad_mm")) b.sad_mm = positive(*sad, "sad_mm", 2000.0);
  b.mu = number_between(c.at("mu"), 0, kMaxBeamMu, "mu (per fraction)");
  parse_aperture_keys(c, b.aperture);
  if (auto arc = c.find("arc")) {
    b.arc = parse_arc(*arc);
    b.gantry_deg = b.arc->start_deg;
  }
  if (auto cps = c.find("control_points")) {
    std::vector<JsonCursor> elems = cps->elements();
    if (elems.size() < 2) cps->fail("needs at least 2 control points");
    Aperture current = b.aperture;
    double gantry = b.gantry_deg;
    for (std::size_t i = 0; i < elems.size(); ++i) {
      JsonCursor& e = elems[i];
      e.expect_object();
      ControlPoint cp;
      if (auto g = e.find("gantry_deg"))
        gantry = angle_deg(*g);
      else if (i == 0 && !c.has("gantry_deg"))
        e.fail("missing required key \"gantry_deg\"");
      cp.gantry_deg = gantry;
      const JsonCursor w = e.at("meterset_weight");
      cp.meterset_weight = number_between(w, 0, kMaxMetersetWeight, "meterset_weight");
      if (i == 0 && cp.meterset_weight != 0)
        w.fail("the first cumulative meterset weight must be 0");
      if (i > 0 && cp.meterset_weight < b.control_points.back().meterset_weight) {
        w.fail("cumulative meterset weights must not decrease");
      }
      parse_aperture_keys(e, current);
      check_aperture(e, current);
      cp.aperture = current;
      e.finish();
      b.control_points.push_back(cp);
    }
    if (!(b.control_points.back().meterset_weight > 0)) {
      cps->fail("the last cumulative meterset weight must be > 0");
    }
    b.gantry_deg = b.control_points.front().gantry_deg;
    b.aperture = b.control_points.front().aperture;
  } else {
    check_aperture(c, b.aperture);
  }
  c.finish();
  return b;
}

DoseGridSpec parse_dose_grid(JsonCursor c) {
  c.expect_object();
  DoseGridSpec g;
  if (auto v = c.find("voxel_mm")) g.voxel_mm = voxel_size(*v);
  if (auto e = c.find("extent_mm")) g.extent_mm = extent_box(*e);
  c.finish();
  return g;
}

StructureSpec parse_structure(JsonCursor c, const fs::path& base_dir) {
  c.expect_object();
  StructureSpec s;
  if (c.has("hdf5")) {
    s.name = structure_name(c.at("name"));
    s.hdf5 = resolve(c.at("hdf5"), base_dir);
    s.dataset = "mask";
    if (auto d = c.find("dataset")) s.dataset = nonempty_string(*d);
  } else {
    s.shape = parse_shape(c);
    s.name = structure_name(c.at("structure"));
    // Material and density mean nothing for a mask but are accepted as in phantom objects.
    if (auto m = c.find("material")) material_by_name(m->string(), m->file() + ": " + m->path());
    if (auto d = c.find("density")) density(*d);
  }
  c.finish();
  return s;
}

Prescription parse_prescription(JsonCursor c) {
  c.expect_object();
  Prescription p;
  p.target = nonempty_string(c.at("target"));
  p.dose_gy = positive(c.at("dose_gy"), "dose_gy", 200.0);
  if (auto f = c.find("fractions")) {
    p.fractions = f->integer();
    if (p.fractions < 1 || p.fractions > 100) f->fail("fractions must be between 1 and 100");
  }
  if (auto cov = c.find("coverage")) {
    cov->expect_object();
    const JsonCursor v = cov->at("volume_pct");
    p.coverage_volume_pct = v.number();
    if (!(*p.coverage_volume_pct > 0 && *p.coverage_volume_pct <= 100)) {
      v.fail("volume_pct must be in (0, 100]");
    }
    cov->finish();
  }
  c.finish();
  return p;
}

std::string parse_machine(const JsonCursor& c, const fs::path& base_dir) {
  const std::string m = nonempty_string(c);
  for (const std::string& b : builtin_machine_names()) {
    if (m == b) return m;
  }
  const fs::path p = fs::path(m).is_absolute() ? fs::path(m) : base_dir / m;
  if (fs::is_regular_file(p)) return p.string();
  std::string names;
  for (const std::string& b : builtin_machine_names()) names += (names.empty() ? "" : ", ") + b;
  c.fail("unknown machine \"" + m + "\": neither a built-in machine (" + names +
         ") nor an existing machine file");
}

}  // namespace

const std::vector<std::string>& builtin_machine_names() {
  static const std::vector<std::string> names{"ideal-6mv", "generic-6mv", "generic-6fff",
                                              "generic-10mv", "generic-10fff"};
  return names;
}

Plan parse_plan_json(const nlohmann::json& doc, const std::string& label,
                     const fs::path& base_dir) {
  JsonCursor top(doc, label, "");
  top.expect_object();
  Plan plan;
  const JsonCursor version = top.at("srtdose_plan");
  if (version.integer() != kFormatVersion) {
    version.fail("unsupported plan format version " + std::to_string(version.integer()) +
                 " (this srtdose reads version 1)");
  }
  plan.name = nonempty_string(top.at("name"));
  if (auto d = top.find("description")) d->string();
  plan.patient = parse_patient(top.at("patient"), base_dir);
  plan.machine = parse_machine(top.at("machine"), base_dir);

  JsonCursor beams = top.at("beams");
  std::vector<JsonCursor> beam_elems = beams.elements();
  if (beam_elems.empty()) beams.fail("a plan needs at least one beam");
  std::set<std::string> beam_names;
  for (JsonCursor& b : beam_elems) {
    plan.beams.push_back(parse_beam(b));
    if (!beam_names.insert(plan.beams.back().name).second) {
      b.at("name").fail("duplicate beam name \"" + plan.beams.back().name + "\"");
    }
  }

  if (auto g = top.find("dose_grid")) {
    plan.dose_grid = parse_dose_grid(*g);
    // The engines compute at the dose grid's voxel size over the whole patient.
    if (const auto* ph = std::get_if<PhantomSpec>(&plan.patient.source)) {
      const Vec3 voxel = plan.dose_grid.voxel_mm.value_or(ph->voxel_mm);
      double voxels = 1;
      for (int a = 0; a < 3; ++a)
        voxels *= std::ceil((ph->extent_mm.max_mm[a] - ph->extent_mm.min_mm[a]) / voxel[a] - 1e-6);
      check_memory(g->file() + ": " + g->path() + ": the dose computation at this voxel size",
                   voxels, kWorkingBytesPerVoxel);
    }
  }

  std::set<std::string> structure_names;
  if (const auto* ph = std::get_if<PhantomSpec>(&plan.patient.source)) {
    for (std::size_t i = 0; i < ph->objects.size(); ++i) {
      const auto& name = ph->objects[i].structure;
      if (name && !structure_names.insert(*name).second)
        top.at("patient")
            .at("phantom")
            .at("objects")
            .elements()[i]
            .at("structure")
            .fail("duplicate structure name \"" + *name + "\"");
    }
  }
  if (auto s = top.find("structures")) {
    for (JsonCursor& e : s->elements()) {
      plan.structures.push_back(parse_structure(e, base_dir));
      if (!structure_names.insert(plan.structures.back().name).second) {
        e.fail("duplicate structure name \"" + plan.structures.back().name + "\"");
      }
    }
  }

  std::optional<int> top_fractions;
  if (auto f = top.find("fractions")) {
    top_fractions = f->integer();
    if (*top_fractions < 1 || *top_fractions > 100) f->fail("fractions must be between 1 and 100");
  }
  if (auto p = top.find("prescription")) {
    plan.prescription = parse_prescription(*p);
    if (p->has("fractions") && top_fractions && *top_fractions != plan.prescription->fractions) {
      p->at("fractions")
          .fail("prescription fractions (" + std::to_string(plan.prescription->fractions) +
                ") differ from the plan's \"fractions\" (" + std::to_string(*top_fractions) + ")");
    }
    if (!p->has("fractions") && top_fractions) plan.prescription->fractions = *top_fractions;
    if (!top_fractions) top_fractions = plan.prescription->fractions;
  }
  plan.fractions = top_fractions.value_or(1);
  top.finish();

  // Beams that cannot reach the patient are an input error, found before any computation.
  if (const auto* ph = std::get_if<PhantomSpec>(&plan.patient.source)) {
    for (std::size_t i = 0; i < plan.beams.size(); ++i) {
      check_beam_reaches(plan.beams[i], plan.patient.position, ph->extent_mm,
                         label + ": beams[" + std::to_string(i) + "]");
    }
  }
  return plan;
}

void validate_plan(const Plan& plan, const std::string& label) {
  Plan copy = plan;
  // The patient is not part of what is checked here (an import fills it in later).
  if (std::holds_alternative<PhantomSpec>(copy.patient.source))
    copy.patient.source = DicomSpec{"."};
  parse_plan_json(plan_to_json(copy, {}), label + " (as a plan)", fs::path("."));
}

Plan parse_plan_file(const fs::path& file) {
  const nlohmann::json doc = read_json_file(file, "plan file");
  Plan plan = parse_plan_json(doc, file.string(), file.parent_path());
  plan.source_file = file;
  return plan;
}

}  // namespace srtdose
