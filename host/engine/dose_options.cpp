#include "host/engine/dose_options.h"

#include <sstream>

#include "host/core/error.h"
#include "host/engine/engine_registry.h"

namespace srtdose {

CccTransport transport_by_name(std::string_view name, const std::string& where) {
  if (name == "lattice") return CccTransport::Lattice;
  if (name == "exact") return CccTransport::Exact;
  throw InputError(where + " " + std::string(name) + ": use lattice or exact");
}

std::string_view to_string(CccTransport t) {
  return t == CccTransport::Exact ? "exact" : "lattice";
}

void DoseOptions::set_directions(const std::string& text) {
  const auto x = text.find('x');
  try {
    if (x == std::string::npos) throw std::invalid_argument("x");
    std::size_t used = 0;
    zenith = std::stoi(text.substr(0, x), &used);
    if (used != x) throw std::invalid_argument("zenith");
    const std::string az = text.substr(x + 1);
    azimuths = std::stoi(az, &used);
    if (used != az.size()) throw std::invalid_argument("azimuth");
  } catch (const std::exception&) {
    throw InputError("--directions: expected ZENITHxAZIMUTH, e.g. 16x12");
  }
}

bool DoseOptions::has_cuda_path() const {
  if (!engine_entry(engine).capabilities.cuda) return false;
  return engine != EngineKind::Ccc || transport == CccTransport::Lattice;
}

void DoseOptions::validate() const {
  if (!(beamlet_mm >= 0.25 && beamlet_mm <= 10))
    throw InputError("--beamlet-mm must be 0.25..10 mm");
  if (zenith < 2 || zenith > 96 || azimuths < 1 || azimuths > 96)
    throw InputError("--directions: zenith 2..96, azimuth 1..96");
  if (lateral_scaling && engine != EngineKind::Pb)
    throw InputError("--lateral-scaling: only for the pencil beam (--engine pb)");
  if (!(arc_group_deg >= 0 && arc_group_deg <= 45))
    throw InputError("--arc-group-deg must be 0..45");
  if (device == Device::Cuda && !has_cuda_path())
    throw InputError(
        "--device cuda: the collapsed cone's exact transport has no CUDA path; use --transport "
        "lattice or --device cpu");
}

Device DoseOptions::resolved_device() const {
  return has_cuda_path() ? resolve_device(device) : Device::Cpu;
}

std::string DoseOptions::describe() const {
  std::ostringstream s;
  s << "engine " << to_string(engine);
  if (engine == EngineKind::Ccc)
    s << "; transport " << to_string(transport) << "; directions " << zenith << "x" << azimuths
      << "; arc group " << arc_group_deg << " deg";
  if (engine == EngineKind::Pb)
    s << "; beamlet " << beamlet_mm << " mm; lateral scaling " << (lateral_scaling ? "on" : "off");
  return s.str();
}

}  // namespace srtdose
