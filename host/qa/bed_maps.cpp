#include "host/qa/bed_maps.h"

#include <algorithm>

#include "host/core/resample.h"
#include "host/qa/structure_names.h"

namespace srtdose {

std::vector<int> voxel_tissue_owner(const Grid3& g,
                                    const std::vector<const Volume<float>*>& structure_masks,
                                    const std::vector<Dvh>& dvhs, int target_index) {
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
  std::vector<int> owner(static_cast<std::size_t>(g.size()), -1);
#pragma omp parallel for schedule(static)
  for (std::int64_t v = 0; v < g.size(); ++v)
    for (std::size_t m = 0; m < order.size(); ++m)
      if (masks[m][v] >= 0.5f) {
        owner[static_cast<std::size_t>(v)] = order[m];
        break;
      }
  return owner;
}

BedMaps bed_maps(const Volume<float>& dose, int fractions,
                 const std::vector<const Volume<float>*>& structure_masks,
                 const std::vector<Dvh>& dvhs, const std::vector<TissueModel>& tissues,
                 int target_index, const TissueModel& other) {
  const Grid3& g = dose.grid();
  const std::vector<int> owner = voxel_tissue_owner(g, structure_masks, dvhs, target_index);
  BedMaps r{Volume<float>(g), Volume<float>(g), Volume<float>(g)};
  for (std::int64_t v = 0; v < g.size(); ++v) {
    const int o = owner[static_cast<std::size_t>(v)];
    const TissueModel* t = o < 0 ? &other : &tissues[static_cast<std::size_t>(o)];
    const double b = bed_gy(fractions, dose[v] / fractions, *t);
    r.bed[v] = static_cast<float>(b);
    r.eqd2[v] = static_cast<float>(eqd2_gy(b, t->effective_alpha_beta_gy()));
    r.alpha_beta[v] = static_cast<float>(t->effective_alpha_beta_gy());
  }
  return r;
}

}  // namespace srtdose
