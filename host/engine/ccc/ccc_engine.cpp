#include "host/engine/ccc/ccc_engine.h"

#include <chrono>
#include <cmath>

#include "host/core/contract.h"
#include "host/engine/ccc/cone_transport.h"
#include "host/engine/ccc/terma.h"
#include "host/physics/constants.h"
#include "kernels/ccc_lattice_launch.h"

namespace srtdose {

namespace {

/// Smallest angle between two gantry angles (degrees).
double angular_distance_deg(double a, double b) {
  const double d = std::fmod(std::abs(a - b), 360.0);
  return std::min(d, 360 - d);
}

}  // namespace

CccEngine::CccEngine(const PatientModel& patient, std::shared_ptr<const CccBeamData> beam_data,
                     const CccOptions& o)
    : media_(transport_model(patient)),
      data_(std::move(beam_data)),
      options_(o),
      receive_(patient.grid(), 0),
      tilt_weights_(data_->kernel, data_->group_exp_kernels),
      tilt_(o.kernel_tilting ? tilt_weights_.view() : TiltTable{}) {
  SRTDOSE_EXPECT(o.device != Device::Auto, "collapsed cone: the device is resolved before");
  SRTDOSE_EXPECT(o.device == Device::Cpu || o.transport == CccTransport::Lattice,
                 "collapsed cone: only the lattice transport has a CUDA path");
  const Grid3& g = patient.grid();
  for (std::int64_t v = 0; v < g.size(); ++v)
    receive_[v] = patient.density_g_cm3[v] >= o.min_density_g_cm3;
  if (o.device == Device::Cuda) {
    gpu_ = std::make_unique<cuda::CccLatticeDevice>(g.view(), patient_.density_g_cm3.data(), tilt_,
                                                    data_->exp_kernel.components(),
                                                    data_->groups.groups());
    energy_.resize(static_cast<std::size_t>(g.size()));
  }
}

CccEngine::~CccEngine() = default;

std::size_t CccEngine::group_size(std::span<const BeamSegment> segs, std::size_t first) const {
  std::size_t last = first + 1;
  while (last < segs.size() && options_.arc_group_deg > 0 &&
         angular_distance_deg(segs[last].gantry_deg, segs[first].gantry_deg) <=
             options_.arc_group_deg)
    ++last;
  return last - first;
}

// Transport of each group's TERMA (MeV/g, already x MU; `total` their sum) along the
// directions of one beam frame.
Volume<float> CccEngine::transport(const std::vector<Volume<float>>& terma,
                                   const Volume<float>& total, const BeamFrame& frame) {
  const Grid3& g = patient_.grid();
  const auto dirs = cone_directions(data_->kernel, frame.axis, options_.azimuths);
  directions_ = static_cast<int>(dirs.size());
  if (options_.transport == CccTransport::Exact) {
    Volume<float> sum(g, 0.0f);
    for (std::size_t q = 0; q < terma.size(); ++q) {
      const Volume<float> d =
          ccc_dose(terma[q], patient_.density_g_cm3, data_->group_kernels[q], dirs, &receive_);
      for (std::int64_t v = 0; v < g.size(); ++v) sum[v] += d[v];
    }
    return sum;
  }
  const auto lattice =
      lattice_directions(g, data_->kernel, data_->group_exp_kernels, dirs, frame.source_mm);
  std::vector<const Volume<float>*> groups;
  for (const Volume<float>& t : terma) groups.push_back(&t);
  if (!gpu_)
    return ccc_dose_lattice(groups, total, patient_.density_g_cm3, lattice, tilt_, &receive_);
  std::vector<const float*> host;
  for (const Volume<float>& t : terma) host.push_back(t.data());
  gpu_->transport(host, total.data(), lattice, energy_.data());
  return energy_to_dose(g, energy_, &receive_);
}

// The segments' MU-weighted TERMAs add exactly; the kernel axis (and tilting source) is their
// MU-weighted mean gantry angle. Electron contamination is dose, not TERMA: added per segment,
// outside the transport.
void CccEngine::add_dose(std::span<const BeamSegment> segs, int fractions, Volume<float>& beam_dose,
                         DoseTimings& timings) {
  using clock = std::chrono::steady_clock;
  const Grid3& g = patient_.grid();
  const int n_groups = data_->groups.groups();
  const bool with_electrons = data_->head.electron_surface_fraction > 0;
  const auto t0 = clock::now();
  std::vector<Volume<float>> terma(static_cast<std::size_t>(n_groups), Volume<float>(g, 0.0f));
  Volume<float> total(g, 0.0f);
  double sx = 0, sy = 0;
  for (const BeamSegment& s : segs) {
    Volume<float> electrons(with_electrons ? g : Grid3(), 0.0f);
    const std::vector<Volume<float>> t = terma_per_mu_by_group(
        patient_, s, *data_, options_.fluence_pixel_mm, with_electrons ? &electrons : nullptr);
    for (int q = 0; q < n_groups; ++q) {
      Volume<float>& sum = terma[static_cast<std::size_t>(q)];
      const Volume<float>& add = t[static_cast<std::size_t>(q)];
      for (std::int64_t v = 0; v < g.size(); ++v) {
        const float x = static_cast<float>(s.mu * add[v]);
        sum[v] += x;
        total[v] += x;
      }
    }
    if (with_electrons)
      for (std::int64_t v = 0; v < g.size(); ++v)
        if (receive_[v])
          beam_dose[v] += static_cast<float>(fractions * s.mu * electrons[v]) * media_.to_medium[v];
    const double rad = s.gantry_deg * physics::kPi / 180;
    sx += s.mu * std::cos(rad), sy += s.mu * std::sin(rad);
  }
  timings.terma_s += std::chrono::duration<double>(clock::now() - t0).count();
  BeamSegment mean = segs.front();
  mean.gantry_deg = std::fmod(std::atan2(sy, sx) * 180 / physics::kPi + 360, 360.0);
  const BeamFrame frame = beam_frame(mean.gantry_deg, mean.collimator_deg, mean.couch_deg,
                                     mean.isocenter_mm, mean.sad_mm, patient_.position);
  const Volume<float> d = transport(terma, total, frame);
  for (std::int64_t v = 0; v < g.size(); ++v)
    beam_dose[v] += static_cast<float>(fractions * d[v]) * media_.to_medium[v];
}

DoseResult ccc_plan_dose(const Plan& plan, const PatientModel& patient, const CccBeamData& data,
                         const CccOptions& options, const Progress& progress) {
  CccEngine engine(patient, std::shared_ptr<const CccBeamData>(std::shared_ptr<void>(), &data),
                   options);
  return run_engine(engine, EngineKind::Ccc, plan, patient.grid(), progress);
}

}  // namespace srtdose
