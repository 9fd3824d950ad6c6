// Finite-size pencil-beam engine (CPU reference path): beamlets of the aperture fluence, each
// with the finite-size pencil kernel at the radiological depth along its fan line and the
// lateral distance at that depth (divergent geometry), inverse square, MU calibration.
#pragma once

#include <filesystem>

#include "host/engine/pb/fspb_kernel.h"
#include "host/geometry/iec61217.h"
#include "host/machine/fluence.h"
#include "host/plan/beam_segments.h"
#include "host/plan/patient_model.h"

namespace srtdose {

struct PbBeamData {
  double beamlet_mm = 2.5;  ///< beamlet side at the isocentre plane
  /// Finite-size kernels for beamlets of beamlet_mm x scales[i] (a beamlet widens with
  /// depth as z / SAD), so that beamlets tile the field at every depth.
  std::vector<double> scales;
  std::vector<FspbKernel> kernels;
  double energy_fluence_per_mu = 0;  ///< MeV/cm2 at 100 cm per MU
  HeadModel head;
  /// Kernel of a beamlet magnified by scale (linear between the tabulated scales).
  double kernel_at(double dx_cm, double dy_cm, double depth_cm, double scale) const;
  /// The scale and depth interpolation of one point, prepared once for all beamlets.
  struct Point {
    std::size_t lo = 0, hi = 0;
    double t = 0;  ///< weight of kernels[hi]
    FspbKernel::Depth depth;
  };
  Point prepare(double depth_cm, double scale) const;
  double kernel_at(double dx_cm, double dy_cm, const Point& p) const;
  /// From a machine file: its pencil kernel integrated over beamlets of beamlet_mm.
  static PbBeamData from_machine_file(const std::filesystem::path& file, double beamlet_mm,
                                      double cutoff_cm = 8.0);
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
/// correction: the water kernel at the water-equivalent depth; dose to water).
/// Only voxels where mask != 0 are computed when a mask is given.
Volume<float> pb_dose_per_mu(const PatientModel& patient, const BeamSegment& segment,
                             const PbBeamData& data, double min_density_g_cm3 = 0.01,
                             const Volume<std::uint8_t>* mask = nullptr);

}  // namespace srtdose
