#include "host/engine/pb/dij.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "host/core/error.h"
#include "host/io/atomic_output.h"
#include "host/io/hdf5_file.h"
#include "host/physics/constants.h"
#include "host/plan/beam_segments.h"
#include "host/plan/patient_io.h"
#include "kernels/common/pb_executors.h"
#include "kernels/pb_dose_launch.h"

namespace srtdose {

Volume<float> DijMatrix::multiply(const std::vector<double>& w) const {
  if (w.size() != beamlets.size()) throw InputError("Dij: one weight per beamlet is needed");
  Volume<float> d(grid, 0.0f);
  for (std::size_t j = 0; j < beamlets.size(); ++j)
    for (std::int64_t k = indptr[j]; k < indptr[j + 1]; ++k)
      d[indices[static_cast<std::size_t>(k)]] +=
          static_cast<float>(w[j] * data[static_cast<std::size_t>(k)]);
  return d;
}

std::vector<double> DijMatrix::open_weights() const {
  std::vector<double> w;
  for (const DijBeamlet& b : beamlets) w.push_back(b.open_weight);
  return w;
}

namespace {

using Row = std::vector<std::pair<std::int64_t, float>>;

/// The rows of one segment's beamlets on the CPU: voxels bucketed by their beam's-eye-view
/// position at the isocentre plane, in cells wide enough that the cutoff at the shallowest
/// voxel's depth stays within a beamlet's own cell and the eight around it.
std::vector<Row> cpu_rows(const PatientModel& patient, const PbSegmentView& view,
                          const std::vector<Beamlet>& beamlets, double to_gy, const DijOptions& o) {
  const Grid3& g = patient.grid();
  const GridView gv = g.view();
  std::vector<std::pair<std::int64_t, PbQuery>> queries;
  double max_inv_sq = 0;
  const PbQueryExecutor query{view, gv, patient.density_g_cm3.data(), nullptr};
  for (std::int64_t idx = 0; idx < g.size(); ++idx) {
    PbQuery q;
    if (!query.query(idx, q)) continue;
    queries.emplace_back(idx, q);
    max_inv_sq = std::max(max_inv_sq, q.inv_sq);
  }
  const double cell = o.cutoff_mm * std::sqrt(max_inv_sq);  // cutoff / smallest z / SAD
  std::map<std::pair<int, int>, std::vector<std::pair<std::int64_t, PbQuery>>> buckets;
  for (const auto& e : queries) {
    const double x = (e.second.u + 0.5) * view.beamlet_mm, y = (e.second.v + 0.5) * view.beamlet_mm;
    buckets[{static_cast<int>(std::floor(x / cell)), static_cast<int>(std::floor(y / cell))}]
        .push_back(e);
  }
  std::vector<Row> rows(beamlets.size());
#pragma omp parallel for schedule(dynamic)
  for (std::size_t b = 0; b < beamlets.size(); ++b) {
    const double xb = beamlets[b].x_mm, yb = beamlets[b].y_mm;
    const int cx = static_cast<int>(std::floor(xb / cell)),
              cy = static_cast<int>(std::floor(yb / cell));
    Row& row = rows[b];
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const auto it = buckets.find({cx + dx, cy + dy});
        if (it == buckets.end()) continue;
        for (const auto& [v, q] : it->second) {
          const double d =
              pb_beamlet_value(view.tables, q, xb, yb, view.beamlet_mm, o.cutoff_mm) * to_gy;
          if (d > 0) row.emplace_back(v, static_cast<float>(d));
        }
      }
    std::sort(row.begin(), row.end());
    float mx = 0;
    for (const auto& e : row) mx = std::max(mx, e.second);
    const float cut = static_cast<float>(o.threshold) * mx;
    row.erase(std::remove_if(row.begin(), row.end(), [&](const auto& e) { return e.second < cut; }),
              row.end());
  }
  return rows;
}

}  // namespace

DijMatrix compute_dij(const Plan& plan, const PatientModel& mass, const PbBeamData& data,
                      const DijOptions& o) {
  if (!(o.cutoff_mm > 0) || !(o.threshold >= 0) || o.threshold >= 1)
    throw InputError("Dij: cutoff must be > 0 mm and threshold in [0, 1)");
  // As the pencil-beam engine: transport in water-equivalent density, dose to medium.
  const TransportModel media = transport_model(mass);
  const PatientModel& patient = media.patient;
  const Volume<float>& to_medium = media.to_medium;
  const Grid3& g = patient.grid();
  if (g.size() > 2147483647)
    throw InputError("Dij: grids of more than 2^31 voxels are not supported");
  DijMatrix m;
  m.grid = g;
  m.beamlet_mm = data.beamlet_mm;
  m.indptr.push_back(0);
  std::unique_ptr<cuda::PbDevice> gpu;
  if (o.device == Device::Cuda)
    gpu = std::make_unique<cuda::PbDevice>(g.view(), patient.density_g_cm3.data(), nullptr,
                                           data.tables(), data.softening_view());
  const double to_gy = data.energy_fluence_per_mu * physics::kGyPerMeVPerG;
  for (std::size_t bi = 0; bi < plan.beams.size(); ++bi) {
    const std::vector<BeamSegment> segments = expand_beam(plan.beams[bi]);
    for (std::size_t si = 0; si < segments.size(); ++si) {
      const BeamSegment& s = segments[si];
      if (!(s.mu > 0)) continue;
      const PbSegment seg(patient, s, data);
      if (seg.beamlets.empty()) continue;
      // The pencil beam's own depths (fan lines) and queries, so that D w is its dose (without
      // the electron contamination, which no beamlet carries).
      std::vector<Row> rows;
      if (gpu) {
        PbSegmentView view = seg.view(data, nullptr, nullptr, o.min_density_g_cm3);
        view.electrons.active = false;
        std::vector<double> x, y;
        for (const Beamlet& b : seg.beamlets) x.push_back(b.x_mm), y.push_back(b.y_mm);
        for (cuda::DijRow& r : gpu->dij_rows(view, x, y, to_gy, o.cutoff_mm, o.threshold)) {
          Row& row = rows.emplace_back();
          for (std::size_t e = 0; e < r.voxels.size(); ++e)
            row.emplace_back(r.voxels[e], r.values[e]);
        }
      } else {
        const FanDepthMap depths(patient.density_g_cm3, seg.frame, seg.fan_layout);
        PbSegmentView view = seg.view(data, depths.view().depth, nullptr, o.min_density_g_cm3);
        view.electrons.active = false;
        rows = cpu_rows(patient, view, seg.beamlets, to_gy, o);
      }
      for (std::size_t b = 0; b < seg.beamlets.size(); ++b) {
        for (const auto& [v, d] : rows[b])
          m.indices.push_back(static_cast<std::int32_t>(v)), m.data.push_back(d * to_medium[v]);
        m.indptr.push_back(static_cast<std::int64_t>(m.indices.size()));
        const Beamlet& bl = seg.beamlets[b];
        m.beamlets.push_back({static_cast<int>(bi), static_cast<int>(si), bl.x_mm, bl.y_mm,
                              s.mu * plan.fractions * bl.fluence});
      }
    }
  }
  return m;
}

void write_dij_hdf5(const std::filesystem::path& path, const DijMatrix& m, const Plan& plan) {
  AtomicOutput out(path);
  {
    H5File f = H5File::create(out);
    write_provenance(f, plan.name);
    f.write_array_f32("/dij/data", m.data);
    f.write_vector_i32("/dij/indices", m.indices);
    f.write_vector("/dij/indptr", m.indptr);
    f.write_attr(
        "/dij/data", "shape",
        std::string(std::to_string(m.beamlets.size()) + " x " + std::to_string(m.grid.size())));
    f.write_attr("/dij/data", "units", std::string("Gy per unit beamlet weight"));
    f.write_attr("/dij/indptr", "beamlets", static_cast<std::int64_t>(m.beamlets.size()));
    f.write_attr("/dij/indptr", "voxels", static_cast<std::int64_t>(m.grid.size()));
    std::vector<std::int64_t> beam, segment;
    std::vector<double> x, y, w;
    for (const DijBeamlet& b : m.beamlets) {
      beam.push_back(b.beam), segment.push_back(b.segment);
      x.push_back(b.x_mm), y.push_back(b.y_mm), w.push_back(b.open_weight);
    }
    f.write_vector("/beamlets/beam", beam);
    f.write_vector("/beamlets/segment", segment);
    f.write_array("/beamlets/x_mm", x, {x.size()});
    f.write_array("/beamlets/y_mm", y, {y.size()});
    f.write_array("/beamlets/open_weight", w, {w.size()});
    f.write_attr("/beamlets/x_mm", "beamlet_mm", m.beamlet_mm);
    std::vector<std::string> names;
    for (const BeamSpec& b : plan.beams) names.push_back(b.name);
    f.write_attr("/beamlets/beam", "names", names);
    f.write_volume("/grid", Volume<std::uint8_t>(m.grid, 0));
    f.write_attr("/grid", "note",
                 std::string("voxel index = (k * ny + j) * nx + i; geometry in the attributes"));
    f.close();
  }
  out.commit();
}

}  // namespace srtdose
