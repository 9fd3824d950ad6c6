// The pencil beam's registry entry: beam data from the machine file (cached), options from
// the dose options.
#include <sstream>

#include "host/engine/beam_data_cache.h"
#include "host/engine/engine_registry.h"
#include "host/engine/pb/pb_plan.h"

namespace srtdose {

std::unique_ptr<Engine> make_pb_engine(const EngineSetup& s) {
  const double beamlet_mm = s.options.beamlet_mm, cutoff_cm = 8.0;
  const bool lateral = s.options.lateral_scaling;
  std::ostringstream params;
  params.precision(17);
  params << "beamlet " << beamlet_mm << " cutoff " << cutoff_cm << " lateral " << lateral;
  auto data = cached_beam_data<PbBeamData>(s.machine_file, params.str(), [&] {
    return PbBeamData::from_machine_file(s.machine_file, beamlet_mm, cutoff_cm, lateral);
  });
  PbOptions o;
  o.device = s.device;
  o.lateral_scaling = lateral;
  return std::make_unique<PbEngine>(s.patient, std::move(data), o);
}

}  // namespace srtdose
