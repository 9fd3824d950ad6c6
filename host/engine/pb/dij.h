// Dose-influence matrices: the pencil-beam dose of every beamlet of a plan at every voxel, as a
// sparse matrix (CSR, beamlets x voxels), so that dose = D w for beamlet weights w.
#pragma once

#include <filesystem>
#include <vector>

#include "host/core/device_choice.h"
#include "host/engine/pb/pb_engine.h"
#include "host/plan/plan.h"

namespace srtdose {

struct DijOptions {
  double cutoff_mm = 30;    ///< lateral distance (at depth) beyond which a beamlet gives no dose
  double threshold = 1e-4;  ///< entries below threshold x the row's maximum are dropped
  double min_density_g_cm3 = 0.01;
  Device device = Device::Cpu;  ///< Cpu or Cuda (resolved: not Auto)
};

struct DijBeamlet {
  int beam = 0, segment = 0;  ///< indices in the plan / in the beam's expanded segments
  double x_mm = 0, y_mm = 0;  ///< centre at the isocentre plane (beam-limiting-device axes)
  double open_weight = 0;     ///< MU x fractions x aperture fluence: w giving the plan's dose
};

struct DijMatrix {
  Grid3 grid;
  double beamlet_mm = 0;
  std::vector<DijBeamlet> beamlets;
  std::vector<std::int64_t> indptr;   ///< CSR: row j has indices[indptr[j]..indptr[j+1])
  std::vector<std::int32_t> indices;  ///< voxel indices (grids up to 2^31 voxels)
  std::vector<float> data;            ///< Gy per unit weight
  /// Dose (Gy) of weights w (one per beamlet).
  Volume<float> multiply(const std::vector<double>& w) const;
  std::vector<double> open_weights() const;
};

/// The matrix of a plan's beams (all segments) on the patient grid.
DijMatrix compute_dij(const Plan& plan, const PatientModel& patient, const PbBeamData& data,
                      const DijOptions& options);

/// HDF5 layout (docs/pb-engine.md), readable with h5py + scipy.sparse.csr_matrix.
void write_dij_hdf5(const std::filesystem::path& path, const DijMatrix& dij, const Plan& plan);

}  // namespace srtdose
