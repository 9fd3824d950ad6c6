// Finite-size pencil-beam engine (CPU reference path): beamlets of the aperture fluence, each
// with the finite-size pencil kernel at the radiological depth along its fan line and the
// lateral distance at that depth (divergent geometry), inverse square, MU calibration.
#pragma once

#include <filesystem>

#include "host/engine/fan_depth.h"
#include "host/engine/pb/fspb_kernel.h"
#include "host/geometry/iec61217.h"
#include "host/machine/electron_contamination.h"
#include "host/machine/fluence.h"
#include "host/physics/spectrum.h"
#include "host/plan/beam_segments.h"
#include "host/plan/patient_model.h"
#include "kernels/common/pb_lattice.h"

namespace srtdose {

struct PbBeamData {
  double beamlet_mm = 2.5;  ///< beamlet side at the isocentre plane
  /// Finite-size kernels for beamlets of beamlet_mm x scales[i] (a beamlet widens with
  /// depth as z / SAD), so that beamlets tile the field at every depth.
  std::vector<double> scales;
  std::vector<FspbKernel> kernels;
  double energy_fluence_per_mu = 0;  ///< MeV/cm2 at 100 cm per MU
  HeadModel head;
  /// Lateral reach of the kernels at the isocentre plane (mm): beamlets farther than this from
  /// a voxel's beam's-eye-view position add nothing to it.
  double reach_iso_mm = 0;
  /// Kernels down to scale 0.15 for lateral density scaling (lateral_scaling below).
  bool lateral_scaling = false;
  /// The tables of `kernels`, one after the other (PbTablesView's layout); the kernels' own
  /// value arrays are emptied into it.
  std::vector<double> table_values, slab_depth_cm;
  std::vector<std::int64_t> table_offsets;
  std::vector<int> table_halves;
  int max_half = 0;
  PbTablesView tables() const;
  /// Off-axis softening (PbSofteningView): factors at the head's off-axis radii x the slab
  /// depths; empty when the machine has one spectrum.
  std::vector<double> softening_radius_mm, softening;
  void build_softening(const physics::Spectrum& axis_spectrum);
  PbSofteningView softening_view() const;
  /// Where a point at depth_cm reads the tables for a beamlet magnified by scale.
  PbPoint prepare(double depth_cm, double scale) const {
    return pb_prepare(tables(), depth_cm, scale);
  }
  /// Kernel of a beamlet magnified by scale (linear between the tabulated scales).
  /// Offsets du, dv are in beamlets at the isocentre plane (the beamlet lattice's units): each
  /// table is read at du x its own cell, so that beamlets tile the field at every depth and a
  /// voxel's sum over the beamlet lattice is a lattice convolution (pb_dose_per_mu).
  double kernel_at(double du, double dv, const PbPoint& p) const {
    return pb_kernel_value(tables(), du, dv, p);
  }
  /// From a machine file: its pencil kernel integrated over beamlets of beamlet_mm. With
  /// lateral_scaling, also the kernels of beamlets shrunk down to 0.15 x (their cutoff shrunk
  /// with them), for voxels in low density.
  static PbBeamData from_machine_file(const std::filesystem::path& file, double beamlet_mm,
                                      double cutoff_cm = 8.0, bool lateral_scaling = false);
};

/// A beamlet of a segment: centre at the isocentre plane (mm, beam-limiting-device axes) and
/// the aperture fluence averaged over it.
struct Beamlet {
  double x_mm, y_mm, fluence;
};
std::vector<Beamlet> segment_beamlets(const BeamSegment& segment, const PbBeamData& data);

/// Dose per MU (Gy) at point p_mm from one beamlet of unit fluence, or 0 beyond the kernel.
/// depth_cm is the radiological depth of p along its fan line.
double beamlet_dose_per_mu(const PbBeamData& data, const BeamFrame& frame, const Beamlet& b,
                           const Vec3& bev, double depth_cm);

/// Dose per MU (Gy) of one segment at every voxel (1D radiological-depth heterogeneity
/// correction: the water kernel at the water-equivalent depth, traced along fan lines every
/// segment_fan_depths and interpolated at the voxel; dose to water). The sum over
/// beamlets is evaluated as a convolution of the beamlet fluence lattice with each needed
/// kernel table (one per scale and depth slab), read bilinearly at each voxel: the same
/// number as summing beamlet by beamlet, at a fraction of the cost.
/// Only voxels where mask != 0 are computed when a mask is given.
/// With lateral_density (from lateral_density(), and data built with lateral_scaling), the
/// kernel is also scaled laterally by the voxel's surrounding density rho (O'Connor's theorem
/// for a homogeneous medium, applied locally, as in Gu et al., PMB 56:3087, 2011):
/// K_rho(r) = rho^2 K_w(rho r), i.e. the water kernel of a beamlet rho times smaller at
/// rho times the offset; rho in [0.19, 1] (no lateral shrinking in bone).
Volume<float> pb_dose_per_mu(const PatientModel& patient, const BeamSegment& segment,
                             const PbBeamData& data, double min_density_g_cm3 = 0.01,
                             const Volume<std::uint8_t>* mask = nullptr,
                             const Volume<float>* lateral_density = nullptr);

/// The box of a segment's beamlet centres at the isocentre plane (mm).
struct BeamletBox {
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
};
BeamletBox beamlet_box(const std::vector<Beamlet>& beamlets);

/// The radiological depths the pencil beam reads for a segment: fan lines at the multiples of
/// the grid's smallest voxel side over the beamlets' box widened by the kernels' reach (the
/// engine and its dose-influence matrix read the same ones).
FanDepthMap segment_fan_depths(const PatientModel& patient, const BeamFrame& frame,
                               const BeamletBox& box, const PbBeamData& data);

/// The fan lines segment_fan_depths traces (their layout only).
FanDepthView segment_fan_layout(const Grid3& grid, const BeamFrame& frame, const BeamletBox& box,
                                const PbBeamData& data);

/// One segment prepared on the host for either path: its beamlets on their lattice, its
/// electron contamination and the layout of its fan lines.
struct PbSegment {
  PbSegment(const PatientModel& patient, const BeamSegment& segment, const PbBeamData& data);
  BeamFrame frame;
  std::vector<Beamlet> beamlets;
  BeamletBox box;
  std::vector<double> fluence;  ///< the beamlets' fluence on their lattice (PbLatticeView)
  int m0 = 0, n0 = 0, nx = 0, ny = 0;
  ElectronContamination electrons;
  FanDepthView fan_layout;
  PbLatticeView lattice() const { return {fluence.data(), m0, n0, nx, ny}; }
  /// The per-voxel view with the depths traced (depth_data) and the lateral density (or null).
  PbSegmentView view(const PbBeamData& data, const float* depth_data, const float* lateral_density,
                     double min_density_g_cm3) const;
};

/// The density the lateral scaling uses: the mean over a cube of side 2 radius_mm + 1 voxel
/// around each voxel.
Volume<float> lateral_density(const PatientModel& patient, double radius_mm = 5.0);

}  // namespace srtdose
