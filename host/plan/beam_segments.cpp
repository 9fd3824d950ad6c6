#include "host/plan/beam_segments.h"

#include "host/core/numeric_cast.h"

#include <cmath>

namespace srtdose {

namespace {

double wrap_deg(double a) {
  a = std::fmod(a, 360.0);
  return a < 0 ? a + 360.0 : a;
}

/// Midpoint of two gantry angles along the shorter way between them.
double mid_angle_deg(double a, double b) {
  double diff = std::fmod(b - a + 540.0, 360.0) - 180.0;  // in [-180, 180)
  return wrap_deg(a + 0.5 * diff);
}

Aperture mid_aperture(const Aperture& a, const Aperture& b) {
  Aperture m = a;
  if (a.jaws && b.jaws) {
    m.jaws = Jaws{0.5 * (a.jaws->x1 + b.jaws->x1), 0.5 * (a.jaws->x2 + b.jaws->x2),
                  0.5 * (a.jaws->y1 + b.jaws->y1), 0.5 * (a.jaws->y2 + b.jaws->y2)};
  }
  if (a.mlc && b.mlc && a.mlc->model == b.mlc->model) {
    for (std::size_t i = 0; i < m.mlc->a_mm.size(); ++i) {
      m.mlc->a_mm[i] = 0.5 * (a.mlc->a_mm[i] + b.mlc->a_mm[i]);
      m.mlc->b_mm[i] = 0.5 * (a.mlc->b_mm[i] + b.mlc->b_mm[i]);
    }
  }
  return m;
}

}  // namespace

double arc_length_deg(double start_deg, double stop_deg, RotationDirection dir) {
  const double len = dir == RotationDirection::CW ? wrap_deg(stop_deg - start_deg)
                                                  : wrap_deg(start_deg - stop_deg);
  return len == 0.0 ? 360.0 : len;
}

int arc_segment_count(const ArcSpec& arc) {
  const double len = arc_length_deg(arc.start_deg, arc.stop_deg, arc.direction);
  return checked_count<int>(len / arc.spacing_deg - 1e-9, 360000, "arc segments");
}

std::vector<BeamSegment> expand_beam(const BeamSpec& beam) {
  BeamSegment base;
  base.gantry_deg = beam.gantry_deg;
  base.collimator_deg = beam.collimator_deg;
  base.couch_deg = beam.couch_deg;
  base.isocenter_mm = beam.isocenter_mm;
  base.sad_mm = beam.sad_mm;
  base.aperture = beam.aperture;
  base.mu = beam.mu;

  std::vector<BeamSegment> out;
  if (beam.arc) {
    const ArcSpec& arc = *beam.arc;
    const double len = arc_length_deg(arc.start_deg, arc.stop_deg, arc.direction);
    const int n = arc_segment_count(arc);
    const double sign = arc.direction == RotationDirection::CW ? 1.0 : -1.0;
    for (int i = 0; i < n; ++i) {
      BeamSegment s = base;
      s.gantry_deg = wrap_deg(arc.start_deg + sign * (i + 0.5) * len / n);
      s.mu = beam.mu / n;
      out.push_back(s);
    }
  } else if (!beam.control_points.empty()) {
    const auto& cps = beam.control_points;
    const double total = cps.back().meterset_weight;
    for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
      const double w = cps[i + 1].meterset_weight - cps[i].meterset_weight;
      if (w <= 0) continue;
      BeamSegment s = base;
      s.gantry_deg = mid_angle_deg(cps[i].gantry_deg, cps[i + 1].gantry_deg);
      s.aperture = mid_aperture(cps[i].aperture, cps[i + 1].aperture);
      s.mu = beam.mu * w / total;
      out.push_back(s);
    }
  } else {
    out.push_back(base);
  }
  return out;
}

}  // namespace srtdose
