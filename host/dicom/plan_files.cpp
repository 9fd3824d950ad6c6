#include "host/dicom/plan_files.h"

#include <map>
#include <set>

#include "host/core/error.h"
#include "host/io/rtstruct.h"
#include "host/plan/dicom_patient.h"
#include "host/plan/plan_parser.h"

namespace srtdose::dicom {

namespace {

/// Names the imported plan's prescription target from the structure set's ROI (no-op when the
/// plan has no prescription or the files no structure set).
void name_prescription(ImportedPlan& imported, const PlanFiles& f) {
  if (!imported.prescription_gy || !f.structure_set || imported.prescription_roi_number <= 0)
    return;
  const StructureSet set = read_rtstruct(DicomFile::load(f.structure_set->path));
  for (const RoiContours& roi : set.rois)
    if (roi.number == imported.prescription_roi_number) {
      Prescription p;
      p.target = roi.name;
      p.dose_gy = *imported.prescription_gy;
      p.fractions = imported.plan.fractions;
      imported.plan.prescription = p;
    }
}

}  // namespace

std::vector<PlanFiles> group_plans(const FolderScan& scan) {
  std::vector<PlanFiles> out;
  for (const DicomEntry* p : scan.of("RTPLAN")) {
    PlanFiles f;
    f.plan = p;
    for (const DicomEntry* rs : scan.of("RTSTRUCT"))
      if (!p->referenced_uid.empty() && rs->sop_uid == p->referenced_uid) f.structure_set = rs;
    if (!f.structure_set) {
      std::vector<const DicomEntry*> same_frame;
      for (const DicomEntry* rs : scan.of("RTSTRUCT"))
        if (!p->frame_uid.empty() && rs->frame_uid == p->frame_uid) same_frame.push_back(rs);
      if (same_frame.size() == 1) f.structure_set = same_frame.front();
    }
    // CT: the series the structure set references, else the one series of the plan's frame.
    if (f.structure_set) f.ct_series_uid = f.structure_set->referenced_uid;
    if (f.ct_series_uid.empty()) {
      std::set<std::string> series;
      const std::string frame = f.structure_set ? f.structure_set->frame_uid : p->frame_uid;
      for (const DicomEntry* ct : scan.of("CT"))
        if (!frame.empty() && ct->frame_uid == frame) series.insert(ct->series_uid);
      if (series.size() == 1) f.ct_series_uid = *series.begin();
    }
    for (const DicomEntry* ct : scan.of("CT"))
      if (!f.ct_series_uid.empty() && ct->series_uid == f.ct_series_uid)
        f.ct_files.push_back(ct->path);
    for (const DicomEntry* d : scan.of("RTDOSE")) {
      if (d->referenced_uid != p->sop_uid) continue;
      const bool whole_plan = d->summation == "PLAN" || d->summation == "MULTI_PLAN";
      if (!f.dose ||
          (whole_plan && f.dose->summation != "PLAN" && f.dose->summation != "MULTI_PLAN"))
        f.dose = d;
    }
    std::set<std::filesystem::path> folders{p->path.parent_path()};
    for (const auto& ct : f.ct_files) folders.insert(ct.parent_path());
    for (std::size_t u = 0; u < scan.unreadable_paths.size(); ++u)
      if (folders.count(scan.unreadable_paths[u].parent_path()))
        f.unreadable_nearby.push_back(scan.unreadable[u]);
    out.push_back(std::move(f));
  }
  return out;
}

PlanFiles find_plan(const FolderScan& scan, const std::string& uid, const std::string& where) {
  std::vector<PlanFiles> plans = group_plans(scan);
  if (!uid.empty()) {
    for (PlanFiles& p : plans)
      if (p.plan->sop_uid == uid) return std::move(p);
    throw InputError(where + ": no RT Plan with SOP Instance UID " + uid);
  }
  if (plans.empty()) throw InputError(where + ": no RT Plan in the folder");
  if (plans.size() > 1) {
    std::string list;
    for (const PlanFiles& p : plans)
      list += "\n  " + p.plan->sop_uid + "  " + p.plan->path.filename().string();
    throw InputError(where + ": " + std::to_string(plans.size()) +
                     " RT Plans; choose one by its SOP Instance UID:" + list);
  }
  return std::move(plans.front());
}

ImportedPlan import_plan(const PlanFiles& f, const std::vector<MachineRule>& machines) {
  ImportedPlan p = read_rtplan(DicomFile::load(f.plan->path), machines);
  name_prescription(p, f);
  validate_plan(p.plan, f.plan->path.string());
  return p;
}

ImportedCase import_case(const PlanFiles& f, const std::vector<MachineRule>& machines,
                         const HuCalibration& calibration) {
  ImportedCase c;
  c.imported = import_plan(f, machines);
  Plan& plan = c.imported.plan;
  if (f.ct_files.empty())
    throw InputError(f.plan->path.string() + ": no CT series found for the plan (none referenced " +
                     "by its structure set, and none unique in its frame of reference)");
  const std::filesystem::path* rs = f.structure_set ? &f.structure_set->path : nullptr;
  try {
    c.patient = dicom_patient_from(f.ct_files, rs, plan.patient.position, calibration);
  } catch (const Error& e) {
    if (f.unreadable_nearby.empty()) throw;
    std::string files;
    for (const std::string& u : f.unreadable_nearby) files += "; " + u;
    throw IoError(std::string(e.what()) + " (unreadable files beside it" + files + ")");
  }
  if (f.dose) c.tps_dose = read_rtdose(DicomFile::load(f.dose->path));
  return c;
}

}  // namespace srtdose::dicom
