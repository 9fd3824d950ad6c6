#include "host/engine/pb/pb_plan.h"

#include <chrono>
#include <optional>
#include <sstream>

#include "host/core/error.h"
#include "host/physics/constants.h"
#include "host/plan/beam_segments.h"
#include "kernels/pb_dose_launch.h"

namespace srtdose {

namespace {

/// lateral: the lateral density (g.size() values) or null.
PlanDoseResult cuda_plan_dose(const Plan& plan, const PatientModel& patient, const PbBeamData& data,
                              const PbOptions& o, const float* lateral,
                              const std::function<void(const std::string&)>& progress) {
  using clock = std::chrono::steady_clock;
  const Grid3& g = patient.grid();
  cuda::PbDevice gpu(g.view(), patient.density_g_cm3.data(), lateral, data.tables(),
                     data.softening_view());
  const double to_gy = data.energy_fluence_per_mu * physics::kGyPerMeVPerG;
  PlanDoseResult r;
  r.device = "cuda";
  r.dose = Volume<float>(g, 0.0f);
  for (const BeamSpec& beam : plan.beams) {
    const auto t0 = clock::now();
    // The segments' beamlets and electron maps on the host, in parallel (an arc's control
    // points), then one after the other on the device.
    const std::vector<BeamSegment> segments = expand_beam(beam);
    std::vector<std::optional<PbSegment>> prepared(segments.size());
#pragma omp parallel for schedule(dynamic)
    for (std::size_t i = 0; i < segments.size(); ++i)
      if (segments[i].mu > 0) prepared[i].emplace(patient, segments[i], data);
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (!prepared[i] || prepared[i]->beamlets.empty()) continue;
      const PbSegment& seg = *prepared[i];
      ++r.segments;
      gpu.add_segment(seg.view(data, nullptr, lateral, o.min_density_g_cm3), seg.lattice(),
                      data.max_half, to_gy, segments[i].mu * plan.fractions);
    }
    Volume<float> beam_dose(g, 0.0f);
    gpu.take_dose(beam_dose.data());
    const double seconds = std::chrono::duration<double>(clock::now() - t0).count();
    r.transport_seconds += seconds;
    if (progress) {
      std::ostringstream msg;
      msg << "beam " << beam.name << ": " << segments.size() << " segments on CUDA, " << seconds
          << " s";
      progress(msg.str());
    }
    for (std::int64_t v = 0; v < g.size(); ++v) r.dose[v] += beam_dose[v];
    r.per_beam.emplace_back(beam.name, std::move(beam_dose));
  }
  return r;
}

}  // namespace

PlanDoseResult pb_plan_dose(const Plan& plan, const PatientModel& patient, const PbBeamData& data,
                            const PbOptions& o,
                            const std::function<void(const std::string&)>& progress) {
  if (o.lateral_scaling && !data.lateral_scaling)
    throw InputError("pencil beam: lateral scaling needs beam data built for it");
  if (o.device == Device::Auto)
    throw InputError("pencil beam: resolve the device (auto) before calling the engine");
  const Volume<float> rho = o.lateral_scaling ? lateral_density(patient) : Volume<float>();
  if (o.device == Device::Cuda)
    return cuda_plan_dose(plan, patient, data, o, o.lateral_scaling ? rho.data() : nullptr,
                          progress);
  PlanDoseResult r = plan_dose(
      plan, patient,
      [&](const BeamSegment& s) {
        return pb_dose_per_mu(patient, s, data, o.min_density_g_cm3, nullptr,
                              o.lateral_scaling ? &rho : nullptr);
      },
      progress);
  r.device = "cpu";
  return r;
}

}  // namespace srtdose
