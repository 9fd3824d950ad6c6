#include "host/engine/pb/pb_plan.h"

#include <optional>

#include "host/core/contract.h"
#include "host/physics/constants.h"
#include "kernels/pb_dose_launch.h"

namespace srtdose {

PbEngine::PbEngine(const PatientModel& patient, std::shared_ptr<const PbBeamData> beam_data,
                   const PbOptions& o)
    : media_(transport_model(patient)), data_(std::move(beam_data)), options_(o) {
  const PbBeamData& data = *data_;
  SRTDOSE_EXPECT(o.device != Device::Auto, "pencil beam: the device is resolved before");
  SRTDOSE_EXPECT(!o.lateral_scaling || data.lateral_scaling,
                 "pencil beam: lateral scaling needs beam data built for it");
  if (o.lateral_scaling) lateral_ = lateral_density(patient_);
  if (o.device == Device::Cuda)
    gpu_ = std::make_unique<cuda::PbDevice>(patient_.grid().view(), patient_.density_g_cm3.data(),
                                            o.lateral_scaling ? lateral_.data() : nullptr,
                                            data.tables(), data.softening_view());
}

PbEngine::~PbEngine() = default;

std::size_t PbEngine::group_size(std::span<const BeamSegment> segments, std::size_t first) const {
  return gpu_ ? segments.size() - first : 1;
}

void PbEngine::add_dose(std::span<const BeamSegment> segments, int fractions,
                        Volume<float>& beam_dose, DoseTimings&) {
  const Volume<float>* lateral = options_.lateral_scaling ? &lateral_ : nullptr;
  if (!gpu_) {
    for (const BeamSegment& s : segments) {
      Volume<float> d =
          pb_dose_per_mu(patient_, s, *data_, options_.min_density_g_cm3, nullptr, lateral);
      for (std::int64_t v = 0; v < d.size(); ++v) d[v] *= media_.to_medium[v];
      add_scaled_dose(beam_dose, d, s.mu * fractions);
    }
    return;
  }
  // The segments' beamlets and electron maps on the host, in parallel (an arc's control
  // points), then one after the other on the device.
  std::vector<std::optional<PbSegment>> prepared(segments.size());
#pragma omp parallel for schedule(dynamic)
  for (std::size_t i = 0; i < segments.size(); ++i)
    prepared[i].emplace(patient_, segments[i], *data_);
  const double to_gy = data_->energy_fluence_per_mu * physics::kGyPerMeVPerG;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const PbSegment& seg = *prepared[i];
    if (seg.beamlets.empty()) continue;
    gpu_->add_segment(
        seg.view(*data_, nullptr, lateral ? lateral->data() : nullptr, options_.min_density_g_cm3),
        seg.lattice(), data_->max_half, to_gy, segments[i].mu * fractions);
  }
  Volume<float> sum(beam_dose.grid(), 0.0f);
  gpu_->take_dose(sum.data());
  for (std::int64_t v = 0; v < sum.size(); ++v) beam_dose[v] += sum[v] * media_.to_medium[v];
}

DoseResult pb_plan_dose(const Plan& plan, const PatientModel& patient, const PbBeamData& data,
                        const PbOptions& options, const Progress& progress) {
  PbEngine engine(patient, std::shared_ptr<const PbBeamData>(std::shared_ptr<void>(), &data),
                  options);
  return run_engine(engine, EngineKind::Pb, plan, patient.grid(), progress);
}

}  // namespace srtdose
