// 3D gamma analysis (Low et al. 1998) between a reference and an evaluated dose on arbitrary
// grids (1D, 2D or 3D), on the CPU or a GPU. The search is kernels/common/gamma.h.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/device_choice.h"
#include "host/core/volume.h"

namespace srtdose {

struct GammaOptions {
  double dd_percent = 3.0;  ///< dose-difference criterion (%)
  double dta_mm = 2.0;      ///< distance-to-agreement criterion
  bool local = false;       ///< local (% of the reference point's dose) vs global
  double threshold_percent =
      10.0;  ///< reference points below this % of the normalisation are skipped
  std::optional<double> norm_dose_gy;  ///< global normalisation; default: reference maximum
  /// Cap on the reported gamma, and on the search (at most max_gamma x DTA away): values above
  /// it are reported as the cap. 2 as TG-218 practice reports; in (0, 1000].
  double max_gamma = 2.0;
  int interp_fraction = 10;  ///< search step = DTA / interp_fraction (Wendling 2007)

  /// "tg218" (3 % global / 2 mm, 10 % threshold; Miften et al. 2018), "2%/2mm", "2%/1mm"
  /// (stereotactic practice), each global with a 10 % threshold. Throws InputError otherwise.
  static GammaOptions preset(std::string_view name);
  /// Throws InputError naming the option when a value is out of range.
  void validate() const;
  std::string describe() const;  ///< e.g. "3%/2mm global, threshold 10%"
};

struct GammaResult {
  Volume<float> gamma;         ///< on the reference grid; NaN where not evaluated
  double norm_dose_gy = 0;     ///< the global normalisation used
  std::int64_t evaluated = 0;  ///< reference points above threshold with a gamma value
  std::int64_t passed = 0;     ///< gamma <= 1
  std::int64_t no_data = 0;    ///< above threshold but outside the evaluated grid's reach
  double pass_rate_pct = 0;
  double mean = 0, median = 0, max = 0;
  double histogram_bin = 0.05;  ///< histogram of gamma: bins [i*bin, (i+1)*bin), last = overflow
  std::vector<std::int64_t> histogram;
  Device device = Device::Cpu;
  double seconds = 0;
};

/// Gamma of every reference voxel against the evaluated distribution. Throws InputError when
/// the grids do not overlap or an option is invalid, DeviceError when CUDA is asked for and
/// unavailable.
GammaResult gamma_index(const Volume<float>& reference, const Volume<float>& evaluated,
                        const GammaOptions& options, Device device = Device::Auto);

}  // namespace srtdose
