// Export of a plan as a DICOM RT Plan: photon beams with their control points (static beams
// as two, arcs at their spacing), ASYMX/ASYMY jaws, MLCX leaves, cones as applicators, beam
// meterset, fractions and patient position.
#pragma once

#include <filesystem>
#include <string>

#include "host/io/dicom_writer.h"
#include "host/plan/plan.h"

namespace srtdose::dicom {

/// Writes the plan; returns its SOP Instance UID. TreatmentMachineName is the plan's machine
/// name, NominalBeamEnergy `energy_mv`. structure_set_uid may be empty; a prescription is
/// written as a TARGET dose reference to ROI `prescription_roi` (0: a SITE reference).
std::string write_rtplan(const std::filesystem::path& path, const Plan& plan,
                         const DicomIdentity& id, const std::string& structure_set_uid,
                         int prescription_roi = 0, double energy_mv = 6);

}  // namespace srtdose::dicom
