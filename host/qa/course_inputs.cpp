#include "host/qa/course_inputs.h"

#include <sstream>

#include "host/core/dose_values.h"
#include "host/core/error.h"
#include "host/io/dicom_file.h"
#include "host/io/hdf5_file.h"
#include "host/io/rtdose.h"
#include "host/io/rtstruct.h"
#include "host/io/spatial_registration.h"
#include "host/plan/plan_parser.h"
#include "host/util/number_format.h"

namespace srtdose {

namespace fs = std::filesystem;

namespace {

void read_dose(const CourseEntry& e, LoadedCourse& c) {
  const std::string what = e.dose.string();
  if (dicom::looks_like_dicom(e.dose)) {
    const dicom::DicomFile f = dicom::DicomFile::load(e.dose);
    dicom::RtDose d = dicom::read_rtdose(f);
    if (d.units != "GY")
      throw InputError(what + ": DoseUnits " + d.units + "; a course needs its dose in GY");
    if (d.type != "PHYSICAL")
      throw InputError(what + ": DoseType " + d.type +
                       "; give the physical dose (the conversion to EQD2 is done here)");
    if (d.summation != "PLAN" && d.summation != "MULTI_PLAN")
      throw InputError(what + ": DoseSummationType " + d.summation +
                       "; give the dose of the whole course (PLAN or MULTI_PLAN)");
    c.dose_gy = std::move(d.dose);
    c.frame_of_reference_uid = d.frame_of_reference_uid;
  } else {
    const H5File f = H5File::open_read(e.dose);
    const std::string ds = "/" + e.dataset;
    c.dose_gy = f.read_volume(ds);
    if (f.has_attr(ds, "fractions")) {
      const auto n = f.read_attr_int(ds, "fractions");
      if (n != e.fractions)
        throw InputError(what + ": " + ds + " is for " + std::to_string(n) +
                         " fractions but the course list gives " + std::to_string(e.fractions));
    }
  }
  check_dose_values(c.dose_gy, what);
  if (!e.frame_of_reference_uid.empty()) {
    if (!c.frame_of_reference_uid.empty() && c.frame_of_reference_uid != e.frame_of_reference_uid)
      throw InputError(what + ": frame of reference " + c.frame_of_reference_uid +
                       " differs from the course list's " + e.frame_of_reference_uid);
    c.frame_of_reference_uid = e.frame_of_reference_uid;
  }
}

std::string matrix_text(const RigidTransform& t) {
  std::ostringstream o;
  o << "rotation " << fixed(t.rotation_deg(), 2) << " deg, translation "
    << fixed(t.translation_mm(), 1) << " mm";
  return o.str();
}

void place(const CourseList& list, const CourseEntry& e, LoadedCourse& c,
           const LoadedCourse& current) {
  const std::string where = list.file.string() + ": course '" + e.name + "'";
  switch (e.placement) {
    case Placement::same_frame:
      if (!c.frame_of_reference_uid.empty() && !current.frame_of_reference_uid.empty() &&
          c.frame_of_reference_uid != current.frame_of_reference_uid)
        throw InputError(where +
                         ": placement \"same_frame\", but its dose is in frame of "
                         "reference " +
                         c.frame_of_reference_uid + " and the current course's in " +
                         current.frame_of_reference_uid + "; give a registration or a matrix");
      c.placement = "same frame of reference";
      return;
    case Placement::matrix:
      c.to_current = RigidTransform::from_matrix(e.matrix, where + ": placement.matrix");
      c.placement = "rigid matrix from the course list (" + matrix_text(c.to_current) + ")";
      return;
    case Placement::registration: {
      if (c.frame_of_reference_uid.empty() || current.frame_of_reference_uid.empty())
        throw InputError(where +
                         ": a registration needs the frame of reference of both doses "
                         "(RT Dose files carry it; for HDF5 give frame_of_reference_uid)");
      const dicom::DicomFile f = dicom::DicomFile::load(e.registration);
      const dicom::SpatialRegistration reg = dicom::read_spatial_registration(f);
      c.to_current = reg.transform(c.frame_of_reference_uid, current.frame_of_reference_uid,
                                   e.registration.string());
      c.placement = "DICOM registration " + e.registration.filename().string() + " (" +
                    matrix_text(c.to_current) + ")";
      return;
    }
  }
}

void read_structures(const CourseEntry& e, const LoadedCourse& current, CourseInputs& in) {
  if (e.plan) {
    const Plan plan = parse_plan_file(*e.plan);
    if (plan.fractions != e.fractions)
      throw InputError(e.plan->string() + ": the plan gives " + std::to_string(plan.fractions) +
                       " fractions but the course list " + std::to_string(e.fractions));
    PatientModel p = build_patient_model(plan);
    in.structures = std::move(p.structures);
    in.density = std::move(p.density_g_cm3);
    in.structures_source = "plan " + e.plan->filename().string();
    return;
  }
  const dicom::DicomFile f = dicom::DicomFile::load(*e.structures);
  const dicom::StructureSet ss = dicom::read_rtstruct(f);
  if (!ss.frame_of_reference_uid.empty() && !current.frame_of_reference_uid.empty() &&
      ss.frame_of_reference_uid != current.frame_of_reference_uid)
    throw InputError(e.structures->string() + ": frame of reference " + ss.frame_of_reference_uid +
                     " is not the current dose's " + current.frame_of_reference_uid);
  for (const dicom::RoiContours& roi : ss.rois) {
    Structure s{roi.name, dicom::rasterise_roi(roi, current.dose_gy.grid())};
    if (!(s.volume_cm3() > 0)) {
      in.notes.push_back("ROI '" + roi.name +
                         "' has no contour on the current dose grid: left out");
      continue;
    }
    in.structures.push_back(std::move(s));
  }
  in.structures_source = "structure set " + e.structures->filename().string();
}

}  // namespace

CourseInputs load_course_inputs(const CourseList& list) {
  CourseInputs in;
  in.courses.resize(list.courses.size());
  for (std::size_t i = 0; i < list.courses.size(); ++i) read_dose(list.courses[i], in.courses[i]);
  LoadedCourse& current = in.courses.back();
  current.placement = "current course (defines the frame)";
  for (std::size_t i = 0; i + 1 < list.courses.size(); ++i)
    place(list, list.courses[i], in.courses[i], current);
  read_structures(list.current(), current, in);
  if (in.structures.empty())
    throw InputError(list.file.string() + ": the current course has no structures");
  return in;
}

}  // namespace srtdose
