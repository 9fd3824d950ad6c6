#include "host/qa/bed_maps.h"

#include <algorithm>

#include "host/core/resample.h"
#include "host/qa/structure_names.h"

namespace srtdose {

BedMaps bed_maps(const Volume<float>& dose, int fractions,
                 const std::vector<const Volume<float>*>& structure_masks,
                 const std::vector<Dvh>& dvhs, const std::vector<TissueModel>& tissues,
                 int target_index, const TissueModel& other) {
  const Grid3& g = dose.grid();
  std::vector<int> order;
  for (int i = 0; i < static_cast<int>(dvhs.size()); ++i) order.push_back(i);
  auto rank = [&](int i) {
    return i == target_index ? 0 : is_target_name(dvhs[static_cast<std::size_t>(i)].name) ? 1 : 2;
  };
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
    if (rank(x) != rank(y)) return rank(x) < rank(y);
    return dvhs[static_cast<std::size_t>(x)].volume_cm3 <
           dvhs[static_cast<std::size_t>(y)].volume_cm3;
  });
  std::vector<Volume<float>> masks;
  for (int i : order) {
    const Volume<float>& m = *structure_masks[static_cast<std::size_t>(i)];
    masks.push_back(m.grid() == g ? m : resample_trilinear(m, g, 0.0f));
  }
  BedMaps r{Volume<float>(g), Volume<float>(g), Volume<float>(g)};
  for (std::int64_t v = 0; v < g.size(); ++v) {
    const TissueModel* t = &other;
    for (std::size_t m = 0; m < order.size(); ++m)
      if (masks[m][v] >= 0.5f) {
        t = &tissues[static_cast<std::size_t>(order[m])];
        break;
      }
    const double b = bed_gy(fractions, dose[v] / fractions, *t);
    r.bed[v] = static_cast<float>(b);
    r.eqd2[v] = static_cast<float>(eqd2_gy(b, t->effective_alpha_beta_gy()));
    r.alpha_beta[v] = static_cast<float>(t->effective_alpha_beta_gy());
  }
  return r;
}

}  // namespace srtdose
