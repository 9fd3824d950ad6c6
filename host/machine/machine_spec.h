// The description a machine file is built from (plans/machines/*.json): source, spectrum and
// kernel-generation settings, each value with its source.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "host/machine/fluence.h"
#include "host/physics/bremsstrahlung_spectrum.h"
#include "host/physics/spectrum.h"

namespace srtdose {

struct MachineSpec {
  std::filesystem::path file;
  std::string name, description;
  physics::Spectrum spectrum;
  double sad_mm = 1000;
  std::string source = "point";  ///< "point": no focal-spot blur, no head scatter; "gaussian"
  /// When the spectrum is computed (spectrum.model "thick_target"): the model, which also
  /// gives the off-axis profile and softening at off_axis_radius_mm.
  std::optional<physics::ThickTargetModel> target_model;
  std::vector<double> off_axis_radius_mm;
  /// Focal spot, head scatter, transmission, leaf ends, electron contamination (the off-axis
  /// table is filled by the machine build from the target model).
  HeadModel head;
  std::string head_citation;
  // Kernel generation (Monte Carlo).
  std::int64_t kernel_histories = 1000000;
  std::uint64_t kernel_seed = 1;
  int zenith_bands = 48;
  /// Kernels of this many energy groups of equal surface TERMA (kernel hardening,
  /// host/physics/energy_groups.h); 1 = one polyenergetic kernel.
  int energy_groups = 3;
  double delta_ray_threshold_mev = 0.05;

  /// Reads and checks a spec (format in docs/machine-file.md); errors name the file and field.
  static MachineSpec load(const std::filesystem::path& file);
};

/// The spec of a built-in machine (plans/machines/<name>.json in the data folder).
std::filesystem::path builtin_machine_spec(const std::string& name);

/// The committed machine file of a built-in machine (data_dir()/machines/<name>.h5, generated
/// by `srtdose machine build <name>` from its spec), or an empty path when there is none.
std::filesystem::path builtin_machine_file(const std::string& name);

}  // namespace srtdose
