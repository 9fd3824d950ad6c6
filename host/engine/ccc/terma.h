// TERMA (total energy released per unit mass) of one beam segment, per MU.
#pragma once

#include <vector>

#include "host/engine/ccc/beam_data.h"
#include "host/plan/beam_segments.h"
#include "host/plan/patient_model.h"

namespace srtdose {

/// TERMA (MeV/g per MU) at every voxel centre: for each spectrum bin, the energy fluence per
/// MU at 100 cm x the aperture fluence at the voxel's beam's-eye-view position x the inverse
/// square law x exp(-mu_water x radiological depth) x mu/rho of the voxel's material
/// (Ahnesjo 1989 eq. 2; attenuation per energy bin, so the beam hardens with depth). The
/// spectrum is the one at the voxel's off-axis radius (softening) when the machine has one.
/// The radiological depth is traced to every voxel where the fluence exceeds 5 % of the open
/// field; in the leakage below, it is interpolated between fan lines every two voxels.
/// When electron_dose is given, the electron-contamination dose per MU (Gy) is added into it.
Volume<float> terma_per_mu(const PatientModel& patient, const BeamSegment& segment,
                           const CccBeamData& data, double fluence_pixel_mm = 0.5,
                           Volume<float>* electron_dose = nullptr);

/// The same split by the machine's energy groups (data.groups): element g holds the TERMA of
/// group g's bins, for the group's own kernel (kernel hardening); their sum is terma_per_mu.
std::vector<Volume<float>> terma_per_mu_by_group(const PatientModel& patient,
                                                 const BeamSegment& segment,
                                                 const CccBeamData& data,
                                                 double fluence_pixel_mm = 0.5,
                                                 Volume<float>* electron_dose = nullptr);

}  // namespace srtdose
