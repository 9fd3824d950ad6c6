#include "host/plan/partial_volume.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

namespace srtdose {

namespace {

/// Integral of sqrt(r^2 - t^2) from 0 to t, |t| <= r.
double half_chord_integral(double r, double t) {
  t = std::clamp(t, -r, r);
  return 0.5 * (t * std::sqrt(std::max(0.0, r * r - t * t)) + r * r * std::asin(t / r));
}

double overlap_1d(double a0, double a1, double b0, double b1) {
  return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

}  // namespace

double disk_rectangle_area_mm2(double r, double x0, double x1, double y0, double y1) {
  if (r <= 0) return 0.0;
  const double a = std::max(x0, -r), b = std::min(x1, r);
  if (!(a < b) || !(y0 < y1) || y1 <= -r || y0 >= r) return 0.0;
  // Chord half-length h(t) = sqrt(r^2 - t^2); the covered length min(y1, h) - max(y0, -h)
  // changes form only where h(t) = |y0| or |y1|.
  std::vector<double> cuts{a, b};
  for (double y : {y0, y1}) {
    if (std::abs(y) < r) {
      const double t = std::sqrt(r * r - y * y);
      for (double c : {-t, t}) {
        if (c > a && c < b) cuts.push_back(c);
      }
    }
  }
  std::sort(cuts.begin(), cuts.end());
  double area = 0.0;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    const double t0 = cuts[i], t1 = cuts[i + 1];
    if (!(t1 > t0)) continue;
    const double tm = 0.5 * (t0 + t1), hm = std::sqrt(std::max(0.0, r * r - tm * tm));
    if (std::min(y1, hm) <= std::max(y0, -hm)) continue;
    const double chord = half_chord_integral(r, t1) - half_chord_integral(r, t0);
    const double upper = y1 < hm ? y1 * (t1 - t0) : chord;
    const double lower = y0 > -hm ? y0 * (t1 - t0) : -chord;
    area += upper - lower;
  }
  return area;
}

namespace {

double sphere_box_overlap_mm3(const Vec3& c, double r, const Box3& box) {
  const double x0 = box.min_mm.x - c.x, x1 = box.max_mm.x - c.x;
  const double y0 = box.min_mm.y - c.y, y1 = box.max_mm.y - c.y;
  const double za = std::max(box.min_mm.z - c.z, -r), zb = std::min(box.max_mm.z - c.z, r);
  if (!(za < zb)) return 0.0;
  // The slice area A(rho(z)) has kinks where the slice radius equals the distance to an edge
  // line or a corner of the rectangle: split the z range there.
  std::vector<double> radii;
  for (double x : {x0, x1}) radii.push_back(std::abs(x));
  for (double y : {y0, y1}) radii.push_back(std::abs(y));
  for (double x : {x0, x1}) {
    for (double y : {y0, y1}) radii.push_back(std::hypot(x, y));
  }
  std::vector<double> cuts{za, zb, 0.0};
  for (double rho : radii) {
    if (rho < r) {
      const double z = std::sqrt(r * r - rho * rho);
      cuts.push_back(z);
      cuts.push_back(-z);
    }
  }
  std::sort(cuts.begin(), cuts.end());
  // 8-point Gauss-Legendre nodes and weights on [-1, 1].
  static constexpr std::array<double, 4> kX{0.1834346424956498, 0.5255324099163290,
                                            0.7966664774136267, 0.9602898564975363};
  static constexpr std::array<double, 4> kW{0.3626837833783620, 0.3137066458778873,
                                            0.2223810344533745, 0.1012285362903763};
  double vol = 0.0;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    const double lo = std::max(cuts[i], za), hi = std::min(cuts[i + 1], zb);
    if (!(hi > lo)) continue;
    const double mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
    for (std::size_t q = 0; q < kX.size(); ++q) {
      for (double sgn : {-1.0, 1.0}) {
        const double z = mid + sgn * half * kX[q];
        const double rho = std::sqrt(std::max(0.0, r * r - z * z));
        vol += kW[q] * half * disk_rectangle_area_mm2(rho, x0, x1, y0, y1);
      }
    }
  }
  return vol;
}

}  // namespace

double shape_box_overlap_mm3(const Shape& s, const Box3& box) {
  switch (s.type) {
    case ShapeType::Box:
      return overlap_1d(s.min_mm.x, s.max_mm.x, box.min_mm.x, box.max_mm.x) *
             overlap_1d(s.min_mm.y, s.max_mm.y, box.min_mm.y, box.max_mm.y) *
             overlap_1d(s.min_mm.z, s.max_mm.z, box.min_mm.z, box.max_mm.z);
    case ShapeType::Sphere:
      return sphere_box_overlap_mm3(s.center_mm, s.radius_mm, box);
    case ShapeType::Cylinder: {
      const int ax = s.axis, u = (ax + 1) % 3, v = (ax + 2) % 3;
      const double along =
          overlap_1d(s.center_mm[ax] - 0.5 * s.length_mm, s.center_mm[ax] + 0.5 * s.length_mm,
                     box.min_mm[ax], box.max_mm[ax]);
      if (along <= 0) return 0.0;
      return along * disk_rectangle_area_mm2(s.radius_mm, box.min_mm[u] - s.center_mm[u],
                                             box.max_mm[u] - s.center_mm[u],
                                             box.min_mm[v] - s.center_mm[v],
                                             box.max_mm[v] - s.center_mm[v]);
    }
  }
  return 0.0;
}

Box3 shape_bounds(const Shape& s) {
  switch (s.type) {
    case ShapeType::Box:
      return {s.min_mm, s.max_mm};
    case ShapeType::Sphere: {
      const Vec3 r{s.radius_mm, s.radius_mm, s.radius_mm};
      return {s.center_mm - r, s.center_mm + r};
    }
    case ShapeType::Cylinder: {
      Vec3 r{s.radius_mm, s.radius_mm, s.radius_mm};
      r[s.axis] = 0.5 * s.length_mm;
      return {s.center_mm - r, s.center_mm + r};
    }
  }
  return {};
}

double shape_volume_mm3(const Shape& s) {
  switch (s.type) {
    case ShapeType::Box:
      return (s.max_mm.x - s.min_mm.x) * (s.max_mm.y - s.min_mm.y) * (s.max_mm.z - s.min_mm.z);
    case ShapeType::Sphere:
      return 4.0 / 3.0 * std::numbers::pi * std::pow(s.radius_mm, 3);
    case ShapeType::Cylinder:
      return std::numbers::pi * s.radius_mm * s.radius_mm * s.length_mm;
  }
  return 0.0;
}

}  // namespace srtdose
