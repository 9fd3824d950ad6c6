// A rendered slice as a report figure: the image with orientation letters at its edges, a
// scale bar, a colour bar of the image's colour map and the slice's position, as HTML and SVG
// (vector text, crisp in print).
#pragma once

#include <string>
#include <vector>

#include "host/check/png_image.h"
#include "host/check/slice_render.h"

namespace srtdose {

/// A colour map as a bar: its colours at `stops` (values in the bar's units), labelled ticks.
struct ColourScale {
  std::string label;  ///< e.g. "dose, % of 24.00 Gy"
  std::vector<std::pair<double, std::array<std::uint8_t, 3>>> stops;
  std::vector<double> ticks;
  std::string tick_suffix;  ///< e.g. " %"
};

/// The dose wash (render_dose_slice) over soft tissue, 0-120 % of ref_gy.
ColourScale dose_wash_scale(double ref_gy);
/// The difference map (render_map_slice, signed) over +-range_pct.
ColourScale difference_scale(double range_pct);
/// The gamma map (render_map_slice, unsigned, range 1), 0-1.5.
ColourScale gamma_scale(const std::string& criteria);

/// The letters at the left, right, top and bottom edges of a slice (DICOM patient axes, as
/// slice_render draws them): axial R L A P, coronal R L S I, sagittal A P S I.
std::array<char, 4> orientation_letters(SlicePlane plane);

/// The figure: image (width_px x height_px pixels of pixel_mm), letters, a scale bar, the
/// colour bar and a caption naming the plane and the slice's position in mm.
std::string slice_figure_html(const RgbImage& image, SlicePlane plane, const Vec3& through_mm,
                              double pixel_mm, const ColourScale& scale,
                              const std::string& caption);

/// The CSS the figures need (once per page).
const char* slice_figure_css();

}  // namespace srtdose
