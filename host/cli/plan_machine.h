// Which machine file a dose command uses for a plan.
#pragma once

#include <string>

#include "host/plan/plan.h"

namespace srtdose::cli {

struct PlanMachine {
  std::string file;  ///< machine file (HDF5)
  std::string name;  ///< the machine it was built for
};

/// --machine when given, else the plan's machine when that is a file. A plan naming a
/// built-in machine needs its file, built for that machine; InputError otherwise.
PlanMachine plan_machine(const std::string& machine_option, const Plan& plan,
                         const std::string& plan_path);

}  // namespace srtdose::cli
