// RGB images for the HTML reports: PNG encoding (libpng) and base64 data URIs, so a report is
// one self-contained file that opens offline.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace srtdose {

struct RgbImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;  ///< row-major, top row first, 3 bytes per pixel
  RgbImage(int w, int h) : width(w), height(h), rgb(static_cast<std::size_t>(w) * h * 3, 0) {}
  std::uint8_t* at(int x, int y) { return &rgb[(static_cast<std::size_t>(y) * width + x) * 3]; }
};

/// The PNG file bytes of the image. Throws IoError when libpng fails.
std::string encode_png(const RgbImage& image);
/// "data:image/png;base64,..." for an <img src>.
std::string png_data_uri(const RgbImage& image);

}  // namespace srtdose
