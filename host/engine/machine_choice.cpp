#include "host/engine/machine_choice.h"

#include "host/core/error.h"
#include "host/io/hdf5_file.h"
#include "host/machine/machine_spec.h"

namespace srtdose {

namespace {

std::string machine_of(const std::filesystem::path& file) {
  return H5File::open_read(file).read_attr_string("/", "machine");
}

}  // namespace

MachineChoice resolve_machine(const std::string& option, const Plan& plan,
                              const std::string& plan_path) {
  const bool plan_names_file = std::filesystem::is_regular_file(plan.machine);
  // The machine the plan is for: its name, or the machine its file was built for.
  const std::string wanted = plan_names_file ? machine_of(plan.machine) : plan.machine;
  MachineChoice m;
  m.file = option;
  if (m.file.empty())
    m.file =
        plan_names_file ? std::filesystem::path(plan.machine) : builtin_machine_file(plan.machine);
  if (m.file.empty())
    throw InputError(plan_path + ": machine \"" + plan.machine +
                     "\" needs its machine file: run `srtdose machine build " + plan.machine +
                     " -o " + plan.machine + ".h5` and pass --machine " + plan.machine + ".h5");
  m.name = machine_of(m.file);
  if (m.name != wanted)
    throw InputError(m.file.string() + " is the machine file of \"" + m.name + "\" but " +
                     plan_path + " uses \"" + wanted + "\"");
  return m;
}

}  // namespace srtdose
