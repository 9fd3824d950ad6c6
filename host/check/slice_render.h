// Slices through a point for the check reports: the CT (as density) in grey with a dose colour
// wash and isodose lines, or a signed/unsigned map (dose difference, gamma) over the CT.
// Radiological orientation: axial seen from the feet (patient's left on screen right,
// anterior up), coronal from the front, sagittal from the patient's left (anterior left).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "host/check/png_image.h"
#include "host/core/volume.h"

namespace srtdose {

enum class SlicePlane { Axial, Coronal, Sagittal };
const char* to_string(SlicePlane p);

/// CT + dose wash (from 10 % of ref_gy) + isodose lines at `levels_pct` of ref_gy.
RgbImage render_dose_slice(const Volume<float>& density, const Volume<float>& dose,
                           SlicePlane plane, const Vec3& through_mm, double ref_gy,
                           const std::vector<double>& levels_pct, double pixel_mm = 1.0);

/// CT + a map: diverging blue-white-red over [-range, range] (signed), or green-yellow-red
/// over [0, range] with values above 1 red (gamma). NaN pixels show the CT only.
RgbImage render_map_slice(const Volume<float>& density, const Volume<float>& map, SlicePlane plane,
                          const Vec3& through_mm, double range, bool is_signed,
                          double pixel_mm = 1.0);

/// Draws the 50 % line of a structure mask on a slice rendered with the same background grid,
/// plane, point and pixel size.
void draw_outline(RgbImage& image, const Grid3& background_grid, const Volume<float>& mask,
                  SlicePlane plane, const Vec3& through_mm, int r, int g, int b,
                  double pixel_mm = 1.0);

/// "rgb(r,g,b)" for CSS and SVG (components 0-255).
std::string css_rgb(int r, int g, int b);

/// A distinct colour (0-255 RGB as "rgb(r,g,b)") for structure i, and its components.
std::string structure_colour(std::size_t i);
void structure_colour(std::size_t i, int& r, int& g, int& b);

/// The RGB colour (0-255) of isodose level i, for legends.
std::string isodose_colour(std::size_t i);

/// What a pixel of CT grey level `grey` (0-255) becomes, as the slices draw it (and the colour
/// bars show it over soft tissue): the dose wash at x = dose / reference (none below 0.1), a
/// signed map at t = value / range (blue -1 .. white .. red +1, none within +-0.02), or an
/// unsigned one (gamma: green 0 .. yellow 1, red above).
std::array<std::uint8_t, 3> dose_wash_rgb(double x, std::uint8_t grey);
std::array<std::uint8_t, 3> signed_map_rgb(double t, std::uint8_t grey);
std::array<std::uint8_t, 3> unsigned_map_rgb(double t, std::uint8_t grey);

}  // namespace srtdose
