// Photon fluence in the beam's-eye view at the isocentre plane: jaws, MLC and cones, with the
// focal spot and an extra-focal (head-scatter) source seen through each collimator, leaf and
// jaw transmission, rounded leaf ends, tongue-and-groove, and the off-axis profile.
#pragma once

#include <vector>

#include "host/plan/plan.h"
#include "kernels/common/map_sample.h"

namespace srtdose {

/// A map in beam-limiting-device coordinates (IEC: x across the leaves' travel direction is the
/// jaw-X axis, y along the leaf stack), mm at the isocentre plane, pixel centres on a grid.
struct FluenceMap {
  int nx = 0, ny = 0;
  double pixel_mm = 1;
  double x0_mm = 0, y0_mm = 0;  ///< centre of pixel (0, 0)
  std::vector<float> value;     ///< [j * nx + i], relative to the open-field primary on axis
  double x_mm(int i) const { return x0_mm + i * pixel_mm; }
  double y_mm(int j) const { return y0_mm + j * pixel_mm; }
  float at(int i, int j) const { return value[static_cast<std::size_t>(j) * nx + i]; }
  /// Bilinear value at (x, y); 0 outside.
  double sample(double x_mm, double y_mm) const { return view().sample(x_mm, y_mm); }
  MapView view() const { return {value.data(), nx, ny, pixel_mm, x0_mm, y0_mm}; }
  /// Integral over the map, mm2 (x fluence).
  double integral_mm2() const;
};

/// Treatment-head parameters of a fluence model (distances from the source, mm).
struct HeadModel {
  double sad_mm = 1000;
  double focal_spot_sigma_mm = 0;        ///< Gaussian primary source (sigma at the source)
  double extra_focal_weight = 0;         ///< fraction of the open-field fluence from head scatter
  double extra_focal_sigma_mm = 0;       ///< Gaussian extra-focal source (sigma at its plane)
  double extra_focal_distance_mm = 125;  ///< source to the extra-focal plane (flattening filter)
  double jaw_y_distance_mm = 280, jaw_x_distance_mm = 367, mlc_distance_mm = 509,
         cone_distance_mm = 700;
  double jaw_transmission = 0, mlc_transmission = 0, cone_transmission = 0;
  double leaf_end_offset_mm = 0;  ///< rounded leaf ends: radiation edge beyond the leaf tip
  double tongue_groove_mm = 0;    ///< width of the tongue-and-groove shadow at leaf sides
  /// Off-axis factor at radius r (mm at the isocentre plane): pairs (r, factor); empty = 1.
  std::vector<std::pair<double, double>> off_axis;
  /// Off-axis softening: relative photon fluence per spectrum bin at each off_axis radius
  /// (each row sums to 1); empty = the on-axis spectrum everywhere.
  std::vector<std::vector<double>> off_axis_spectrum;
  /// Electron contamination (electron_contamination.h): dose at the surface relative to d_max
  /// on the axis of the 10 x 10 cm reference field, its e-folding depth in water and the
  /// lateral spread of the contaminating electrons at the isocentre plane.
  double electron_surface_fraction = 0, electron_depth_cm = 1, electron_sigma_mm = 20;
  /// A perfect point source with ideal collimation (ideal-6mv).
  static HeadModel ideal(double sad_mm = 1000);
};

/// The off-axis factor at radius r_mm (linear between the table's radii, constant beyond).
double off_axis_factor(const HeadModel& head, double r_mm);

/// Where r_mm falls in the off-axis table: rows lo and hi with weight t of hi.
struct OffAxisRow {
  std::size_t lo = 0, hi = 0;
  double t = 0;
};
OffAxisRow off_axis_row(const HeadModel& head, double r_mm);

/// Blurs a map in place by a Gaussian of sigma_mm (pixel-integrated, separable).
void gaussian_blur(FluenceMap& map, double sigma_mm);

/// The fluence map of an aperture on a grid of pixel_mm covering it plus margin_mm. Each
/// collimator's opening is integrated exactly over the pixels, blurred by the focal spot (and,
/// for the extra-focal part, the head-scatter source) projected from its own height
/// (sigma x (SAD - z) / z), and the collimators multiply. A cone beam without jaws is
/// computed with default_cone_jaws.
FluenceMap aperture_fluence(const Aperture& aperture, const HeadModel& head, double pixel_mm,
                            double margin_mm = 20);

}  // namespace srtdose
