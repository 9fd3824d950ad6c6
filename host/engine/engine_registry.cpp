#include "host/engine/engine_registry.h"

#include <array>

#include "host/core/error.h"

namespace srtdose {

namespace {

// clang-format off
constexpr std::array kEngines{
    //          kind             name   description       cuda  dij    arcs  uncertainty
    EngineEntry{EngineKind::Ccc, "ccc", "collapsed cone", {true, false, true, false}, &make_ccc_engine},
    EngineEntry{EngineKind::Pb,  "pb",  "pencil beam",    {true, true,  true, false}, &make_pb_engine},
};
// clang-format on

}  // namespace

std::span<const EngineEntry> engine_registry() {
  return kEngines;
}

const EngineEntry& engine_entry(EngineKind kind) {
  for (const EngineEntry& e : kEngines)
    if (e.kind == kind) return e;
  throw std::logic_error("engine registry: an EngineKind without its line");
}

EngineKind engine_by_name(std::string_view name, const std::string& where) {
  for (const EngineEntry& e : kEngines)
    if (e.name == name) return e.kind;
  throw InputError(where + " " + std::string(name) + ": use " + engine_choices());
}

std::string_view to_string(EngineKind kind) {
  return engine_entry(kind).name;
}

std::string engine_choices() {
  std::string s;
  for (std::size_t i = 0; i < kEngines.size(); ++i) {
    if (i > 0) s += i + 1 == kEngines.size() ? " or " : ", ";
    s += std::string(kEngines[i].name) + " (" + std::string(kEngines[i].description) + ")";
  }
  return s;
}

}  // namespace srtdose
