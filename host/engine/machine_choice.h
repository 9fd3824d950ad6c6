// Which machine file a plan's dose uses: one rule for every front end.
#pragma once

#include <filesystem>
#include <string>

#include "host/plan/plan.h"

namespace srtdose {

struct MachineChoice {
  std::filesystem::path file;  ///< machine file (HDF5, `srtdose machine build`)
  std::string name;            ///< the machine it was built for (its /machine attribute)
};

/// machine_option (--machine, Python's machine=) when given, else the plan's machine when that
/// is a file, else the committed file of a built-in machine (plans/machines/<name>.h5).
/// InputError naming plan_path when there is none, or when the file was built for another
/// machine than the plan's (by name; a plan naming a file: that file's machine).
MachineChoice resolve_machine(const std::string& machine_option, const Plan& plan,
                              const std::string& plan_path);

}  // namespace srtdose
