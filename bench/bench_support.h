// Shared set-up of the dose-engine benchmarks: one quick machine file per benchmark process,
// water cubes of 2.5 mm voxels and a 5 x 5 cm AP beam entering them.
#pragma once

#include <filesystem>

#include "host/machine/machine_file.h"
#include "host/plan/beam_segments.h"
#include "host/plan/patient_model.h"

namespace srtdose::bench {

/// ideal-6mv with a 100 000-history kernel, built on first use (outside any timing) and
/// removed when the process ends.
inline const std::filesystem::path& machine_file() {
  struct File {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / "srtdose_bench_ideal-6mv.h5";
    File() {
      MachineSpec spec = MachineSpec::load(builtin_machine_spec("ideal-6mv"));
      spec.kernel_histories = 100000;
      build_machine_file(spec, path);
    }
    ~File() { std::filesystem::remove(path); }
  };
  static const File file;
  return file.path;
}

/// A water cube of n^3 voxels of 2.5 mm centred on the origin.
inline PatientModel water_cube(int n) {
  PhantomSpec p;
  const double half = n * 2.5 / 2;
  p.extent_mm = {{-half, -half, -half}, {half, half, half}};
  p.voxel_mm = {2.5, 2.5, 2.5};
  return build_phantom(p, PatientPosition::HFS);
}

/// A 5 x 5 cm beam at gantry 0 with its isocentre on the cube's entrance surface, 100 MU.
inline BeamSegment surface_beam(int n) {
  BeamSegment s;
  s.isocenter_mm = {0, -n * 2.5 / 2, 0};
  s.aperture.jaws = Jaws{-25, 25, -25, 25};
  s.mu = 100;
  return s;
}

}  // namespace srtdose::bench
