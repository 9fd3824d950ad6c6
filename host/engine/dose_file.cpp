#include "host/engine/dose_file.h"

#include "host/engine/engine_registry.h"
#include "host/io/atomic_output.h"
#include "host/io/hdf5_file.h"
#include "host/plan/patient_io.h"
#include "srtdose/config.h"

namespace srtdose {

void write_dose_file(const std::filesystem::path& path, const Plan& plan, const DoseResult& r,
                     bool per_beam) {
  AtomicOutput out(path);
  {
    H5File f = H5File::create(out);
    write_provenance(f, plan.name);
    f.write_volume("/dose", r.dose);
    f.write_attr("/dose", "units", std::string("Gy"));
    f.write_attr("/dose", "fractions", static_cast<std::int64_t>(plan.fractions));
    f.write_attr("/dose", "engine", std::string(to_string(r.engine)));
    f.write_attr("/dose", "device", std::string(to_string(r.device)));
    f.write_attr("/dose", "machine", r.machine);
    f.write_attr("/dose", "machine_file", r.machine_file);
    f.write_attr("/dose", "options", r.options);
    f.write_attr("/dose", "srtdose_version", std::string(SRTDOSE_VERSION));
    if (per_beam)
      for (const auto& [name, d] : r.per_beam) f.write_volume("/beams/" + name, d);
    f.close();
  }
  out.commit();
}

}  // namespace srtdose
