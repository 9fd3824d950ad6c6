// Which machine file a dose command uses for a plan.
#pragma once

#include <string>

#include "host/plan/plan.h"

namespace srtdose::cli {

struct PlanMachine {
  std::string file;  ///< machine file (HDF5)
  std::string name;  ///< the machine it was built for
};

/// --machine when given, else the plan's machine when that is a file, else the committed file
/// of a built-in machine (plans/machines/<name>.h5). InputError when none exists or the file
/// was built for another machine.
PlanMachine plan_machine(const std::string& machine_option, const Plan& plan,
                         const std::string& plan_path);

}  // namespace srtdose::cli
