// The collapsed cone's registry entry: beam data from the machine file (cached), options from
// the dose options.
#include <sstream>

#include "host/engine/beam_data_cache.h"
#include "host/engine/ccc/ccc_engine.h"
#include "host/engine/engine_registry.h"

namespace srtdose {

std::unique_ptr<Engine> make_ccc_engine(const EngineSetup& s) {
  const int bands = s.options.zenith;
  auto data = cached_beam_data<CccBeamData>(s.machine_file, "bands " + std::to_string(bands), [&] {
    return CccBeamData::from_machine_file(s.machine_file, bands);
  });
  CccOptions o;
  o.azimuths = s.options.azimuths;
  o.device = s.device;
  o.arc_group_deg = s.options.arc_group_deg;
  o.transport = s.options.transport;
  return std::make_unique<CccEngine>(s.patient, std::move(data), o);
}

}  // namespace srtdose
