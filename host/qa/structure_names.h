// Matching structure names from different planning systems ("SpinalCord", "Spinal_Cord", "CORD").
#pragma once

#include <string>
#include <vector>

namespace srtdose {

/// Lower case, letters and digits only ("Spinal_Cord " -> "spinalcord").
std::string normalise_structure_name(const std::string& name);

/// Index into names of the first name equal (after normalising) to one of the aliases, trying
/// the aliases in order; -1 when none matches.
int match_structure(const std::vector<std::string>& names, const std::vector<std::string>& aliases);

/// True for names that conventionally denote targets (GTV, CTV, ITV, PTV, with any suffix).
bool is_target_name(const std::string& name);

}  // namespace srtdose
