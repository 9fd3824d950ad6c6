#include "host/plan/patient_io.h"

#include <set>

#include "host/core/error.h"
#include "host/core/materials.h"
#include "host/io/atomic_output.h"
#include "srtdose/config.h"

namespace srtdose {

namespace {

/// A structure's HDF5 dataset name: '%', '/' (the path separator) and a leading '.' (the names
/// "." and "..") percent-encoded, so any ROI name of a DICOM structure set can be written.
std::string dataset_name(const std::string& name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '%')
      out += "%25";
    else if (c == '/')
      out += "%2F";
    else if (c == '.' && i == 0)
      out += "%2E";
    else
      out += c;
  }
  return out;
}

}  // namespace

void write_provenance(H5File& file, const std::string& plan_name) {
  file.write_attr("/", "srtdose_version", std::string(SRTDOSE_VERSION));
  file.write_attr("/", "plan", plan_name);
}

void write_patient_model(const std::filesystem::path& path, const PatientModel& model,
                         const std::string& plan_name) {
  AtomicOutput out(path);
  {
    H5File f = H5File::create(out);
    write_provenance(f, plan_name);
    f.write_attr("/", "patient_position", std::string(to_string(model.position)));
    f.write_volume("/density", model.density_g_cm3);
    f.write_attr("/density", "units", std::string("g/cm3"));
    f.write_volume("/material", model.material);
    std::vector<std::string> names;
    for (const Material& m : materials()) names.emplace_back(m.name);
    f.write_attr("/material", "names", names);
    f.create_group("/structures");
    std::set<std::string> written;
    for (const Structure& s : model.structures) {
      const std::string d = "/structures/" + dataset_name(s.name);
      if (!written.insert(d).second)
        throw InputError(path.string() + ": two structures are named \"" + s.name + "\"");
      f.write_volume(d, s.fraction);
      f.write_attr(d, "volume_cm3", s.volume_cm3());
      f.write_attr(d, "name", s.name);
    }
    f.close();
  }
  out.commit();
}

}  // namespace srtdose
