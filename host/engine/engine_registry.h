// The engines srtdose knows, keyed by EngineKind: name, capabilities and how to make one.
// A new engine adds its EngineKind value and one line to the table in engine_registry.cpp.
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "host/engine/dose_options.h"
#include "host/engine/engine.h"
#include "host/plan/patient_model.h"

namespace srtdose {

/// What a factory gets to set an engine up for one patient.
struct EngineSetup {
  const PatientModel& patient;  ///< on the grid the engine runs on; outlives the engine
  const std::filesystem::path& machine_file;
  const DoseOptions& options;  ///< validated
  Device device;               ///< resolved: Cpu or Cuda
};

struct EngineEntry {
  EngineKind kind;
  std::string_view name;         ///< what --engine and Python's engine= take
  std::string_view description;  ///< one line for help texts and reports
  EngineCapabilities capabilities;
  std::unique_ptr<Engine> (*make)(const EngineSetup& setup);
};

/// Every engine, in the order help texts list them.
std::span<const EngineEntry> engine_registry();
const EngineEntry& engine_entry(EngineKind kind);

/// "ccc" | "pb"; InputError naming `where` and the engines otherwise.
EngineKind engine_by_name(std::string_view name, const std::string& where);
std::string_view to_string(EngineKind kind);
/// "ccc (collapsed cone) or pb (pencil beam)", for help texts and errors.
std::string engine_choices();

// The engines' factories (each in its engine's folder).
std::unique_ptr<Engine> make_ccc_engine(const EngineSetup& setup);
std::unique_ptr<Engine> make_pb_engine(const EngineSetup& setup);

}  // namespace srtdose
