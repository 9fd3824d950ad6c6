#include "host/cli/plan_machine.h"

#include <filesystem>

#include "host/core/error.h"
#include "host/io/hdf5_file.h"
#include "host/machine/machine_spec.h"

namespace srtdose::cli {

PlanMachine plan_machine(const std::string& option, const Plan& plan,
                         const std::string& plan_path) {
  const bool plan_names_file = std::filesystem::is_regular_file(plan.machine);
  PlanMachine m;
  m.file = option;
  if (m.file.empty() && !plan_names_file) m.file = builtin_machine_file(plan.machine).string();
  if (m.file.empty()) {
    if (!plan_names_file)
      throw InputError(plan_path + ": machine \"" + plan.machine +
                       "\" needs its machine file: run `srtdose machine build " + plan.machine +
                       " -o " + plan.machine + ".h5` and pass --machine " + plan.machine + ".h5");
    m.file = plan.machine;
  }
  m.name = H5File::open_read(m.file).read_attr_string("/", "machine");
  if (!plan_names_file && m.name != plan.machine)
    throw InputError(m.file + " is the machine file of \"" + m.name + "\" but " + plan_path +
                     " uses \"" + plan.machine + "\"");
  return m;
}

}  // namespace srtdose::cli
