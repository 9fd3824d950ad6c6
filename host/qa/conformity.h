// Stereotactic plan-quality indices of a target and a prescription isodose.
#pragma once

#include <vector>

#include "host/core/volume.h"
#include "host/qa/dvh.h"

namespace srtdose {

struct ConformityMetrics {
  double rx_gy = 0;
  double tv_cm3 = 0;          ///< target volume (TV)
  double tv_piv_cm3 = 0;      ///< target volume inside the prescription isodose
  double piv_cm3 = 0;         ///< prescription isodose volume (PIV)
  double piv50_cm3 = 0;       ///< 50 % prescription isodose volume
  double rtog_ci = 0;         ///< PIV / TV (RTOG radiosurgery guidelines, Shaw et al. 1993)
  double paddick_ci = 0;      ///< TV_PIV^2 / (TV x PIV) (Paddick, J Neurosurg 93 Suppl 3:219, 2000)
  double gradient_index = 0;  ///< PIV50 / PIV (Paddick and Lippitz, J Neurosurg 105:194, 2006)
  double r50 = 0;             ///< PIV50 / TV (RTOG 0813 / 0915)
  double d2cm_gy = 0;         ///< maximum dose at >= 2 cm from the target (RTOG 0813 / 0915)
  double d2cm_pct = 0;        ///< d2cm_gy as % of the prescription
  bool body_restricted = false;  ///< isodose volumes counted inside the body contour only
};

/// Volumes (cm3) receiving at least each level (Gy), from the trilinear interpolant of dose:
/// voxels entirely above or below a level count whole or not at all, voxels the isodose
/// surface crosses are supersampled (supersample^3 points). body (optional, on any grid)
/// weights each point by its trilinear body fraction.
std::vector<double> isodose_volumes_cm3(const Volume<float>& dose,
                                        const std::vector<double>& levels,
                                        const Volume<float>* body = nullptr, int supersample = 6);

/// Indices for a target (partial-volume mask and its DVH) and a prescription dose. The
/// distance for D2cm is measured on the dose grid from the centres of voxels at least half
/// inside the target. Throws InputError for rx_gy <= 0.
ConformityMetrics conformity_metrics(const Volume<float>& dose, const Volume<float>& target_mask,
                                     const Dvh& target_dvh, double rx_gy,
                                     const Volume<float>* body = nullptr);

}  // namespace srtdose
