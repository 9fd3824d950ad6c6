#include "host/io/patient_io.h"

#include "host/core/materials.h"
#include "host/io/atomic_output.h"
#include "srtdose/config.h"

namespace srtdose {

void write_provenance(H5File& file, const std::string& plan_name) {
  file.write_attr("/", "srtdose_version", std::string(SRTDOSE_VERSION));
  file.write_attr("/", "plan", plan_name);
}

void write_patient_model(const std::filesystem::path& path, const PatientModel& model,
                         const std::string& plan_name) {
  AtomicOutput out(path);
  {
    H5File f = H5File::create(out.temp_path());
    write_provenance(f, plan_name);
    f.write_attr("/", "patient_position", std::string(to_string(model.position)));
    f.write_volume("/density", model.density_g_cm3);
    f.write_attr("/density", "units", std::string("g/cm3"));
    f.write_volume("/material", model.material);
    std::vector<std::string> names;
    for (const Material& m : materials()) names.emplace_back(m.name);
    f.write_attr("/material", "names", names);
    f.create_group("/structures");
    for (const Structure& s : model.structures) {
      f.write_volume("/structures/" + s.name, s.fraction);
      f.write_attr("/structures/" + s.name, "volume_cm3", s.volume_cm3());
    }
    f.close();
  }
  out.commit();
}

}  // namespace srtdose
