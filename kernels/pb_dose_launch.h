// Host-side entry point of the CUDA pencil beam (declared for every build; without CUDA the
// constructor throws DeviceError). Included by host code compiled with g++.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "kernels/common/grid_view.h"
#include "kernels/common/pb_lattice.h"

namespace srtdose::cuda {

/// One dose-influence row: voxel indices (increasing) and values.
struct DijRow {
  std::vector<std::int32_t> voxels;
  std::vector<float> values;
};

/// The pencil beam on the GPU over the shared math of kernels/common/pb_lattice.h: fan lines
/// traced one thread per line, queries and gathers one thread per voxel, lattice convolutions
/// one thread per lattice point and table plane. The density, the lateral density and the
/// kernel tables stay on the device for a whole plan; the dose accumulates there.
class PbDevice {
 public:
  /// Uploads the density (g.size() floats), the lateral density (or null), the tables and the
  /// softening factors (host pointers). Throws DeviceError when the build or the machine has no
  /// CUDA.
  PbDevice(const GridView& g, const float* density_g_cm3, const float* lateral_density,
           const PbTablesView& tables, const PbSofteningView& softening);
  ~PbDevice();
  PbDevice(PbDevice&&) noexcept;
  PbDevice& operator=(PbDevice&&) noexcept;
  PbDevice(const PbDevice&) = delete;
  PbDevice& operator=(const PbDevice&) = delete;

  /// dose += weight x (to_gy x gather x inverse square + electrons) of one segment. `segment`
  /// holds host pointers (electron map; its depths, tables and softening are ignored: traced
  /// and held here), `lattice` the host beamlet fluence.
  void add_segment(const PbSegmentView& segment, const PbLatticeView& lattice, int max_half,
                   double to_gy, double weight);
  /// The accumulated dose (g.size() floats), and zero it.
  void take_dose(float* out);

  /// Dose-influence rows of one segment's unit-fluence beamlets at the isocentre plane
  /// (centres in mm): to_gy x kernel x inverse square for voxels within cutoff_mm (at the
  /// voxel's depth) of the beamlet, entries below threshold x the row's maximum dropped.
  std::vector<DijRow> dij_rows(const PbSegmentView& segment, const std::vector<double>& x_mm,
                               const std::vector<double>& y_mm, double to_gy, double cutoff_mm,
                               double threshold);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace srtdose::cuda
