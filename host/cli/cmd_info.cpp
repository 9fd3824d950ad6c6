// `srtdose info`: version, build options and the CUDA devices found.
#include <omp.h>

#include "host/cli/commands.h"
#include "kernels/device_info.h"
#include "srtdose/config.h"

namespace srtdose::cli {

void add_info_command(CLI::App& app, Streams io) {
  CLI::App* sub = app.add_subcommand("info", "Version, build options and CUDA devices");
  sub->callback([io] {
    io.out << "srtdose " << SRTDOSE_VERSION << "\n";
    io.out << "CUDA: " << (cuda::compiled_with_cuda() ? "on" : "off") << "\n";
    io.out << "OpenMP threads: " << omp_get_max_threads() << "\n";
    const auto devs = cuda::devices();
    if (devs.empty()) {
      io.out << "CUDA devices: none (" << cuda::unavailable_reason() << ")\n";
    }
    for (const auto& d : devs) {
      io.out << "CUDA device " << d.index << ": " << d.name << ", compute capability " << d.cc_major
             << "." << d.cc_minor << ", " << d.memory_bytes / (1024.0 * 1024.0 * 1024.0)
             << " GiB\n";
    }
  });
}

}  // namespace srtdose::cli
