#include "host/engine/ccc/ccc_engine.h"

#include <chrono>
#include <cmath>
#include <sstream>

#include "host/core/error.h"
#include "host/engine/ccc/cone_transport.h"
#include "host/engine/ccc/lattice_transport.h"
#include "host/engine/ccc/terma.h"
#include "host/geometry/iec61217.h"
#include "host/physics/constants.h"
#include "host/plan/beam_segments.h"
#include "kernels/ccc_lattice_launch.h"

namespace srtdose {

namespace {

/// Smallest angle between two gantry angles (degrees).
double angular_distance_deg(double a, double b) {
  const double d = std::fmod(std::abs(a - b), 360.0);
  return std::min(d, 360 - d);
}

}  // namespace

PlanDoseResult plan_dose(const Plan& plan, const PatientModel& patient,
                         const SegmentDose& segment_dose,
                         const std::function<void(const std::string&)>& progress) {
  using clock = std::chrono::steady_clock;
  const Grid3& g = patient.grid();
  PlanDoseResult r;
  r.dose = Volume<float>(g, 0.0f);
  for (const BeamSpec& beam : plan.beams) {
    Volume<float> beam_dose(g, 0.0f);
    for (const BeamSegment& s : expand_beam(beam)) {
      if (!(s.mu > 0)) continue;
      const auto t0 = clock::now();
      const Volume<float> d = segment_dose(s);
      const double seconds = std::chrono::duration<double>(clock::now() - t0).count();
      r.transport_seconds += seconds;
      ++r.segments;
      const double scale = s.mu * plan.fractions;
      for (std::int64_t v = 0; v < g.size(); ++v) beam_dose[v] += static_cast<float>(scale * d[v]);
      if (progress) {
        std::ostringstream msg;
        msg << "beam " << beam.name << " segment " << r.segments << ": gantry " << s.gantry_deg
            << ", " << seconds << " s";
        progress(msg.str());
      }
    }
    for (std::int64_t v = 0; v < g.size(); ++v) r.dose[v] += beam_dose[v];
    r.per_beam.emplace_back(beam.name, std::move(beam_dose));
  }
  return r;
}

Volume<float> plan_dose_sum(const Plan& plan, const PatientModel& patient,
                            const SegmentDose& segment_dose) {
  return plan_dose(plan, patient, segment_dose).dose;
}

PlanDoseResult ccc_plan_dose(const Plan& plan, const PatientModel& patient, const CccBeamData& data,
                             const CccOptions& o,
                             const std::function<void(const std::string&)>& progress) {
  const Grid3& g = patient.grid();
  Volume<std::uint8_t> receive(g, 0);
  for (std::int64_t v = 0; v < g.size(); ++v)
    receive[v] = patient.density_g_cm3[v] >= o.min_density_g_cm3;
  const bool on_gpu = o.device == Device::Cuda;
  if (o.device == Device::Auto)
    throw InputError("collapsed cone: resolve the device (auto) before calling the engine");
  if (on_gpu && o.transport != CccTransport::Lattice)
    throw InputError("collapsed cone: the exact transport has no CUDA path; use the lattice");
  // One kernel per energy group (kernel hardening), all with the bands and rates of data.kernel.
  const int n_groups = data.groups.groups();
  const TiltWeights tilt_weights(data.kernel, data.group_exp_kernels);
  const TiltTable tilt = o.kernel_tilting ? tilt_weights.view() : TiltTable{};
  std::unique_ptr<cuda::CccLatticeDevice> gpu;
  if (on_gpu)
    gpu = std::make_unique<cuda::CccLatticeDevice>(g.view(), patient.density_g_cm3.data(), tilt,
                                                   data.exp_kernel.components(), n_groups);
  std::vector<double> energy(on_gpu ? static_cast<std::size_t>(g.size()) : 0);
  // Transport of each group's TERMA (MeV/g, already x MU; `total` their sum) along the
  // directions of one beam frame.
  int directions = 0;
  auto transport = [&](const std::vector<Volume<float>>& terma, const Volume<float>& total,
                       const BeamFrame& frame) {
    const auto dirs = cone_directions(data.kernel, frame.axis, o.azimuths);
    directions = static_cast<int>(dirs.size());
    if (o.transport == CccTransport::Exact) {
      Volume<float> sum(g, 0.0f);
      for (int q = 0; q < n_groups; ++q) {
        const Volume<float> d =
            ccc_dose(terma[static_cast<std::size_t>(q)], patient.density_g_cm3,
                     data.group_kernels[static_cast<std::size_t>(q)], dirs, &receive);
        for (std::int64_t v = 0; v < g.size(); ++v) sum[v] += d[v];
      }
      return sum;
    }
    const auto lattice =
        lattice_directions(g, data.kernel, data.group_exp_kernels, dirs, frame.source_mm);
    std::vector<const Volume<float>*> groups;
    for (const Volume<float>& t : terma) groups.push_back(&t);
    if (!on_gpu)
      return ccc_dose_lattice(groups, total, patient.density_g_cm3, lattice, tilt, &receive);
    std::vector<const float*> host;
    for (const Volume<float>& t : terma) host.push_back(t.data());
    gpu->transport(host, total.data(), lattice, energy.data());
    return energy_to_dose(g, energy, &receive);
  };
  // Electron contamination is dose, not TERMA: added per segment, outside the transport.
  const bool with_electrons = data.head.electron_surface_fraction > 0;
  using clock = std::chrono::steady_clock;
  PlanDoseResult r;
  r.dose = Volume<float>(g, 0.0f);
  for (const BeamSpec& beam : plan.beams) {
    Volume<float> beam_dose(g, 0.0f);
    std::vector<BeamSegment> segs;
    for (const BeamSegment& s : expand_beam(beam))
      if (s.mu > 0) segs.push_back(s);
    // Consecutive segments within arc_group_deg of the group's first share one transport:
    // their MU-weighted TERMAs add exactly; the kernel axis (and tilting source) is the group's
    // mean gantry angle.
    for (std::size_t first = 0; first < segs.size();) {
      std::size_t last = first + 1;
      while (last < segs.size() && o.arc_group_deg > 0 &&
             angular_distance_deg(segs[last].gantry_deg, segs[first].gantry_deg) <= o.arc_group_deg)
        ++last;
      const auto t0 = clock::now();
      std::vector<Volume<float>> terma(static_cast<std::size_t>(n_groups), Volume<float>(g, 0.0f));
      Volume<float> total(g, 0.0f);
      double sx = 0, sy = 0, mu = 0;
      for (std::size_t i = first; i < last; ++i) {
        Volume<float> electrons(with_electrons ? g : Grid3(), 0.0f);
        const std::vector<Volume<float>> t = terma_per_mu_by_group(
            patient, segs[i], data, o.fluence_pixel_mm, with_electrons ? &electrons : nullptr);
        for (int q = 0; q < n_groups; ++q) {
          Volume<float>& sum = terma[static_cast<std::size_t>(q)];
          const Volume<float>& add = t[static_cast<std::size_t>(q)];
          for (std::int64_t v = 0; v < g.size(); ++v) {
            const float x = static_cast<float>(segs[i].mu * add[v]);
            sum[v] += x;
            total[v] += x;
          }
        }
        if (with_electrons)
          for (std::int64_t v = 0; v < g.size(); ++v)
            if (receive[v])
              beam_dose[v] += static_cast<float>(plan.fractions * segs[i].mu * electrons[v]);
        const double rad = segs[i].gantry_deg * physics::kPi / 180;
        sx += segs[i].mu * std::cos(rad), sy += segs[i].mu * std::sin(rad), mu += segs[i].mu;
      }
      const auto t1 = clock::now();
      BeamSegment mean = segs[first];
      mean.gantry_deg = std::fmod(std::atan2(sy, sx) * 180 / physics::kPi + 360, 360.0);
      const BeamFrame frame = beam_frame(mean.gantry_deg, mean.collimator_deg, mean.couch_deg,
                                         mean.isocenter_mm, mean.sad_mm, patient.position);
      const Volume<float> d = transport(terma, total, frame);
      for (std::int64_t v = 0; v < g.size(); ++v)
        beam_dose[v] += static_cast<float>(plan.fractions * d[v]);
      const auto t2 = clock::now();
      r.terma_seconds += std::chrono::duration<double>(t1 - t0).count();
      r.transport_seconds += std::chrono::duration<double>(t2 - t1).count();
      r.segments += static_cast<int>(last - first);
      ++r.transports;
      if (progress) {
        std::ostringstream msg;
        msg << "beam " << beam.name << ": " << last - first << " segment(s) at gantry "
            << mean.gantry_deg << ", " << std::chrono::duration<double>(t2 - t0).count() << " s";
        progress(msg.str());
      }
      first = last;
    }
    for (std::int64_t v = 0; v < g.size(); ++v) r.dose[v] += beam_dose[v];
    r.per_beam.emplace_back(beam.name, std::move(beam_dose));
  }
  r.directions = directions;
  r.device = on_gpu ? "cuda" : "cpu";
  return r;
}

}  // namespace srtdose
