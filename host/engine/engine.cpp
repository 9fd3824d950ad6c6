#include "host/engine/engine.h"

#include <chrono>
#include <sstream>

namespace srtdose {

std::size_t Engine::group_size(std::span<const BeamSegment>, std::size_t) const {
  return 1;
}

void Engine::finish(DoseResult&) {}

void add_scaled_dose(Volume<float>& beam_dose, const Volume<float>& dose, double scale) {
  for (std::int64_t v = 0; v < dose.size(); ++v)
    beam_dose[v] += static_cast<float>(scale * dose[v]);
}

namespace {

std::string group_line(const std::string& beam, std::span<const BeamSegment> group, double seconds,
                       Device device) {
  std::ostringstream msg;
  msg << "beam " << beam << ": " << group.size() << " segment(s) at gantry "
      << group.front().gantry_deg;
  if (group.size() > 1) msg << " to " << group.back().gantry_deg;
  msg << ", " << seconds << " s on " << to_string(device);
  return msg.str();
}

/// The engine of plan_dose: a per-segment dose function, weighted and summed in double.
class SegmentDoseEngine final : public Engine {
 public:
  explicit SegmentDoseEngine(const SegmentDose& f) : f_(f) {}
  Device device() const override { return Device::Cpu; }
  void add_dose(std::span<const BeamSegment> segments, int fractions, Volume<float>& beam_dose,
                DoseTimings&) override {
    for (const BeamSegment& s : segments) add_scaled_dose(beam_dose, f_(s), s.mu * fractions);
  }

 private:
  const SegmentDose& f_;
};

}  // namespace

DoseResult run_engine(Engine& engine, EngineKind kind, const Plan& plan, const Grid3& g,
                      const Progress& progress) {
  using clock = std::chrono::steady_clock;
  DoseResult r;
  r.engine = kind;
  r.device = engine.device();
  r.dose = Volume<float>(g, 0.0f);
  for (const BeamSpec& beam : plan.beams) {
    Volume<float> beam_dose(g, 0.0f);
    std::vector<BeamSegment> segments;
    for (const BeamSegment& s : expand_beam(beam))
      if (s.mu > 0) segments.push_back(s);
    for (std::size_t first = 0; first < segments.size();) {
      const std::size_t n = std::min(std::max<std::size_t>(1, engine.group_size(segments, first)),
                                     segments.size() - first);
      const std::span<const BeamSegment> group(segments.data() + first, n);
      const auto t0 = clock::now();
      const double terma_before = r.timings.terma_s;
      engine.add_dose(group, plan.fractions, beam_dose, r.timings);
      const double seconds = std::chrono::duration<double>(clock::now() - t0).count();
      r.timings.transport_s += seconds - (r.timings.terma_s - terma_before);
      r.segments += static_cast<int>(n);
      ++r.transports;
      if (progress) progress(group_line(beam.name, group, seconds, r.device));
      first += n;
    }
    for (std::int64_t v = 0; v < g.size(); ++v) r.dose[v] += beam_dose[v];
    r.per_beam.emplace_back(beam.name, std::move(beam_dose));
  }
  engine.finish(r);
  return r;
}

DoseResult plan_dose(const Plan& plan, const PatientModel& patient, const SegmentDose& segment_dose,
                     const Progress& progress) {
  SegmentDoseEngine engine(segment_dose);
  return run_engine(engine, EngineKind::Pb, plan, patient.grid(), progress);
}

Volume<float> plan_dose_sum(const Plan& plan, const PatientModel& patient,
                            const SegmentDose& segment_dose) {
  return plan_dose(plan, patient, segment_dose).dose;
}

}  // namespace srtdose
