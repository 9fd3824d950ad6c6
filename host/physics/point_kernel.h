// Point energy-deposition kernels in water by Monte Carlo: photons forced to interact at the
// origin travelling along +z (Mackie, Bielajew, Rogers and Battista, PMB 33:1, 1988), energy
// scored in spherical-conical bins, split into primary and scatter.
#pragma once

#include <cstdint>
#include <vector>

#include "host/physics/spectrum.h"
#include "host/physics/water_tables.h"

namespace srtdose::physics {

struct KernelBinning {
  std::vector<double> radius_edges_cm;  ///< outer radii of the shells, ascending (first > 0)
  int cones = 48;                       ///< polar bins of equal angle from +z
  /// Shells log-spaced from 0.005 cm to 60 cm (96 of them, plus the sphere inside 0.005 cm).
  static KernelBinning standard();
  int shells() const { return static_cast<int>(radius_edges_cm.size()); }
  double cone_width_rad() const;
};

/// A kernel: the fraction of the interacting photons' energy deposited in each bin.
struct PointKernel {
  KernelBinning binning;
  std::vector<double> primary, scatter;              ///< [cone * shells + shell]
  std::vector<double> primary_sigma, scatter_sigma;  ///< 1-sigma (batch method), same units
  double escaped = 0;  ///< fraction leaving the outer sphere (as photons or electrons)
  double mean_energy_mev = 0;
  std::int64_t histories = 0;

  double total(int cone, int shell) const;
  /// Fraction deposited within radius r (cm), all cones, interpolated in ln r between edges.
  double cumulative_within(double r_cm, bool primary_only = false) const;
  /// Fraction deposited in the forward (theta < 90 deg) and backward hemispheres.
  double forward() const;
  double backward() const;
};

struct KernelMcOptions {
  std::int64_t histories = 100000;
  std::uint64_t seed = 1;
  int batches = 32;                   ///< for the statistical uncertainty, and reproducibility
  double electron_cutoff_mev = 0.01;  ///< kinetic energy below which electrons stop
  double photon_cutoff_mev = 0.01;
  double max_step_fraction = 0.04;  ///< electron step <= this x residual CSDA range
  KernelBinning binning = KernelBinning::standard();
};

/// Monoenergetic kernel of photons of e_mev in water (tables must be water's).
PointKernel simulate_point_kernel(double e_mev, const InteractionTables& water,
                                  const KernelMcOptions& options);

/// Polyenergetic kernel: interacting photon energies sampled in proportion to fluence x mu,
/// uniformly within the spectrum's bins; scores normalised by the interacting energy, so each
/// energy's kernel is weighted by fluence x mu x E (TERMA weighting, Mackie et al. 1988).
PointKernel simulate_point_kernel(const Spectrum& spectrum, const InteractionTables& water,
                                  const KernelMcOptions& options);

}  // namespace srtdose::physics
