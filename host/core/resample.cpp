#include "host/core/resample.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace srtdose {

double interpolate_trilinear(const Volume<float>& v, const Vec3& p_mm, double outside) {
  const Grid3& g = v.grid();
  const Vec3 c = g.continuous_index(p_mm);
  int i0[3];
  double w[3];
  for (int a = 0; a < 3; ++a) {
    const int n = g.dims()[a];
    // Points up to half a voxel outside the centres lie inside the grid box: clamp them.
    if (c[a] < -0.5 || c[a] > n - 0.5) return outside;
    const double ca = std::clamp(c[a], 0.0, static_cast<double>(n - 1));
    int lo = static_cast<int>(std::floor(ca));
    if (lo >= n - 1) lo = std::max(0, n - 2);
    i0[a] = lo;
    w[a] = n == 1 ? 0.0 : ca - lo;
  }
  const int i1x = std::min(i0[0] + 1, g.nx() - 1), i1y = std::min(i0[1] + 1, g.ny() - 1),
            i1z = std::min(i0[2] + 1, g.nz() - 1);
  auto at = [&](int i, int j, int k) { return static_cast<double>(v.at(i, j, k)); };
  const double c00 = at(i0[0], i0[1], i0[2]) * (1 - w[0]) + at(i1x, i0[1], i0[2]) * w[0];
  const double c10 = at(i0[0], i1y, i0[2]) * (1 - w[0]) + at(i1x, i1y, i0[2]) * w[0];
  const double c01 = at(i0[0], i0[1], i1z) * (1 - w[0]) + at(i1x, i0[1], i1z) * w[0];
  const double c11 = at(i0[0], i1y, i1z) * (1 - w[0]) + at(i1x, i1y, i1z) * w[0];
  const double c0 = c00 * (1 - w[1]) + c10 * w[1];
  const double c1 = c01 * (1 - w[1]) + c11 * w[1];
  return c0 * (1 - w[2]) + c1 * w[2];
}

Volume<float> resample_trilinear(const Volume<float>& v, const Grid3& target, float outside) {
  Volume<float> out(target, outside);
#pragma omp parallel for collapse(2) schedule(static)
  for (int k = 0; k < target.nz(); ++k) {
    for (int j = 0; j < target.ny(); ++j) {
      for (int i = 0; i < target.nx(); ++i) {
        out.at(i, j, k) =
            static_cast<float>(interpolate_trilinear(v, target.position_mm(i, j, k), outside));
      }
    }
  }
  return out;
}

namespace {

/// One axis of resample_box_mean: for each target index, the source indices and weights whose
/// sum is the mean over the sub samples of the 1D linear interpolant (interpolate_trilinear's
/// clamping; a sample outside contributes nothing).
struct AxisWeights {
  std::vector<int> first;  ///< per target index + 1: range into index/weight
  std::vector<int> index;
  std::vector<double> weight;
};

AxisWeights axis_weights(int n_src, double origin_src, double step_src, int n_dst,
                         double origin_dst, double step_dst, int sub) {
  AxisWeights w;
  w.first.push_back(0);
  for (int t = 0; t < n_dst; ++t) {
    const std::size_t begin = w.index.size();
    auto add = [&](int i, double x) {
      for (std::size_t q = begin; q < w.index.size(); ++q)
        if (w.index[q] == i) {
          w.weight[q] += x;
          return;
        }
      w.index.push_back(i);
      w.weight.push_back(x);
    };
    for (int q = 0; q < sub; ++q) {
      const double p = origin_dst + t * step_dst + (q - 0.5 * (sub - 1)) * step_dst / sub;
      const double c = (p - origin_src) / step_src;
      if (c < -0.5 || c > n_src - 0.5) continue;
      const double ca = std::clamp(c, 0.0, static_cast<double>(n_src - 1));
      int lo = static_cast<int>(std::floor(ca));
      if (lo >= n_src - 1) lo = std::max(0, n_src - 2);
      const double f = n_src == 1 ? 0.0 : ca - lo;
      add(lo, (1 - f) / sub);
      if (n_src > 1) add(lo + 1, f / sub);
    }
    w.first.push_back(static_cast<int>(w.index.size()));
  }
  return w;
}

}  // namespace

Volume<float> resample_box_mean(const Volume<float>& v, const Grid3& target, int sub) {
  const Grid3& g = v.grid();
  std::array<AxisWeights, 3> w;
  for (int a = 0; a < 3; ++a)
    w[a] = axis_weights(g.dims()[a], g.origin_mm()[a], g.spacing_mm()[a], target.dims()[a],
                        target.origin_mm()[a], target.spacing_mm()[a], sub);
  Volume<float> out(target, 0.0f);
#pragma omp parallel for collapse(2) schedule(static)
  for (int k = 0; k < target.nz(); ++k)
    for (int j = 0; j < target.ny(); ++j)
      for (int i = 0; i < target.nx(); ++i) {
        double sum = 0;
        for (int c = w[2].first[k]; c < w[2].first[k + 1]; ++c)
          for (int b = w[1].first[j]; b < w[1].first[j + 1]; ++b) {
            const double wzy = w[2].weight[c] * w[1].weight[b];
            for (int a = w[0].first[i]; a < w[0].first[i + 1]; ++a)
              sum += wzy * w[0].weight[a] * v.at(w[0].index[a], w[1].index[b], w[2].index[c]);
          }
        out.at(i, j, k) = static_cast<float>(sum);
      }
  return out;
}

}  // namespace srtdose
