#include "host/dicom/rtplan_writer.h"

#include <dcmtk/dcmdata/dctk.h>

#include <cmath>

#include "host/core/error.h"
#include "host/plan/beam_segments.h"
#include "host/plan/mlc_model.h"

namespace srtdose::dicom {

namespace {

/// Control points of a beam in DICOM form: gantry, aperture, cumulative weight 0..1.
std::vector<ControlPoint> control_points(const BeamSpec& b) {
  if (!b.control_points.empty()) {
    std::vector<ControlPoint> cps = b.control_points;
    const double last = cps.back().meterset_weight;
    for (ControlPoint& c : cps) c.meterset_weight /= last;
    return cps;
  }
  if (b.arc) {
    const double length = arc_length_deg(b.arc->start_deg, b.arc->stop_deg, b.arc->direction);
    const int n = std::max(1, arc_segment_count(*b.arc));
    const double sign = b.arc->direction == RotationDirection::CW ? 1 : -1;
    std::vector<ControlPoint> cps;
    for (int i = 0; i <= n; ++i) {
      double g = std::fmod(b.arc->start_deg + sign * length * i / n, 360.0);
      if (g < 0) g += 360;
      cps.push_back({g, static_cast<double>(i) / n, b.aperture});
    }
    return cps;
  }
  return {{b.gantry_deg, 0.0, b.aperture}, {b.gantry_deg, 1.0, b.aperture}};
}

}  // namespace

std::string write_rtplan(const std::filesystem::path& path, const Plan& plan,
                         const DicomIdentity& id, const std::string& structure_set_uid,
                         int prescription_roi, double energy_mv) {
  DatasetBuilder b(UID_RTPlanStorage, "RTPLAN", id, new_uid(), 3, "srtdose plan");
  b.put(DCM_RTPlanLabel, plan.name.substr(0, 16));
  b.put(DCM_RTPlanName, plan.name.substr(0, 64));
  b.put(DCM_RTPlanDate, id.date);
  b.put(DCM_RTPlanTime, id.time);
  b.put(DCM_RTPlanGeometry, "PATIENT");
  b.put(DCM_InstanceNumber, "1");
  if (!structure_set_uid.empty()) {
    DcmItem* rs = b.add_item(DCM_ReferencedStructureSetSequence);
    b.put(DCM_ReferencedSOPClassUID, UID_RTStructureSetStorage, rs);
    b.put(DCM_ReferencedSOPInstanceUID, structure_set_uid, rs);
  }
  if (plan.prescription) {
    DcmItem* ref = b.add_item(DCM_DoseReferenceSequence);
    b.put(DCM_DoseReferenceNumber, "1", ref);
    b.put(DCM_DoseReferenceUID, new_uid(), ref);
    b.put(DCM_DoseReferenceStructureType, prescription_roi > 0 ? "VOLUME" : "SITE", ref);
    if (prescription_roi > 0) b.put(DCM_ReferencedROINumber, std::to_string(prescription_roi), ref);
    b.put(DCM_DoseReferenceDescription, plan.prescription->target, ref);
    b.put(DCM_DoseReferenceType, "TARGET", ref);
    b.put(DCM_TargetPrescriptionDose, decimal(plan.prescription->dose_gy), ref);
  }
  DcmItem* setup = b.add_item(DCM_PatientSetupSequence);
  b.put(DCM_PatientSetupNumber, "1", setup);
  b.put(DCM_PatientPosition, std::string(to_string(plan.patient.position)), setup);
  DcmItem* group = b.add_item(DCM_FractionGroupSequence);
  b.put(DCM_FractionGroupNumber, "1", group);
  b.put(DCM_NumberOfFractionsPlanned, std::to_string(plan.fractions), group);
  b.put(DCM_NumberOfBeams, std::to_string(plan.beams.size()), group);
  b.put(DCM_NumberOfBrachyApplicationSetups, "0", group);
  for (std::size_t n = 0; n < plan.beams.size(); ++n) {
    const BeamSpec& beam = plan.beams[n];
    const std::string number = std::to_string(n + 1);
    DcmItem* ref = b.add_item(DCM_ReferencedBeamSequence, group);
    b.put(DCM_ReferencedBeamNumber, number, ref);
    b.put(DCM_BeamMeterset, decimal(beam.mu), ref);
    std::vector<ControlPoint> cps = control_points(beam);
    // DICOM needs jaws on every beam (BeamLimitingDeviceSequence is type 1): a cone beam
    // without them gets the jaws it is computed with (default_cone_jaws).
    for (ControlPoint& c : cps) c.aperture = delivered_aperture(c.aperture);
    bool moving = false;
    for (const ControlPoint& c : cps) moving = moving || c.gantry_deg != cps[0].gantry_deg;
    DcmItem* bi = b.add_item(DCM_BeamSequence);
    b.put(DCM_BeamNumber, number, bi);
    b.put(DCM_BeamName, beam.name.substr(0, 64), bi);
    b.put(DCM_BeamType, cps.size() > 2 || moving ? "DYNAMIC" : "STATIC", bi);
    b.put(DCM_RadiationType, "PHOTON", bi);
    b.put(DCM_TreatmentMachineName, plan.machine.substr(0, 16), bi);
    b.put(DCM_PrimaryDosimeterUnit, "MU", bi);
    b.put(DCM_SourceAxisDistance, decimal(beam.sad_mm), bi);
    b.put(DCM_TreatmentDeliveryType, "TREATMENT", bi);
    b.put(DCM_ReferencedPatientSetupNumber, "1", bi);
    b.put(DCM_NumberOfWedges, "0", bi);
    b.put(DCM_NumberOfCompensators, "0", bi);
    b.put(DCM_NumberOfBoli, "0", bi);
    b.put(DCM_NumberOfBlocks, "0", bi);
    b.put(DCM_FinalCumulativeMetersetWeight, "1", bi);
    b.put(DCM_NumberOfControlPoints, std::to_string(cps.size()), bi);
    const Aperture& a0 = cps[0].aperture;
    if (a0.jaws) {
      for (const char* t : {"ASYMX", "ASYMY"}) {
        DcmItem* dev = b.add_item(DCM_BeamLimitingDeviceSequence, bi);
        b.put(DCM_RTBeamLimitingDeviceType, t, dev);
        b.put(DCM_NumberOfLeafJawPairs, "1", dev);
      }
    }
    if (a0.mlc) {
      const MlcGeometry& geo = mlc_geometry(a0.mlc->model);
      DcmItem* dev = b.add_item(DCM_BeamLimitingDeviceSequence, bi);
      b.put(DCM_RTBeamLimitingDeviceType, "MLCX", dev);
      b.put(DCM_NumberOfLeafJawPairs, std::to_string(geo.pairs()), dev);
      b.put(DCM_LeafPositionBoundaries, decimals(geo.boundaries_mm), dev);
    }
    if (a0.cone_mm) {
      DcmItem* app = b.add_item(DCM_ApplicatorSequence, bi);
      b.put(DCM_ApplicatorID, "CONE " + decimal(*a0.cone_mm) + "mm", app);
      b.put(DCM_ApplicatorType, "STEREOTACTIC", app);
      DcmItem* geo = b.add_item(DCM_ApplicatorGeometrySequence, app);
      b.put(DCM_ApplicatorApertureShape, "SYM_CIRCULAR", geo);
      b.put(DCM_ApplicatorOpening, decimal(*a0.cone_mm), geo);
    }
    for (std::size_t i = 0; i < cps.size(); ++i) {
      DcmItem* cp = b.add_item(DCM_ControlPointSequence, bi);
      b.put(DCM_ControlPointIndex, std::to_string(i), cp);
      b.put(DCM_CumulativeMetersetWeight, decimal(cps[i].meterset_weight), cp);
      if (i == 0 || cps[i].gantry_deg != cps[i - 1].gantry_deg)
        b.put(DCM_GantryAngle, decimal(cps[i].gantry_deg), cp);
      if (i == 0) {
        b.put(DCM_NominalBeamEnergy, decimal(energy_mv), cp);
        const char* rotation =
            !moving ? "NONE"
                    : (beam.arc && beam.arc->direction == RotationDirection::CC ? "CC" : "CW");
        b.put(DCM_GantryRotationDirection, rotation, cp);
        b.put(DCM_BeamLimitingDeviceAngle, decimal(beam.collimator_deg), cp);
        b.put(DCM_BeamLimitingDeviceRotationDirection, "NONE", cp);
        b.put(DCM_PatientSupportAngle, decimal(beam.couch_deg), cp);
        b.put(DCM_PatientSupportRotationDirection, "NONE", cp);
        b.put(DCM_TableTopEccentricAngle, "0", cp);
        b.put(DCM_TableTopEccentricRotationDirection, "NONE", cp);
        b.put(DCM_IsocenterPosition,
              decimals({beam.isocenter_mm.x, beam.isocenter_mm.y, beam.isocenter_mm.z}), cp);
      }
      const Aperture& a = cps[i].aperture;
      if (a.jaws) {
        DcmItem* x = b.add_item(DCM_BeamLimitingDevicePositionSequence, cp);
        b.put(DCM_RTBeamLimitingDeviceType, "ASYMX", x);
        b.put(DCM_LeafJawPositions, decimals({a.jaws->x1, a.jaws->x2}), x);
        DcmItem* y = b.add_item(DCM_BeamLimitingDevicePositionSequence, cp);
        b.put(DCM_RTBeamLimitingDeviceType, "ASYMY", y);
        b.put(DCM_LeafJawPositions, decimals({a.jaws->y1, a.jaws->y2}), y);
      }
      if (a.mlc) {
        DcmItem* m = b.add_item(DCM_BeamLimitingDevicePositionSequence, cp);
        b.put(DCM_RTBeamLimitingDeviceType, "MLCX", m);
        std::vector<double> leaves = a.mlc->a_mm;
        leaves.insert(leaves.end(), a.mlc->b_mm.begin(), a.mlc->b_mm.end());
        b.put(DCM_LeafJawPositions, decimals(leaves), m);
      }
    }
  }
  b.save(path);
  return b.sop_uid();
}

}  // namespace srtdose::dicom
