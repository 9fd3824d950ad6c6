// Voxel BED, EQD2 and alpha/beta maps of a plan dose, each voxel with the tissue of the
// structure that covers it.
#pragma once

#include <vector>

#include "host/core/volume.h"
#include "host/qa/dvh.h"
#include "host/qa/radiobiology.h"

namespace srtdose {

struct BedMaps {
  Volume<float> bed, eqd2, alpha_beta;  ///< Gy, Gy, Gy on the dose grid
};

/// Index into masks/dvhs of the structure whose tissue each voxel of g takes (-1: none), by the
/// rule below.
std::vector<int> voxel_tissue_owner(const Grid3& g, const std::vector<const Volume<float>*>& masks,
                                    const std::vector<Dvh>& dvhs, int target_index);

/// Each voxel takes the tissue of the first structure covering at least half of it: the
/// prescription target (target_index), other targets (is_target), then organs from the
/// smallest up (so an organ inside BODY keeps its own alpha/beta); elsewhere `other`.
/// masks[i], dvhs[i] and tissues[i] belong together (masks on any grid).
BedMaps bed_maps(const Volume<float>& dose, int fractions,
                 const std::vector<const Volume<float>*>& masks, const std::vector<Dvh>& dvhs,
                 const std::vector<TissueModel>& tissues, int target_index,
                 const TissueModel& other);

}  // namespace srtdose
