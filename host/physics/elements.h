// Elements of body tissues and phantom materials, and the compositions of srtdose's materials.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "host/core/materials.h"

namespace srtdose::physics {

struct Element {
  int z;
  std::string_view symbol;
  double atomic_mass;  ///< g/mol (IUPAC 2013 standard atomic weights)
  double i_value_ev;   ///< mean excitation energy as an element in a compound (ICRU 37)
};

/// The element of atomic number z (1, 6, 7, 8, 11, 12, 15, 16, 17, 18, 19, 20, 26, 29, 53, 74);
/// throws InputError for others.
const Element& element(int z);

struct Constituent {
  int z;
  double mass_fraction;
};

/// Composition by mass fraction (sums to 1). ICRU Report 44 (1989) body tissues, liquid water,
/// dry air near sea level; the same compositions NIST XCOM/ESTAR use.
std::span<const Constituent> composition(MaterialId id);

/// Z/A of a composition (mol/g), and its mean excitation energy I (eV) from the ICRU 37 rule
/// ln I = sum w_i (Z/A)_i ln I_i / sum w_i (Z/A)_i, with the material's own I where ICRU 37
/// gives one (water 75 eV, air 85.7 eV, ...).
double z_over_a(MaterialId id);
double i_value_ev(MaterialId id);

}  // namespace srtdose::physics
