#include "host/physics/elements.h"

#include <array>
#include <cmath>
#include <string>

#include "host/core/error.h"

namespace srtdose::physics {

namespace {

// Standard atomic weights: IUPAC (2013). I-values: ICRU Report 37 (1984), Table 2.11
// (elements in compounds; gases as condensed); Cu and W as metals (ICRU 37 Table 4.3).
constexpr std::array<Element, 16> kElements{{
    {1, "H", 1.008, 19.2},
    {6, "C", 12.011, 81.0},
    {7, "N", 14.007, 82.0},
    {8, "O", 15.999, 106.0},
    {11, "Na", 22.990, 168.4},
    {12, "Mg", 24.305, 176.3},
    {15, "P", 30.974, 195.5},
    {16, "S", 32.06, 203.4},
    {17, "Cl", 35.45, 180.0},
    {18, "Ar", 39.948, 188.0},
    {19, "K", 39.098, 214.7},
    {20, "Ca", 40.078, 215.8},
    {26, "Fe", 55.845, 323.2},
    {29, "Cu", 63.546, 322.0},
    {53, "I", 126.904, 554.8},
    {74, "W", 183.84, 727.0},
}};

// Mass fractions: ICRU Report 44 (1989) tissues as tabulated by NIST (XCOM / ESTAR material
// compositions); water H2O; dry air near sea level.
constexpr Constituent kAir[] = {{6, 0.000124}, {7, 0.755268}, {8, 0.231781}, {18, 0.012827}};
constexpr Constituent kLung[] = {{1, 0.103},  {6, 0.105},  {7, 0.031},  {8, 0.749}, {11, 0.002},
                                 {15, 0.002}, {16, 0.003}, {17, 0.003}, {19, 0.002}};
constexpr Constituent kAdipose[] = {{1, 0.114},  {6, 0.598},  {7, 0.007}, {8, 0.278},
                                    {11, 0.001}, {16, 0.001}, {17, 0.001}};
constexpr Constituent kSoftTissue[] = {{1, 0.102},  {6, 0.143},  {7, 0.034},
                                       {8, 0.708},  {11, 0.002}, {15, 0.003},
                                       {16, 0.003}, {17, 0.002}, {19, 0.003}};
constexpr Constituent kWater[] = {{1, 0.111894}, {8, 0.888106}};
constexpr Constituent kMuscle[] = {{1, 0.102},  {6, 0.143},  {7, 0.034},  {8, 0.710}, {11, 0.001},
                                   {15, 0.002}, {16, 0.003}, {17, 0.001}, {19, 0.004}};
constexpr Constituent kBone[] = {{1, 0.034},  {6, 0.155},  {7, 0.042},  {8, 0.435}, {11, 0.001},
                                 {12, 0.002}, {15, 0.103}, {16, 0.003}, {20, 0.225}};

// Mean excitation energies of the materials themselves (ICRU 37 / NIST ESTAR), eV.
double material_i_value(MaterialId id) {
  switch (id) {
    case MaterialId::Air:
      return 85.7;
    case MaterialId::Water:
      return 75.0;
    default:
      return 0;  // from the composition
  }
}

}  // namespace

const Element& element(int z) {
  for (const Element& e : kElements)
    if (e.z == z) return e;
  throw InputError("no data for element Z = " + std::to_string(z));
}

std::span<const Constituent> composition(MaterialId id) {
  switch (id) {
    case MaterialId::Air:
      return kAir;
    case MaterialId::Lung:
      return kLung;
    case MaterialId::Adipose:
      return kAdipose;
    case MaterialId::SoftTissue:
      return kSoftTissue;
    case MaterialId::Water:
      return kWater;
    case MaterialId::Muscle:
      return kMuscle;
    case MaterialId::Bone:
      return kBone;
  }
  throw InputError("no composition for this material");
}

double z_over_a(MaterialId id) {
  double s = 0;
  for (const Constituent& c : composition(id))
    s += c.mass_fraction * c.z / element(c.z).atomic_mass;
  return s;
}

double i_value_ev(MaterialId id) {
  if (const double own = material_i_value(id); own > 0) return own;
  double num = 0, den = 0;
  for (const Constituent& c : composition(id)) {
    const double w = c.mass_fraction * c.z / element(c.z).atomic_mass;
    num += w * std::log(element(c.z).i_value_ev);
    den += w;
  }
  return std::exp(num / den);
}

}  // namespace srtdose::physics
