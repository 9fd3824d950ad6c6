#include "host/check/slice_render.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "host/core/resample.h"

namespace srtdose {

const char* to_string(SlicePlane p) {
  return p == SlicePlane::Axial ? "axial" : (p == SlicePlane::Coronal ? "coronal" : "sagittal");
}

namespace {

constexpr std::array<std::array<int, 3>, 7> kIsodose{{{0, 90, 255},
                                                      {0, 200, 255},
                                                      {0, 220, 0},
                                                      {255, 230, 0},
                                                      {255, 140, 0},
                                                      {255, 0, 0},
                                                      {255, 0, 255}}};

/// Screen axes of a plane: the world point of pixel (u, v).
struct Frame {
  Vec3 origin, du, dv;
  int width, height;
};

Frame frame_for(const Grid3& g, SlicePlane plane, const Vec3& p, double px) {
  const Box3 b = g.bounds_mm();
  Frame f;
  auto n = [&](double lo, double hi) {
    return std::max(1, static_cast<int>(std::ceil((hi - lo) / px)));
  };
  switch (plane) {
    case SlicePlane::Axial:  // x right, y down
      f = {{b.min_mm.x, b.min_mm.y, p.z},
           {px, 0, 0},
           {0, px, 0},
           n(b.min_mm.x, b.max_mm.x),
           n(b.min_mm.y, b.max_mm.y)};
      break;
    case SlicePlane::Coronal:  // x right, z up
      f = {{b.min_mm.x, p.y, b.max_mm.z},
           {px, 0, 0},
           {0, 0, -px},
           n(b.min_mm.x, b.max_mm.x),
           n(b.min_mm.z, b.max_mm.z)};
      break;
    case SlicePlane::Sagittal:  // y right (anterior left), z up
      f = {{p.x, b.min_mm.y, b.max_mm.z},
           {0, px, 0},
           {0, 0, -px},
           n(b.min_mm.y, b.max_mm.y),
           n(b.min_mm.z, b.max_mm.z)};
      break;
  }
  f.origin = f.origin + 0.5 * f.du + 0.5 * f.dv;
  return f;
}

/// Grey CT background: density 0 -> black, 2 g/cm3 -> white.
RgbImage background(const Volume<float>& density, const Frame& f, std::vector<Vec3>& points) {
  RgbImage img(f.width, f.height);
  points.resize(static_cast<std::size_t>(f.width) * f.height);
  for (int v = 0; v < f.height; ++v)
    for (int u = 0; u < f.width; ++u) {
      const Vec3 p = f.origin + u * f.du + v * f.dv;
      points[static_cast<std::size_t>(v) * f.width + u] = p;
      const double rho = interpolate_trilinear(density, p, 0.0);
      const auto grey = static_cast<std::uint8_t>(std::clamp(rho / 2.0, 0.0, 1.0) * 255);
      std::uint8_t* c = img.at(u, v);
      c[0] = c[1] = c[2] = grey;
    }
  return img;
}

void blend(std::uint8_t* c, double r, double g, double b, double alpha) {
  c[0] = static_cast<std::uint8_t>((1 - alpha) * c[0] + alpha * r);
  c[1] = static_cast<std::uint8_t>((1 - alpha) * c[1] + alpha * g);
  c[2] = static_cast<std::uint8_t>((1 - alpha) * c[2] + alpha * b);
}

/// Jet colour of t in [0, 1].
std::array<double, 3> jet(double t) {
  t = std::clamp(t, 0.0, 1.0);
  const double r = std::clamp(1.5 - std::abs(4 * t - 3), 0.0, 1.0);
  const double g = std::clamp(1.5 - std::abs(4 * t - 2), 0.0, 1.0);
  const double b = std::clamp(1.5 - std::abs(4 * t - 1), 0.0, 1.0);
  return {255 * r, 255 * g, 255 * b};
}

/// A pixel of grey `grey` with (r, g, b) blended over it at alpha a.
std::array<std::uint8_t, 3> blended(std::uint8_t grey, double r, double g, double b, double a) {
  std::array<std::uint8_t, 3> c{grey, grey, grey};
  blend(c.data(), r, g, b, a);
  return c;
}

}  // namespace

std::string css_rgb(int r, int g, int b) {
  return "rgb(" + std::to_string(r) + "," + std::to_string(g) + "," + std::to_string(b) + ")";
}

std::array<std::uint8_t, 3> dose_wash_rgb(double x, std::uint8_t grey) {
  if (!(x >= 0.1)) return {grey, grey, grey};
  const auto c = jet((x - 0.1) / 1.0);
  return blended(grey, c[0], c[1], c[2], 0.45);
}

std::array<std::uint8_t, 3> signed_map_rgb(double t, std::uint8_t grey) {
  t = std::clamp(t, -1.0, 1.0);
  if (!(std::abs(t) >= 0.02)) return {grey, grey, grey};
  return t > 0 ? blended(grey, 255, 255 * (1 - t), 255 * (1 - t), 0.8)
               : blended(grey, 255 * (1 + t), 255 * (1 + t), 255, 0.8);
}

std::array<std::uint8_t, 3> unsigned_map_rgb(double t, std::uint8_t grey) {
  return t > 1 ? blended(grey, 230, 0, 0, 0.85) : blended(grey, 255 * t, 200, 40, 0.6);
}

std::string isodose_colour(std::size_t i) {
  const auto& c = kIsodose[i % kIsodose.size()];
  return css_rgb(c[0], c[1], c[2]);
}

RgbImage render_dose_slice(const Volume<float>& density, const Volume<float>& dose,
                           SlicePlane plane, const Vec3& through, double ref,
                           const std::vector<double>& levels, double px) {
  const Frame f = frame_for(density.grid(), plane, through, px);
  std::vector<Vec3> pts;
  RgbImage img = background(density, f, pts);
  std::vector<double> d(pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i) d[i] = interpolate_trilinear(dose, pts[i], 0.0);
  for (int v = 0; v < f.height; ++v)
    for (int u = 0; u < f.width; ++u) {
      const double x = d[static_cast<std::size_t>(v) * f.width + u] / ref;
      std::uint8_t* px_rgb = img.at(u, v);
      const auto wash = dose_wash_rgb(x, px_rgb[0]);
      std::copy(wash.begin(), wash.end(), px_rgb);
      // Isodose line: the level lies between this pixel and its right or lower neighbour.
      for (std::size_t l = 0; l < levels.size(); ++l) {
        const double level = levels[l] / 100;
        auto crosses = [&](int uu, int vv) {
          if (uu >= f.width || vv >= f.height) return false;
          const double y = d[static_cast<std::size_t>(vv) * f.width + uu] / ref;
          return (x >= level) != (y >= level);
        };
        if (crosses(u + 1, v) || crosses(u, v + 1)) {
          const auto& c = kIsodose[l % kIsodose.size()];
          blend(img.at(u, v), c[0], c[1], c[2], 1.0);
        }
      }
    }
  return img;
}

RgbImage render_map_slice(const Volume<float>& density, const Volume<float>& map, SlicePlane plane,
                          const Vec3& through, double range, bool is_signed, double px) {
  const Frame f = frame_for(density.grid(), plane, through, px);
  std::vector<Vec3> pts;
  RgbImage img = background(density, f, pts);
  const Grid3& mg = map.grid();
  for (int v = 0; v < f.height; ++v)
    for (int u = 0; u < f.width; ++u) {
      // Nearest map voxel (gamma maps hold NaN where not evaluated).
      const Vec3 ci = mg.continuous_index(pts[static_cast<std::size_t>(v) * f.width + u]);
      const int i = static_cast<int>(std::lround(ci.x)), j = static_cast<int>(std::lround(ci.y)),
                k = static_cast<int>(std::lround(ci.z));
      if (i < 0 || j < 0 || k < 0 || i >= mg.nx() || j >= mg.ny() || k >= mg.nz()) continue;
      const double x = map.at(i, j, k);
      if (!std::isfinite(x)) continue;
      std::uint8_t* px_rgb = img.at(u, v);
      const auto c =
          is_signed ? signed_map_rgb(x / range, px_rgb[0]) : unsigned_map_rgb(x / range, px_rgb[0]);
      std::copy(c.begin(), c.end(), px_rgb);
    }
  return img;
}

void draw_outline(RgbImage& img, const Grid3& background_grid, const Volume<float>& mask,
                  SlicePlane plane, const Vec3& through, int r, int g, int b, double px) {
  const Frame f = frame_for(background_grid, plane, through, px);
  std::vector<std::uint8_t> in(static_cast<std::size_t>(f.width) * f.height);
  for (int v = 0; v < f.height; ++v)
    for (int u = 0; u < f.width; ++u)
      in[static_cast<std::size_t>(v) * f.width + u] =
          interpolate_trilinear(mask, f.origin + u * f.du + v * f.dv, 0.0) >= 0.5;
  for (int v = 0; v < f.height; ++v)
    for (int u = 0; u < f.width; ++u) {
      const bool x = in[static_cast<std::size_t>(v) * f.width + u];
      const bool right = u + 1 < f.width && in[static_cast<std::size_t>(v) * f.width + u + 1] != x;
      const bool down = v + 1 < f.height && in[static_cast<std::size_t>(v + 1) * f.width + u] != x;
      if (right || down) blend(img.at(u, v), r, g, b, 1.0);
    }
}

void structure_colour(std::size_t i, int& r, int& g, int& b) {
  constexpr std::array<std::array<int, 3>, 8> kColours{{{255, 255, 255},
                                                        {0, 255, 255},
                                                        {255, 0, 255},
                                                        {255, 255, 0},
                                                        {0, 255, 0},
                                                        {255, 128, 0},
                                                        {128, 128, 255},
                                                        {255, 128, 128}}};
  const auto& c = kColours[i % kColours.size()];
  r = c[0], g = c[1], b = c[2];
}

std::string structure_colour(std::size_t i) {
  int r = 0, g = 0, b = 0;
  structure_colour(i, r, g, b);
  return css_rgb(r, g, b);
}

}  // namespace srtdose
