#include "host/engine/pb/dij.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "host/core/error.h"
#include "host/io/atomic_output.h"
#include "host/io/hdf5_file.h"
#include "host/io/patient_io.h"
#include "host/plan/beam_segments.h"

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

DijMatrix compute_dij(const Plan& plan, const PatientModel& patient, const PbBeamData& data,
                      const DijOptions& o) {
  if (!(o.cutoff_mm > 0) || !(o.threshold >= 0) || o.threshold >= 1)
    throw InputError("Dij: cutoff must be > 0 mm and threshold in [0, 1)");
  const Grid3& g = patient.grid();
  if (g.size() > 2147483647)
    throw InputError("Dij: grids of more than 2^31 voxels are not supported");
  DijMatrix m;
  m.grid = g;
  m.beamlet_mm = data.beamlet_mm;
  m.indptr.push_back(0);
  for (std::size_t bi = 0; bi < plan.beams.size(); ++bi) {
    const std::vector<BeamSegment> segments = expand_beam(plan.beams[bi]);
    for (std::size_t si = 0; si < segments.size(); ++si) {
      const BeamSegment& s = segments[si];
      if (!(s.mu > 0)) continue;
      const BeamFrame frame = beam_frame(s.gantry_deg, s.collimator_deg, s.couch_deg,
                                         s.isocenter_mm, s.sad_mm, patient.position);
      const std::vector<Beamlet> beamlets = segment_beamlets(s, data);
      // The pencil beam's own depths (fan lines), so that D w is its dose.
      const FanDepthMap depths = segment_fan_depths(patient, frame, beamlet_box(beamlets), data);
      // Voxels bucketed by their beam's-eye-view position (cells of the cutoff size at the
      // isocentre plane): a beamlet looks at its own cell and the eight around it.
      const double cell = o.cutoff_mm;
      std::map<std::pair<int, int>, std::vector<std::int64_t>> buckets;
      std::vector<Vec3> bev(static_cast<std::size_t>(g.size()));
      for (int k = 0; k < g.nz(); ++k)
        for (int j = 0; j < g.ny(); ++j)
          for (int i = 0; i < g.nx(); ++i) {
            const std::int64_t v = g.index(i, j, k);
            if (patient.density_g_cm3[v] < o.min_density_g_cm3) continue;
            const Vec3 p = frame.to_bev(g.position_mm(i, j, k));
            if (!(p.z > 0)) continue;
            bev[static_cast<std::size_t>(v)] = p;
            buckets[{static_cast<int>(std::floor(p.x / cell)),
                     static_cast<int>(std::floor(p.y / cell))}]
                .push_back(v);
          }
      std::vector<std::vector<std::pair<std::int64_t, float>>> rows(beamlets.size());
#pragma omp parallel for schedule(dynamic)
      for (std::size_t b = 0; b < beamlets.size(); ++b) {
        Beamlet unit = beamlets[b];
        unit.fluence = 1;
        const int cx = static_cast<int>(std::floor(unit.x_mm / cell)),
                  cy = static_cast<int>(std::floor(unit.y_mm / cell));
        auto& row = rows[b];
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) {
            const auto it = buckets.find({cx + dx, cy + dy});
            if (it == buckets.end()) continue;
            for (std::int64_t v : it->second) {
              const Vec3& p = bev[static_cast<std::size_t>(v)];
              const double scale = p.z / frame.sad_mm;
              if (std::hypot(p.x - unit.x_mm, p.y - unit.y_mm) * scale > o.cutoff_mm) continue;
              const double d = beamlet_dose_per_mu(data, frame, unit, p, 0.1 * depths.depth_mm(p));
              if (d > 0) row.emplace_back(v, static_cast<float>(d));
            }
          }
        std::sort(row.begin(), row.end());
        float mx = 0;
        for (const auto& e : row) mx = std::max(mx, e.second);
        const float cut = static_cast<float>(o.threshold) * mx;
        row.erase(
            std::remove_if(row.begin(), row.end(), [&](const auto& e) { return e.second < cut; }),
            row.end());
      }
      for (std::size_t b = 0; b < beamlets.size(); ++b) {
        for (const auto& [v, d] : rows[b])
          m.indices.push_back(static_cast<std::int32_t>(v)), m.data.push_back(d);
        m.indptr.push_back(static_cast<std::int64_t>(m.indices.size()));
        m.beamlets.push_back({static_cast<int>(bi), static_cast<int>(si), beamlets[b].x_mm,
                              beamlets[b].y_mm, s.mu * plan.fractions * beamlets[b].fluence});
      }
    }
  }
  return m;
}

void write_dij_hdf5(const std::filesystem::path& path, const DijMatrix& m, const Plan& plan) {
  AtomicOutput out(path);
  {
    H5File f = H5File::create(out.temp_path());
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
