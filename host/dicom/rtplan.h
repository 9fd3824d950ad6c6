// RT Plan -> plan format v1: photon beams, static and arc control points (gantry, collimator,
// couch, isocentre, cumulative meterset weights), X/Y/ASYMX/ASYMY jaws, MLCX leaves per control
// point, stereotactic cones (applicator sequence), beam meterset and fractions, patient
// position; the machine from TreatmentMachineName + nominal energy + fluence mode through a
// mapping file. Anything it cannot represent is an error naming the beam and the feature.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/io/dicom_file.h"
#include "host/plan/plan.h"

namespace srtdose::dicom {

/// One rule of the machine mapping file (plans/machines/dicom-machines.json).
struct MachineRule {
  std::string treatment_machine = "*";  ///< TreatmentMachineName, or "*" for any
  double energy_mv = 6;                 ///< NominalBeamEnergy (MV)
  std::string fluence = "STANDARD";     ///< STANDARD or FFF (or SRS)
  std::string machine;                  ///< built-in name or machine-file path
};

/// Reads a mapping file; relative machine-file paths resolve against its folder.
std::vector<MachineRule> read_machine_map(const std::filesystem::path& path);
/// The default mapping file (data_dir()/machines/dicom-machines.json).
std::filesystem::path default_machine_map();

/// What the TPS says one beam delivers per fraction at a point (RT Plan Fraction Group,
/// Referenced Beam: BeamDose and BeamDoseSpecificationPoint), for the independent MU check.
struct TpsBeamDose {
  std::string beam;               ///< the beam's name (as in Plan::beams)
  std::optional<double> dose_gy;  ///< per fraction, when the plan gives it
  std::optional<Vec3> point_mm;   ///< the beam's dose specification point, when given
};

/// A point of the RT Plan's Dose Reference Sequence (DoseReferenceStructureType POINT).
struct DoseReferencePoint {
  std::string description;
  Vec3 point_mm;
};

struct ImportedPlan {
  Plan plan;  ///< beams, machine, fractions, position; patient and dose grid left to the caller
  std::string sop_instance_uid, frame_of_reference_uid, study_uid, patient_id, patient_name;
  std::string referenced_structure_set_uid;
  std::vector<std::string> notes;  ///< things skipped on purpose (setup beams), by name
  /// Prescription from the first TARGET dose reference with a TargetPrescriptionDose (Gy,
  /// total) and, for a VOLUME reference, the structure set's ROI number (0 when none).
  std::optional<double> prescription_gy;
  int prescription_roi_number = 0;
  std::vector<TpsBeamDose> beam_doses;  ///< one per imported treatment beam, in beam order
  std::vector<DoseReferencePoint> dose_reference_points;
};

/// Converts an RT Plan. Throws IoError (malformed file) or InputError (unsupported content:
/// electrons, wedges, compensators, blocks, MLCY, several fraction groups, unmapped machine).
ImportedPlan read_rtplan(const DicomFile& file, const std::vector<MachineRule>& machines);

}  // namespace srtdose::dicom
