#include "host/machine/electron_contamination.h"

#include <cmath>

namespace srtdose {

Aperture reference_field_aperture() {
  Aperture a;
  a.jaws = Jaws{-50, 50, -50, 50};
  return a;
}

namespace {

/// The open aperture (no transmission, no source blur) blurred by the electrons' spread.
FluenceMap electron_map(const Aperture& aperture, const HeadModel& head) {
  HeadModel open = HeadModel::ideal(head.sad_mm);
  const double pixel = std::max(0.5, head.electron_sigma_mm / 4);
  FluenceMap m = aperture_fluence(aperture, open, pixel, 4 * head.electron_sigma_mm + 2 * pixel);
  gaussian_blur(m, head.electron_sigma_mm);
  return m;
}

}  // namespace

ElectronContamination::ElectronContamination(const Aperture& aperture, const HeadModel& head) {
  if (!(head.electron_surface_fraction > 0)) return;
  active_ = true;
  depth_cm_ = head.electron_depth_cm;
  map_ = electron_map(aperture, head);
  const FluenceMap ref = electron_map(reference_field_aperture(), head);
  scale_ = 0.01 * head.electron_surface_fraction / ref.sample(0, 0);
}

void ElectronContamination::extent(double& x0, double& x1, double& y0, double& y1) const {
  x0 = map_.x_mm(0), x1 = map_.x_mm(map_.nx - 1), y0 = map_.y_mm(0), y1 = map_.y_mm(map_.ny - 1);
}

}  // namespace srtdose
