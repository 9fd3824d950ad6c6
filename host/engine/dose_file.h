// The dose file srtdose writes (HDF5; layout in docs/plan-format.md): /dose in Gy over all
// fractions with the same attributes from every front end, optionally /beams/<name>.
#pragma once

#include <filesystem>

#include "host/engine/engine.h"
#include "host/plan/plan.h"

namespace srtdose {

/// Writes `result` atomically to path: /dose (Gy, all fractions) with the attributes units,
/// fractions, engine, device, machine, machine_file, options and srtdose_version; the root's
/// plan and srtdose_version; with per_beam, every beam's dose as /beams/<name>.
void write_dose_file(const std::filesystem::path& path, const Plan& plan, const DoseResult& result,
                     bool per_beam = false);

}  // namespace srtdose
