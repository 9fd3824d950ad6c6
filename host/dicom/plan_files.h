// The files of each RT Plan in a scanned folder: its structure set (by reference, else the
// frame of reference), the CT series the structure set references (else the plan's frame of
// reference), and the TPS RT Dose that references the plan; then the whole case imported.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/core/hu_calibration.h"
#include "host/dicom/dicom_folder.h"
#include "host/dicom/rtdose.h"
#include "host/dicom/rtplan.h"
#include "host/plan/patient_model.h"

namespace srtdose::dicom {

struct PlanFiles {
  const DicomEntry* plan = nullptr;
  const DicomEntry* structure_set = nullptr;  ///< may be null
  const DicomEntry* dose = nullptr;           ///< TPS dose (PLAN summation preferred), may be null
  std::vector<std::filesystem::path> ct_files;
  std::string ct_series_uid;
  /// Unreadable DICOM-looking files in the plan's folders ("path: reason"): named in errors.
  std::vector<std::string> unreadable_nearby;
};

/// One PlanFiles per RT Plan of the scan, in file order. A plan whose CT cannot be found has
/// empty ct_files (import_case then says why).
std::vector<PlanFiles> group_plans(const FolderScan& scan);

/// The patient of a CT series and an optional structure set (rasterised on the CT grid).
PatientModel dicom_patient_from(const std::vector<std::filesystem::path>& ct_files,
                                const std::filesystem::path* structure_set,
                                PatientPosition position, const HuCalibration& calibration);

/// Names the imported plan's prescription target from the structure set's ROI (no-op when the
/// plan has no prescription or the files no structure set).
void name_prescription(ImportedPlan& imported, const PlanFiles& files);

struct ImportedCase {
  ImportedPlan imported;  ///< plan with the prescription target named from the structure set
  PatientModel patient;
  std::optional<RtDose> tps_dose;
};

/// Reads everything of one plan. Throws InputError/IoError naming the file and the problem.
ImportedCase import_case(const PlanFiles& files, const std::vector<MachineRule>& machines,
                         const HuCalibration& calibration);

}  // namespace srtdose::dicom
