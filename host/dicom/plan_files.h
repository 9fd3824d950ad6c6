// The files of each RT Plan in a scanned folder: its structure set (by reference, else the
// frame of reference), the CT series the structure set references (else the plan's frame of
// reference), and the TPS RT Dose that references the plan; then the whole case imported.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/core/hu_calibration.h"
#include "host/dicom/rtplan.h"
#include "host/io/dicom_folder.h"
#include "host/io/rtdose.h"
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
/// empty ct_files (import_case then says why). The TPS dose is the first RT Dose referencing
/// the plan with PLAN or MULTI_PLAN summation, else the first referencing it.
std::vector<PlanFiles> group_plans(const FolderScan& scan);

/// The files of the RT Plan with plan_uid, or of the folder's only RT Plan when plan_uid is
/// empty. InputError naming `where` when there is none, or several and no UID (listing them).
PlanFiles find_plan(const FolderScan& scan, const std::string& plan_uid, const std::string& where);

/// The RT Plan as plan format, its prescription target named from the structure set.
ImportedPlan import_plan(const PlanFiles& files, const std::vector<MachineRule>& machines);

struct ImportedCase {
  ImportedPlan imported;  ///< plan with the prescription target named from the structure set
  PatientModel patient;
  std::optional<RtDose> tps_dose;
};

/// Reads everything of one plan. Throws InputError/IoError naming the file and the problem.
ImportedCase import_case(const PlanFiles& files, const std::vector<MachineRule>& machines,
                         const HuCalibration& calibration);

}  // namespace srtdose::dicom
