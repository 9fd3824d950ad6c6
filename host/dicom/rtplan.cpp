#include "host/dicom/rtplan.h"

#include <dcmtk/dcmdata/dcdeftag.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <regex>
#include <sstream>

#include "host/core/data_dir.h"
#include "host/core/error.h"
#include "host/core/limits.h"
#include "host/plan/mlc_model.h"
#include "host/util/json_cursor.h"
#include "host/util/json_file.h"

namespace srtdose::dicom {

namespace fs = std::filesystem;

std::vector<MachineRule> read_machine_map(const fs::path& path) {
  const nlohmann::json doc = read_json_file(path, "DICOM machine mapping");
  JsonCursor root(doc, path.string(), "");
  root.expect_object();
  if (root.at("srtdose_dicom_machines").integer() != 1)
    root.fail("srtdose_dicom_machines: only version 1 is known");
  if (auto d = root.find("description")) d->string();
  std::vector<MachineRule> rules;
  for (JsonCursor r : root.at("machines").elements()) {
    r.expect_object();
    MachineRule m;
    m.treatment_machine = r.at("treatment_machine").string();
    m.energy_mv = r.at("energy_mv").number_in(1, 25, "energy_mv");
    m.fluence = r.at("fluence").string();
    if (m.fluence != "STANDARD" && m.fluence != "FFF" && m.fluence != "SRS")
      r.fail("fluence: use STANDARD, FFF or SRS");
    m.machine = r.at("machine").string();
    if (std::find(builtin_machine_names().begin(), builtin_machine_names().end(), m.machine) ==
            builtin_machine_names().end() &&
        fs::path(m.machine).is_relative())
      m.machine = (path.parent_path() / m.machine).string();
    r.finish();
    rules.push_back(m);
  }
  root.finish();
  return rules;
}

fs::path default_machine_map() {
  return data_dir() / "machines" / "dicom-machines.json";
}

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// The aperture state carried from control point to control point (DICOM sends changes only).
struct State {
  double gantry = 0, collimator = 0, couch = 0;
  std::optional<Vec3> iso;
  std::optional<double> x1, x2, y1, y2;
  std::vector<double> leaves;  ///< 2N: bank A then bank B
  std::optional<double> energy;
};

MlcModel mlc_model_for(const DicomItem& device, const std::string& beam) {
  const int pairs = device.integer(DCM_NumberOfLeafJawPairs, 1, 1000);
  const std::vector<double> b = device.numbers(DCM_LeafPositionBoundaries);
  if (static_cast<int>(b.size()) != pairs + 1)
    throw IoError(device.where(DCM_LeafPositionBoundaries) + ": " + std::to_string(b.size()) +
                  " boundaries for " + std::to_string(pairs) + " leaf pairs");
  for (MlcModel m : {MlcModel::HD120, MlcModel::Millennium120, MlcModel::Agility160}) {
    const MlcGeometry& g = mlc_geometry(m);
    if (g.pairs() != pairs) continue;
    bool same = true;
    for (int i = 0; i <= pairs; ++i)
      same = same && std::abs(g.boundaries_mm[static_cast<std::size_t>(i)] -
                              b[static_cast<std::size_t>(i)]) < 0.1;
    if (same) return m;
  }
  throw InputError(device.where(DCM_LeafPositionBoundaries) + ": beam \"" + beam +
                   "\": an MLC of " + std::to_string(pairs) +
                   " leaf pairs whose boundaries match no known model (hd120, millennium120, "
                   "agility160)");
}

/// Cone diameter (mm at the isocentre) of a stereotactic applicator, if the beam has one.
std::optional<double> cone_diameter(const DicomItem& beam, const std::string& name) {
  for (const DicomItem& a : beam.sequence(DCM_ApplicatorSequence)) {
    const std::string type = upper(a.optional_string(DCM_ApplicatorType).value_or(""));
    const std::string id = a.optional_string(DCM_ApplicatorID).value_or("") + " " +
                           a.optional_string(DCM_ApplicatorDescription).value_or("");
    for (const DicomItem& geo : a.sequence(DCM_ApplicatorGeometrySequence))
      if (auto opening = geo.optional_number(DCM_ApplicatorOpening)) return *opening;
    std::smatch m;
    static const std::regex mm(R"((\d+(?:\.\d+)?)\s*mm)", std::regex::icase);
    if (type.find("STEREO") != std::string::npos || upper(id).find("CONE") != std::string::npos) {
      if (std::regex_search(id, m, mm)) return std::stod(m[1]);
      throw InputError(a.where(DCM_ApplicatorID) + ": beam \"" + name +
                       "\": stereotactic applicator without a diameter (ApplicatorOpening or "
                       "\"NN mm\" in its ID)");
    }
    throw InputError(a.where(DCM_ApplicatorType) + ": beam \"" + name + "\": applicator type " +
                     type + " is not supported (stereotactic cones only)");
  }
  return std::nullopt;
}

void update(State& s, const DicomItem& cp, bool first, const std::string& beam) {
  if (auto g = cp.optional_number(DCM_GantryAngle)) s.gantry = *g;
  if (auto c = cp.optional_number(DCM_BeamLimitingDeviceAngle)) s.collimator = *c;
  if (auto c = cp.optional_number(DCM_PatientSupportAngle)) s.couch = *c;
  if (auto e = cp.optional_number(DCM_NominalBeamEnergy)) s.energy = *e;
  if (auto iso = cp.optional_numbers(DCM_IsocenterPosition)) {
    if (iso->size() != 3) throw IoError(cp.where(DCM_IsocenterPosition) + ": needs 3 values");
    s.iso = Vec3{(*iso)[0], (*iso)[1], (*iso)[2]};
  }
  if (auto t = cp.optional_number(DCM_TableTopEccentricAngle); t && std::abs(*t) > 1e-6)
    throw InputError(cp.where(DCM_TableTopEccentricAngle) + ": beam \"" + beam +
                     "\": table-top eccentric rotation is not supported");
  for (const DicomItem& p : cp.sequence(DCM_BeamLimitingDevicePositionSequence)) {
    const std::string type = upper(p.string(DCM_RTBeamLimitingDeviceType));
    const std::vector<double> v = p.numbers(DCM_LeafJawPositions);
    if (type == "X" || type == "ASYMX") {
      if (v.size() != 2) throw IoError(p.where(DCM_LeafJawPositions) + ": needs 2 values");
      s.x1 = v[0], s.x2 = v[1];
    } else if (type == "Y" || type == "ASYMY") {
      if (v.size() != 2) throw IoError(p.where(DCM_LeafJawPositions) + ": needs 2 values");
      s.y1 = v[0], s.y2 = v[1];
    } else if (type == "MLCX") {
      s.leaves = v;
    } else {
      throw InputError(p.where(DCM_RTBeamLimitingDeviceType) + ": beam \"" + beam + "\": " + type +
                       " is not supported (X, Y, ASYMX, ASYMY, MLCX)");
    }
  }
  if (first && !s.iso)
    throw IoError(cp.where(DCM_IsocenterPosition) + ": missing on the first control point");
}

Aperture aperture_of(const State& s, std::optional<MlcModel> mlc, std::optional<double> cone,
                     const std::string& beam, const std::string& where) {
  Aperture a;
  a.cone_mm = cone;
  if (s.x1 || s.y1) {
    if (!s.x1 || !s.y1)
      throw InputError(where + ": beam \"" + beam + "\": X and Y jaws must both be given");
    a.jaws = Jaws{*s.x1, *s.x2, *s.y1, *s.y2};
  }
  if (mlc) {
    const int n = mlc_geometry(*mlc).pairs();
    if (static_cast<int>(s.leaves.size()) != 2 * n)
      throw IoError(where + ": beam \"" + beam + "\": " + std::to_string(s.leaves.size()) +
                    " MLCX positions, expected " + std::to_string(2 * n));
    MlcPositions m;
    m.model = *mlc;
    m.a_mm.assign(s.leaves.begin(), s.leaves.begin() + n);
    m.b_mm.assign(s.leaves.begin() + n, s.leaves.end());
    a.mlc = m;
  }
  if (!a.jaws && !a.cone_mm)
    throw InputError(where + ": beam \"" + beam +
                     "\": no jaws and no cone: the field is undefined");
  return a;
}

bool same_aperture(const Aperture& a, const Aperture& b) {
  auto jaw_eq = [](const std::optional<Jaws>& x, const std::optional<Jaws>& y) {
    if (!x || !y) return !x && !y;
    return x->x1 == y->x1 && x->x2 == y->x2 && x->y1 == y->y1 && x->y2 == y->y2;
  };
  auto mlc_eq = [](const std::optional<MlcPositions>& x, const std::optional<MlcPositions>& y) {
    if (!x || !y) return !x && !y;
    return x->a_mm == y->a_mm && x->b_mm == y->b_mm;
  };
  return jaw_eq(a.jaws, b.jaws) && mlc_eq(a.mlc, b.mlc) && a.cone_mm == b.cone_mm;
}

}  // namespace

ImportedPlan read_rtplan(const DicomFile& f, const std::vector<MachineRule>& machines) {
  const DicomItem d = f.dataset();
  require_modality(f, "RTPLAN");
  ImportedPlan out;
  Plan& plan = out.plan;
  plan.source_file = f.path();
  plan.name = d.optional_string(DCM_RTPlanLabel)
                  .value_or(d.optional_string(DCM_RTPlanName).value_or(f.path().stem().string()));
  out.sop_instance_uid = d.optional_string(DCM_SOPInstanceUID).value_or("");
  out.frame_of_reference_uid = d.optional_string(DCM_FrameOfReferenceUID).value_or("");
  out.study_uid = d.optional_string(DCM_StudyInstanceUID).value_or("");
  out.patient_id = d.optional_string(DCM_PatientID).value_or("");
  out.patient_name = d.optional_string(DCM_PatientName).value_or("");
  for (const DicomItem& r : d.sequence(DCM_ReferencedStructureSetSequence))
    if (out.referenced_structure_set_uid.empty())
      out.referenced_structure_set_uid =
          r.optional_string(DCM_ReferencedSOPInstanceUID).value_or("");

  for (const DicomItem& ref : d.sequence(DCM_DoseReferenceSequence)) {
    if (upper(ref.optional_string(DCM_DoseReferenceStructureType).value_or("")) == "POINT")
      if (auto pt = ref.optional_numbers(DCM_DoseReferencePointCoordinates)) {
        if (pt->size() != 3 || !std::all_of(pt->begin(), pt->end(), [](double v) {
              return std::isfinite(v) && std::abs(v) <= 1e4;
            }))
          throw InputError(ref.where(DCM_DoseReferencePointCoordinates) +
                           ": expected 3 coordinates within +-10 m");
        out.dose_reference_points.push_back(
            {ref.optional_string(DCM_DoseReferenceDescription)
                 .value_or("point " + std::to_string(out.dose_reference_points.size() + 1)),
             Vec3{(*pt)[0], (*pt)[1], (*pt)[2]}});
      }
    if (upper(ref.optional_string(DCM_DoseReferenceType).value_or("")) != "TARGET") continue;
    const auto rx = ref.optional_number(DCM_TargetPrescriptionDose);
    if (!rx || out.prescription_gy) continue;
    out.prescription_gy = *rx;
    out.prescription_roi_number =
        ref.optional_integer(DCM_ReferencedROINumber, kMinId, kMaxId).value_or(0);
  }
  const std::vector<DicomItem> groups = d.required_sequence(DCM_FractionGroupSequence);
  if (groups.size() > 1)
    throw InputError(d.where(DCM_FractionGroupSequence) + ": " + std::to_string(groups.size()) +
                     " fraction groups; only plans with one are supported");
  plan.fractions = groups[0].integer(DCM_NumberOfFractionsPlanned, 1, 100);
  if (plan.fractions < 1)
    throw InputError(groups[0].where(DCM_NumberOfFractionsPlanned) + ": must be >= 1");
  std::map<int, double> meterset;
  std::map<int, TpsBeamDose> beam_dose;
  for (const DicomItem& r : groups[0].sequence(DCM_ReferencedBeamSequence)) {
    const int number = r.integer(DCM_ReferencedBeamNumber, kMinId, kMaxId);
    if (auto mu = r.optional_number(DCM_BeamMeterset)) meterset[number] = *mu;
    TpsBeamDose& bd = beam_dose[number];
    if (auto dose = r.optional_number(DCM_BeamDose)) {
      if (!(*dose >= 0 && *dose <= kMaxDoseGy))
        throw InputError(r.where(DCM_BeamDose) + ": " + std::to_string(*dose) +
                         " Gy is not a dose per fraction");
      bd.dose_gy = *dose;
    }
    // (300A,0082): retired in the standard, still what TPSs write for the beam dose point.
    if (auto pt = r.optional_numbers(DCM_RETIRED_BeamDoseSpecificationPoint)) {
      if (pt->size() != 3 || !std::all_of(pt->begin(), pt->end(), [](double v) {
            return std::isfinite(v) && std::abs(v) <= 1e4;
          }))
        throw InputError(r.where(DCM_RETIRED_BeamDoseSpecificationPoint) +
                         ": expected 3 coordinates within +-10 m");
      bd.point_mm = Vec3{(*pt)[0], (*pt)[1], (*pt)[2]};
    }
  }
  std::map<int, std::string> setup_position;
  for (const DicomItem& s : d.sequence(DCM_PatientSetupSequence))
    setup_position[s.integer(DCM_PatientSetupNumber, kMinId, kMaxId)] =
        s.optional_string(DCM_PatientPosition).value_or("HFS");

  std::optional<std::string> position, machine;
  for (const DicomItem& b : d.required_sequence(DCM_BeamSequence)) {
    const int number = b.integer(DCM_BeamNumber, kMinId, kMaxId);
    const std::string name =
        b.optional_string(DCM_BeamName).value_or("Beam" + std::to_string(number));
    const std::string delivery =
        upper(b.optional_string(DCM_TreatmentDeliveryType).value_or("TREATMENT"));
    if (delivery != "TREATMENT") {
      out.notes.push_back("beam \"" + name + "\" skipped: treatment delivery type " + delivery);
      continue;
    }
    const std::string radiation = upper(b.string(DCM_RadiationType));
    if (radiation != "PHOTON")
      throw InputError(b.where(DCM_RadiationType) + ": beam \"" + name + "\": " + radiation +
                       " beams are not supported (photons only)");
    for (const auto& [tag, what] :
         {std::pair{DCM_NumberOfWedges, "wedges"},
          std::pair{DCM_NumberOfCompensators, "compensators"},
          std::pair{DCM_NumberOfBlocks, "blocks"}, std::pair{DCM_NumberOfBoli, "boluses"}})
      if (b.optional_number(tag).value_or(0) > 0)
        throw InputError(b.where(tag) + ": beam \"" + name + "\" has " + what +
                         ", which srtdose does not model");
    if (!meterset.count(number))
      throw InputError(groups[0].where(DCM_ReferencedBeamSequence) +
                       ": no BeamMeterset for beam \"" + name + "\"");
    // Patient position of the beam's setup.
    const auto setup = setup_position.find(
        b.optional_integer(DCM_ReferencedPatientSetupNumber, kMinId, kMaxId).value_or(1));
    const std::string pos = setup != setup_position.end() ? setup->second : "HFS";
    if (position && *position != pos)
      throw InputError(f.path().string() + ": beams with different patient positions (" +
                       *position + ", " + pos + ")");
    position = pos;
    // Machine mapping: name + nominal energy + fluence mode.
    std::string fluence = "STANDARD";
    for (const DicomItem& fm : b.sequence(DCM_PrimaryFluenceModeSequence))
      if (upper(fm.optional_string(DCM_FluenceMode).value_or("STANDARD")) == "NON_STANDARD")
        fluence = upper(fm.optional_string(DCM_FluenceModeID).value_or("FFF"));
    std::optional<MlcModel> mlc;
    for (const DicomItem& dev : b.sequence(DCM_BeamLimitingDeviceSequence))
      if (upper(dev.string(DCM_RTBeamLimitingDeviceType)) == "MLCX") mlc = mlc_model_for(dev, name);
    const std::optional<double> cone = cone_diameter(b, name);

    BeamSpec spec;
    spec.name = name;
    spec.sad_mm = b.optional_number(DCM_SourceAxisDistance).value_or(1000.0);
    spec.mu = meterset[number];
    const std::vector<DicomItem> cps = b.required_sequence(DCM_ControlPointSequence);
    const double final_weight = b.optional_number(DCM_FinalCumulativeMetersetWeight).value_or(1.0);
    if (!(final_weight > 0))
      throw IoError(b.where(DCM_FinalCumulativeMetersetWeight) + ": must be > 0");
    State s;
    std::vector<ControlPoint> points;
    for (std::size_t i = 0; i < cps.size(); ++i) {
      update(s, cps[i], i == 0, name);
      if (i > 0 && (std::abs(s.collimator - spec.collimator_deg) > 1e-6 ||
                    std::abs(s.couch - spec.couch_deg) > 1e-6))
        throw InputError(cps[i].where() + ": beam \"" + name +
                         "\": collimator or couch rotation during the beam is not supported");
      if (i == 0) {
        spec.gantry_deg = s.gantry, spec.collimator_deg = s.collimator, spec.couch_deg = s.couch;
        spec.isocenter_mm = *s.iso;
      } else if (s.iso && !(*s.iso == spec.isocenter_mm)) {
        throw InputError(cps[i].where() + ": beam \"" + name +
                         "\": the isocentre moves during the beam");
      }
      ControlPoint cp;
      cp.gantry_deg = s.gantry;
      cp.meterset_weight = cps[i].number(DCM_CumulativeMetersetWeight) / final_weight;
      cp.aperture = aperture_of(s, mlc, cone, name, cps[i].where());
      points.push_back(cp);
    }
    const std::string machine_name = b.optional_string(DCM_TreatmentMachineName).value_or("");
    const double energy = s.energy.value_or(0);
    const MachineRule* rule = nullptr;
    for (const MachineRule& r : machines)
      if ((r.treatment_machine == "*" || upper(r.treatment_machine) == upper(machine_name)) &&
          std::abs(r.energy_mv - energy) < 0.01 && r.fluence == fluence) {
        rule = &r;
        break;
      }
    std::ostringstream energy_stream;
    energy_stream << energy;
    const std::string energy_text = energy_stream.str();
    if (!rule)
      throw InputError(
          b.where(DCM_TreatmentMachineName) + ": beam \"" + name + "\": machine \"" + machine_name +
          "\", " + energy_text + " MV " + fluence +
          " matches no rule of the machine map. To check it, copy " +
          default_machine_map().string() + ", add a rule {\"treatment_machine\": \"" +
          machine_name + "\", \"energy_mv\": " + energy_text + ", \"fluence\": \"" + fluence +
          "\", \"machine\": \"<built-in name or machine file>\"} above the others and pass the "
          "copy with --machine-map");
    if (machine && *machine != rule->machine)
      throw InputError(f.path().string() + ": beams map to different machines (" + *machine + ", " +
                       rule->machine + ")");
    machine = rule->machine;
    bool is_static = true;
    for (const ControlPoint& cp : points)
      is_static = is_static && cp.gantry_deg == points[0].gantry_deg &&
                  same_aperture(cp.aperture, points[0].aperture);
    if (is_static)
      spec.aperture = points[0].aperture;
    else
      spec.control_points = std::move(points);
    TpsBeamDose bd = beam_dose[number];
    bd.beam = spec.name;
    out.beam_doses.push_back(bd);
    plan.beams.push_back(std::move(spec));
  }
  if (plan.beams.empty()) throw InputError(f.path().string() + ": no treatment beams");
  plan.machine = *machine;
  plan.patient.position =
      patient_position_by_name(*position, f.path().string() + ": PatientPosition");
  return out;
}

}  // namespace srtdose::dicom
