// `srtdose machine build SPEC.json -o machine.h5`: a machine file from srtdose's own physics.
#include <iomanip>

#include "host/cli/commands.h"
#include "host/core/error.h"
#include "host/machine/machine_file.h"

namespace srtdose::cli {

void add_machine_command(CLI::App& app, Streams io) {
  CLI::App* machine = app.add_subcommand("machine", "Machine files (beam data)");
  machine->require_subcommand(1);
  CLI::App* build = machine->add_subcommand(
      "build",
      "Generate a machine file (attenuation, Monte Carlo kernels, collapsed-cone kernels)");
  auto spec_path = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto histories = std::make_shared<double>(0);
  auto seed = std::make_shared<double>(-1);
  build->add_option("spec", *spec_path, "Machine spec (JSON) or a built-in name (ideal-6mv)")
      ->required();
  build->add_option("-o,--output", *out, "Machine file to write (HDF5)")->required();
  build->add_option("--histories", *histories, "Kernel histories (default: the spec's)");
  build->add_option("--seed", *seed, "Random seed (default: the spec's)");
  build->callback([io, spec_path, out, histories, seed] {
    const std::filesystem::path p(*spec_path);
    MachineSpec spec = MachineSpec::load(
        std::filesystem::is_regular_file(p) ? p : builtin_machine_spec(*spec_path));
    if (*histories != 0) {
      if (*histories < 1000 || *histories > 1e10)
        throw InputError("--histories must be 1000..1e10");
      spec.kernel_histories = static_cast<std::int64_t>(*histories);
    }
    if (*seed >= 0) spec.kernel_seed = static_cast<std::uint64_t>(*seed);
    io.out << "machine " << spec.name << ": " << spec.kernel_histories
           << " kernel histories, spectrum " << spec.spectrum.name << " (mean "
           << std::setprecision(3) << spec.spectrum.mean_energy_mev() << " MeV)\n";
    const MachineBuildReport r = build_machine_file(spec, *out);
    io.out << std::fixed << std::setprecision(1) << "kernel: " << r.kernel_seconds << " s, "
           << std::setprecision(0) << r.histories_per_second << " histories/s; worst band noise "
           << std::setprecision(2) << 100 * r.worst_band_sigma << " % (1 sigma); escaped "
           << 100 * r.escaped << " %\ncalibration: d_max " << r.dmax_cm << " cm, "
           << std::scientific << std::setprecision(4) << r.energy_fluence_per_mu
           << " MeV/cm2 per MU at 100 cm\nwrote " << *out << "\n";
  });
}

}  // namespace srtdose::cli
