#include "host/core/materials.h"

#include <algorithm>
#include <array>

#include "host/core/error.h"

namespace srtdose {

namespace {
// Densities: ICRU Report 44 (1989); Z/A: NIST ESTAR/XCOM material composition tables.
constexpr std::array<Material, 7> kMaterials{{
    {MaterialId::Air, "air", 0.001205, 0.49919, "air"},
    {MaterialId::Lung, "lung", 1.05, 0.54965, "lung"},
    {MaterialId::Adipose, "adipose", 0.95, 0.55579, "adipose"},
    {MaterialId::SoftTissue, "soft_tissue", 1.06, 0.54996, "tissue"},
    {MaterialId::Water, "water", 1.0, 0.55508, "water"},
    {MaterialId::Muscle, "muscle", 1.05, 0.55000, "muscle"},
    {MaterialId::Bone, "bone", 1.92, 0.51478, "bone"},
}};
}  // namespace

std::span<const Material> materials() {
  return kMaterials;
}

const Material& material_by_name(std::string_view name, const std::string& where) {
  for (const Material& m : kMaterials) {
    if (m.name == name) return m;
  }
  std::string known;
  for (const Material& m : kMaterials) known += (known.empty() ? "" : ", ") + std::string(m.name);
  throw InputError(where + ": unknown material \"" + std::string(name) + "\" (known: " + known +
                   ")");
}

const Material& material_by_id(MaterialId id) {
  return kMaterials[static_cast<std::size_t>(id)];
}

double relative_electron_density(const Material& m, double density_g_cm3) {
  return density_g_cm3 * m.z_over_a /
         kMaterials[static_cast<std::size_t>(MaterialId::Water)].z_over_a;
}

double electrons_per_gram_ratio(MaterialId id, double density_g_cm3) {
  const double water = kMaterials[static_cast<std::size_t>(MaterialId::Water)].z_over_a;
  if (id != MaterialId::Bone) return kMaterials[static_cast<std::size_t>(id)].z_over_a / water;
  const Material& t = kMaterials[static_cast<std::size_t>(MaterialId::SoftTissue)];
  const Material& b = kMaterials[static_cast<std::size_t>(MaterialId::Bone)];
  const double rho = std::clamp(density_g_cm3, t.nominal_density_g_cm3, b.nominal_density_g_cm3);
  const double w = (1 / t.nominal_density_g_cm3 - 1 / rho) /
                   (1 / t.nominal_density_g_cm3 - 1 / b.nominal_density_g_cm3);
  return (w * b.z_over_a + (1 - w) * t.z_over_a) / water;
}

MaterialId material_for_ct_density(double density_g_cm3) {
  if (density_g_cm3 < 0.05) return MaterialId::Air;
  if (density_g_cm3 < 0.85) return MaterialId::Lung;
  if (density_g_cm3 < 0.98) return MaterialId::Adipose;
  if (density_g_cm3 < 1.10) return MaterialId::SoftTissue;
  return MaterialId::Bone;
}

}  // namespace srtdose
