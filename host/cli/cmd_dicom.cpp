// `srtdose dicom list|import|export-dose`: what a DICOM folder holds, an RT Plan (with its CT,
// structures and TPS dose) turned into a plan file, and an srtdose dose written as RT Dose.
#include <iomanip>
#include <map>

#include "host/cli/commands.h"
#include "host/core/error.h"
#include "host/dicom/plan_files.h"
#include "host/dicom/rtplan.h"
#include "host/dicom/rtplan_writer.h"
#include "host/dicom/rtstruct_writer.h"
#include "host/io/atomic_output.h"
#include "host/io/ct_series.h"
#include "host/io/ct_writer.h"
#include "host/io/dicom_folder.h"
#include "host/io/hdf5_file.h"
#include "host/io/rtdose.h"
#include "host/io/rtstruct.h"
#include "host/plan/patient_io.h"
#include "host/plan/plan_parser.h"
#include "host/plan/plan_writer.h"
#include "host/qa/gamma_io.h"
#include "host/qa/structure_names.h"

namespace srtdose::cli {

namespace fs = std::filesystem;

namespace {

struct DicomArgs {
  std::string dir, output, machine_map, tps_dose, plan_uid, dose, dose_grid = "tps";
};

/// RTROIInterpretedType from a structure's name.
std::string roi_type(const std::string& name) {
  const std::string n = normalise_structure_name(name);
  for (const char* t : {"ptv", "gtv", "ctv", "itv"})
    if (n.rfind(t, 0) == 0) {
      std::string type = t;
      for (char& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return type;
    }
  if (n == "body" || n == "external" || n == "skin") return "EXTERNAL";
  return "ORGAN";
}

/// Writes the plan's CT (HU from the patient's densities or its HDF5 CT), structures, plan and
/// optionally a dose into dir (created; must not exist). Returns the notes to print.
std::vector<std::string> export_plan(const Plan& plan, const fs::path& dir,
                                     const std::string& dose_file) {
  std::vector<std::string> notes;
  if (std::holds_alternative<DicomSpec>(plan.patient.source))
    throw InputError(plan.source_file.string() +
                     ": patient.dicom: the plan already comes from DICOM");
  if (fs::exists(dir)) throw InputError(dir.string() + ": already exists; choose a new folder");
  const PatientModel pm = build_patient_model(plan);
  Volume<float> hu(pm.grid(), 0.0f);
  if (const auto* ct = std::get_if<CtSpec>(&plan.patient.source)) {
    hu = H5File::open_read(ct->hdf5).read_volume("/" + ct->dataset);
  } else {
    const HuCalibration cal = HuCalibration::generic();
    for (std::int64_t v = 0; v < hu.size(); ++v)
      hu[v] = static_cast<float>(cal.hu_for_density(pm.density_g_cm3[v]));
    notes.push_back("CT numbers from the phantom's densities through the generic HU curve");
  }
  const fs::path tmp = dir.string() + ".partial";
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  // The files inside the temporary folder are written at once; the folder is the output.
  const ImmediateOutputs immediate;
  try {
    dicom::DicomIdentity id;
    id.patient_id = "SRTDOSE-" + plan.name.substr(0, 40);
    id.patient_name = "Phantom^" + plan.name.substr(0, 40);
    id.complete();
    const dicom::WrittenSeries ct = dicom::write_ct_series(tmp, hu, pm.position, id);
    std::vector<dicom::RoiToWrite> rois;
    auto add_shape = [&](const std::string& name, const Shape& shape) {
      rois.push_back({name, roi_type(name), dicom::shape_contours(shape, pm.grid())});
    };
    if (const auto* ph = std::get_if<PhantomSpec>(&plan.patient.source))
      for (const PhantomObject& o : ph->objects)
        if (o.structure) add_shape(*o.structure, o.shape);
    for (const StructureSpec& s : plan.structures) {
      if (s.shape)
        add_shape(s.name, *s.shape);
      else
        notes.push_back("structure \"" + s.name +
                        "\" not exported: HDF5 masks are not contoured (shapes only)");
    }
    const std::string rs = dicom::write_rtstruct(tmp / "RS.dcm", rois, ct, id);
    Plan named = plan;
    named.machine = fs::path(plan.machine).stem().string();
    int rx_roi = 0;
    if (plan.prescription)
      for (std::size_t r = 0; r < rois.size(); ++r)
        if (normalise_structure_name(rois[r].name) ==
            normalise_structure_name(plan.prescription->target))
          rx_roi = static_cast<int>(r) + 1;
    const std::string rp = dicom::write_rtplan(tmp / "RP.dcm", named, id, rs, rx_roi);
    if (!dose_file.empty()) {
      dicom::RtDoseExport meta;
      meta.patient_id = id.patient_id, meta.patient_name = id.patient_name;
      meta.study_uid = id.study_uid, meta.frame_of_reference_uid = id.frame_uid;
      meta.referenced_plan_uid = rp;
      meta.comment = "srtdose";
      dicom::write_rtdose(tmp / "RD.dcm", H5File::open_read(dose_file).read_volume("/dose"), meta);
    }
    fs::rename(tmp, dir);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(tmp, ec);
    throw;
  }
  return notes;
}

}  // namespace

void add_dicom_command(CLI::App& app, Streams io) {
  CLI::App* dicom =
      app.add_subcommand("dicom", "DICOM RT: list a folder, import a plan, export a dose");
  dicom->require_subcommand(1);
  auto a = std::make_shared<DicomArgs>();

  CLI::App* list = dicom->add_subcommand("list",
                                         "What a folder holds: CT series, RT Plans, RT "
                                         "Structure Sets, RT Doses, unreadable files");
  list->add_option("dir", a->dir, "Folder (searched recursively)")->required();
  list->callback([io, a] {
    const dicom::FolderScan scan = dicom::scan_dicom_folder(a->dir);
    std::map<std::string, int> ct_series;
    for (const auto* e : scan.of("CT")) ++ct_series[e->series_uid];
    for (const auto& [uid, n] : ct_series)
      io.out << "CT series " << uid << ": " << n << " slices\n";
    for (const char* m : {"RTSTRUCT", "RTPLAN", "RTDOSE"})
      for (const auto* e : scan.of(m)) {
        io.out << m << " " << e->path.filename().string() << " sop " << e->sop_uid
               << (e->referenced_uid.empty() ? "" : " references " + e->referenced_uid) << "\n";
        if (e->modality == "RTSTRUCT")
          for (const auto& roi : dicom::read_rtstruct(dicom::DicomFile::load(e->path)).rois)
            io.out << "  ROI " << roi.number << " \"" << roi.name << "\": " << roi.contours.size()
                   << " contour(s)"
                   << (roi.interpreted_type.empty() ? "" : ", " + roi.interpreted_type) << "\n";
      }
    std::map<std::string, int> others;
    for (const auto& e : scan.entries)
      if (e.modality != "CT" && e.modality != "RTSTRUCT" && e.modality != "RTPLAN" &&
          e.modality != "RTDOSE")
        ++others[e.modality];
    for (const auto& [m, n] : others) io.out << "other: " << n << " " << m << " file(s)\n";
    for (const auto& u : scan.unreadable) io.out << "unreadable: " << u << "\n";
  });

  CLI::App* imp = dicom->add_subcommand(
      "import", "RT Plan + CT + RT Structure Set (+ TPS RT Dose) -> plan file (plan format v1)");
  imp->add_option("dir", a->dir, "Folder with the CT series, RT Plan, RT Structure Set, RT Dose")
      ->required();
  imp->add_option("-o,--output", a->output, "Plan file to write (JSON)")->required();
  imp->add_option("--machine-map", a->machine_map,
                  "Machine mapping file (default: plans/machines/dicom-machines.json)");
  imp->add_option("--tps-dose", a->tps_dose,
                  "Also write the plan's RT Dose from the TPS as HDF5 (/dose, Gy, all fractions)");
  imp->add_option("--plan-uid", a->plan_uid, "SOP Instance UID of the RT Plan, when several");
  imp->add_option("--dose-grid", a->dose_grid,
                  "tps: the TPS dose grid (when there is an RT Dose), ct: the CT grid")
      ->capture_default_str();
  imp->callback([io, a] {
    if (a->dose_grid != "tps" && a->dose_grid != "ct")
      throw InputError("--dose-grid " + a->dose_grid + ": use tps or ct");
    const dicom::FolderScan scan = dicom::scan_dicom_folder(a->dir);
    const dicom::PlanFiles files = dicom::find_plan(scan, a->plan_uid, a->dir);
    const dicom::DicomEntry& rp = *files.plan;
    const fs::path map =
        a->machine_map.empty() ? dicom::default_machine_map() : fs::path(a->machine_map);
    dicom::ImportedPlan imported = dicom::import_plan(files, dicom::read_machine_map(map));
    Plan& plan = imported.plan;
    plan.patient.source = DicomSpec{fs::absolute(a->dir)};
    const dicom::DicomEntry* rd = files.dose;
    std::optional<dicom::RtDose> tps;
    if (rd) tps = dicom::read_rtdose(dicom::DicomFile::load(rd->path));
    if (tps && a->dose_grid == "tps") {
      const Grid3& g = tps->dose.grid();
      plan.dose_grid.voxel_mm = g.spacing_mm();
      plan.dose_grid.extent_mm = g.bounds_mm();
    }
    if (!a->tps_dose.empty() && !tps)
      throw InputError(a->dir + ": --tps-dose: no RT Dose references the plan " + rp.sop_uid);
    const fs::path out_path = a->output;
    const nlohmann::json doc = plan_to_json(plan, fs::absolute(out_path).parent_path());
    std::optional<AtomicOutput> dose_out;
    if (!a->tps_dose.empty()) {
      if (tps->units != "GY")
        throw InputError(rd->path.string() + ": DoseUnits " + tps->units +
                         ": only absolute doses (GY) can be compared");
      dose_out.emplace(a->tps_dose);
      H5File f = H5File::create(*dose_out);
      write_provenance(f, plan.name);
      f.write_volume("/dose", tps->dose);
      f.write_attr("/dose", "units", std::string("Gy"));
      f.write_attr("/dose", "source", rd->path.string());
      f.write_attr("/dose", "dose_summation", tps->summation);
      f.write_attr("/dose", "fractions", static_cast<std::int64_t>(plan.fractions));
      f.close();
    }
    if (dose_out) dose_out->commit();
    write_text_file(out_path, doc.dump(2) + "\n");
    io.out << "plan \"" << plan.name << "\": " << plan.beams.size() << " beam(s), "
           << plan.fractions << " fraction(s), machine " << plan.machine << ", position "
           << to_string(plan.patient.position) << "\n";
    for (const std::string& n : imported.notes) io.out << "note: " << n << "\n";
    io.out << "wrote " << a->output << (dose_out ? " and " + a->tps_dose : "") << "\n";
  });

  CLI::App* ict = dicom->add_subcommand(
      "import-ct", "A CT series -> HDF5 HU volume (/hu, for a plan's \"ct\" patient)");
  ict->add_option("dir", a->dir, "Folder with one CT series")->required();
  ict->add_option("-o,--output", a->output, "HDF5 file to write")->required();
  ict->callback([io, a] {
    const dicom::FolderScan scan = dicom::scan_dicom_folder(a->dir);
    std::vector<fs::path> files;
    for (const auto* e : scan.of("CT")) files.push_back(e->path);
    if (files.empty()) throw InputError(a->dir + ": no CT images in the folder");
    const dicom::CtSeries ct = dicom::read_ct_series(files);
    AtomicOutput out(a->output);
    {
      H5File f = H5File::create(out);
      f.write_volume("/hu", ct.hu);
      f.write_attr("/hu", "series_instance_uid", ct.series_uid);
      f.write_attr("/hu", "patient_position", std::string(to_string(ct.position)));
      f.close();
    }
    out.commit();
    const Grid3& g = ct.hu.grid();
    io.out << "CT " << g.nx() << " x " << g.ny() << " x " << g.nz() << ", voxel "
           << g.spacing_mm().x << " x " << g.spacing_mm().y << " x " << g.spacing_mm().z << " mm, "
           << to_string(ct.position) << "; wrote " << a->output << "\n";
  });

  CLI::App* idose = dicom->add_subcommand("import-dose", "An RT Dose -> HDF5 (/dose)");
  idose->add_option("dose", a->dose, "RT Dose file")->required();
  idose->add_option("-o,--output", a->output, "HDF5 file to write")->required();
  idose->callback([io, a] {
    const dicom::RtDose r = dicom::read_rtdose(dicom::DicomFile::load(a->dose));
    AtomicOutput out(a->output);
    {
      H5File f = H5File::create(out);
      f.write_volume("/dose", r.dose);
      f.write_attr("/dose", "units", r.units == "GY" ? std::string("Gy") : r.units);
      f.write_attr("/dose", "dose_summation", r.summation);
      f.write_attr("/dose", "dose_type", r.type);
      f.write_attr("/dose", "source", a->dose);
      f.close();
    }
    out.commit();
    io.out << "RT Dose " << r.dose.grid().nx() << " x " << r.dose.grid().ny() << " x "
           << r.dose.grid().nz() << ", " << r.summation << " " << r.type << ", max "
           << r.dose.max_value() << " " << r.units << "; wrote " << a->output << "\n";
  });

  CLI::App* eplan = dicom->add_subcommand(
      "export-plan",
      "A plan (phantom or HDF5 CT) as DICOM: CT series, RT Structure Set, RT Plan "
      "and, with --dose, RT Dose");
  eplan->add_option("plan", a->dir, "Plan file (plan format v1)")->required();
  eplan->add_option("-o,--output", a->output, "Folder to create")->required();
  eplan->add_option("--dose", a->dose, "Dose file of the plan (HDF5 from srtdose dose)");
  eplan->callback([io, a] {
    const Plan plan = parse_plan_file(a->dir);
    for (const std::string& n : export_plan(plan, a->output, a->dose))
      io.out << "note: " << n << "\n";
    io.out << "wrote " << a->output << " (CT, RS.dcm, RP.dcm" << (a->dose.empty() ? "" : ", RD.dcm")
           << ")\n";
  });

  CLI::App* exp = dicom->add_subcommand("export-dose", "An srtdose dose (HDF5) as DICOM RT Dose");
  exp->add_option("dose", a->dose, "Dose file written by srtdose dose (HDF5, /dose in Gy)")
      ->required();
  exp->add_option("-o,--output", a->output, "RT Dose file to write")->required();
  exp->add_option("--dicom-dir", a->dir,
                  "Folder of the plan's DICOM files: the RT Dose then references its RT Plan, "
                  "patient, study and frame of reference");
  exp->add_option("--plan-uid", a->plan_uid, "SOP Instance UID of the RT Plan, when several");
  exp->callback([io, a] {
    const H5File f = H5File::open_read(a->dose);
    const Volume<float> dose = f.read_volume("/dose");
    dicom::RtDoseExport meta;
    meta.comment = "srtdose";
    if (f.has_attr("/dose", "engine")) meta.comment += " " + f.read_attr_string("/dose", "engine");
    if (f.has_attr("/dose", "machine"))
      meta.comment += " " + f.read_attr_string("/dose", "machine");
    if (!a->dir.empty()) {
      const dicom::FolderScan scan = dicom::scan_dicom_folder(a->dir);
      const dicom::DicomEntry& rp = *dicom::find_plan(scan, a->plan_uid, a->dir).plan;
      meta.referenced_plan_uid = rp.sop_uid;
      meta.study_uid = rp.study_uid;
      meta.frame_of_reference_uid = rp.frame_uid;
      meta.patient_id = rp.patient_id;
    }
    if (meta.referenced_plan_uid.empty())
      io.err << "srtdose: warning: the RT Dose references no RT Plan (DICOM requires one for "
                "PLAN summation); pass --dicom-dir with the plan's folder\n";
    dicom::write_rtdose(a->output, dose, meta);
    io.out << "wrote " << a->output << " (RT Dose, " << dose.grid().nx() << " x "
           << dose.grid().ny() << " x " << dose.grid().nz() << ", max " << std::fixed
           << std::setprecision(3) << dose.max_value() << " Gy)\n";
  });
}

}  // namespace srtdose::cli
