// Materials of the patient model: nominal mass density and electrons per nucleon (Z/A).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace srtdose {

/// Index of a built-in material (stored per voxel as std::uint8_t).
enum class MaterialId : std::uint8_t { Air = 0, Lung, Adipose, SoftTissue, Water, Muscle, Bone };

/// A built-in material. Compositions are those of the NIST material tables (ICRU Report 44
/// tissues), whose mu/rho and mu_en/rho the beam data use; <Z/A> from the same NIST tables.
struct Material {
  MaterialId id;
  std::string_view name;         ///< name used in plans ("water", "lung", ...)
  double nominal_density_g_cm3;  ///< ICRU 44 density (inflated lung is set per object)
  double z_over_a;               ///< mean electrons per nucleon, mol/g
  std::string_view nist_table;   ///< name of the NIST SRD 126 attenuation table
};

/// All built-in materials, in MaterialId order.
std::span<const Material> materials();

/// The material of a plan name; throws InputError listing the known names when unknown.
const Material& material_by_name(std::string_view name, const std::string& where);
const Material& material_by_id(MaterialId id);

/// Electron density relative to water for a material at a given mass density:
/// rho_e / rho_e,water = rho * (Z/A) / (1 g/cm3 * (Z/A)_water).
double relative_electron_density(const Material& m, double density_g_cm3);

/// Electrons per gram of a voxel relative to water's, (Z/A) / (Z/A)_water. Bone below its
/// nominal (cortical) density is taken as a mixture of soft tissue and cortical bone by mass
/// (w = (1/rho_t - 1/rho) / (1/rho_t - 1/rho_b)), so that the ratio runs continuously from soft
/// tissue's at 1.06 g/cm3 to cortical bone's at 1.92 (no step at the CT threshold).
double electrons_per_gram_ratio(MaterialId m, double density_g_cm3);

/// The material assigned to a CT voxel of a given mass density (g/cm3). Thresholds between
/// the ICRU 44 densities: < 0.05 air, < 0.85 lung, < 0.98 adipose, < 1.10 soft tissue, else bone.
MaterialId material_for_ct_density(double density_g_cm3);

}  // namespace srtdose
