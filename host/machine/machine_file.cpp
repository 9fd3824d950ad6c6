#include "host/machine/machine_file.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "host/core/error.h"
#include "host/io/atomic_output.h"
#include "host/io/hdf5_file.h"
#include "host/machine/electron_contamination.h"
#include "host/machine/mu_calibration.h"
#include "host/physics/pencil_kernel.h"
#include "host/physics/photon_cross_sections.h"
#include "host/physics/water_tables.h"
#include "srtdose/config.h"

namespace srtdose {

namespace {

void write_attenuation(H5File& f) {
  // 10 keV .. 20 MeV, 20 points per decade.
  std::vector<double> e;
  for (int i = 0;; ++i) {
    const double x = 0.01 * std::pow(10.0, i / 20.0);
    if (x > 20 * (1 + 1e-9)) break;
    e.push_back(std::min(x, 20.0));
  }
  f.write_array("/attenuation/energy_mev", e, {e.size()});
  for (const Material& m : materials()) {
    std::vector<double> mu, mu_en;
    for (double x : e) {
      const physics::MassCoefficients c = physics::mass_coefficients(m.id, x);
      mu.push_back(c.mu_rho);
      mu_en.push_back(c.mu_en_rho);
    }
    const std::string g = "/attenuation/" + std::string(m.name);
    f.write_array(g + "/mu_rho_cm2_g", mu, {mu.size()});
    f.write_array(g + "/mu_en_rho_cm2_g", mu_en, {mu_en.size()});
  }
}

void write_head(H5File& f, const HeadModel& h, const std::string& citation) {
  f.create_group("/head");
  const char* g = "/head";
  f.write_attr(g, "citation", citation);
  f.write_attr(g, "focal_spot_sigma_mm", h.focal_spot_sigma_mm);
  f.write_attr(g, "extra_focal_weight", h.extra_focal_weight);
  f.write_attr(g, "extra_focal_sigma_mm", h.extra_focal_sigma_mm);
  f.write_attr(g, "extra_focal_distance_mm", h.extra_focal_distance_mm);
  f.write_attr(g, "jaw_y_distance_mm", h.jaw_y_distance_mm);
  f.write_attr(g, "jaw_x_distance_mm", h.jaw_x_distance_mm);
  f.write_attr(g, "mlc_distance_mm", h.mlc_distance_mm);
  f.write_attr(g, "cone_distance_mm", h.cone_distance_mm);
  f.write_attr(g, "jaw_transmission", h.jaw_transmission);
  f.write_attr(g, "mlc_transmission", h.mlc_transmission);
  f.write_attr(g, "cone_transmission", h.cone_transmission);
  f.write_attr(g, "leaf_end_offset_mm", h.leaf_end_offset_mm);
  f.write_attr(g, "tongue_groove_mm", h.tongue_groove_mm);
  f.write_attr(g, "electron_surface_fraction", h.electron_surface_fraction);
  f.write_attr(g, "electron_depth_cm", h.electron_depth_cm);
  f.write_attr(g, "electron_sigma_mm", h.electron_sigma_mm);
  if (h.off_axis.empty()) return;
  std::vector<double> r, factor, spectra;
  for (const auto& [radius, value] : h.off_axis) r.push_back(radius), factor.push_back(value);
  f.write_array("/head/off_axis/radius_mm", r, {r.size()});
  f.write_array("/head/off_axis/energy_fluence", factor, {factor.size()});
  if (h.off_axis_spectrum.empty()) return;
  for (const auto& row : h.off_axis_spectrum) spectra.insert(spectra.end(), row.begin(), row.end());
  f.write_array("/head/off_axis/photon_fluence", spectra,
                {r.size(), h.off_axis_spectrum.front().size()});
}

}  // namespace

MachineBuildReport build_machine_file(const MachineSpec& spec, const std::filesystem::path& out,
                                      const std::function<void(double)>& progress) {
  MachineBuildReport report;
  const physics::InteractionTables water(MaterialId::Water, spec.delta_ray_threshold_mev);
  physics::KernelMcOptions o;
  o.histories = spec.kernel_histories;
  o.seed = spec.kernel_seed;
  o.batches = 64;
  const auto t0 = std::chrono::steady_clock::now();
  if (progress) progress(0.0);
  // One kernel per energy group (kernel hardening), the histories shared in proportion to the
  // groups' surface TERMA; their TERMA-weighted sum is the polyenergetic kernel.
  GroupKernels grouped;
  grouped.groups = physics::split_by_terma(spec.spectrum, water, spec.energy_groups);
  grouped.terma_share = physics::terma_shares(spec.spectrum, water, grouped.groups);
  std::int64_t assigned = 0;
  for (int g = 0; g < grouped.groups.groups(); ++g) {
    physics::KernelMcOptions og = o;
    const bool last = g + 1 == grouped.groups.groups();
    og.histories = last ? o.histories - assigned
                        : std::llround(static_cast<double>(o.histories) *
                                       grouped.terma_share[static_cast<std::size_t>(g)]);
    og.histories = std::max<std::int64_t>(og.histories, 4 * o.batches);
    assigned += og.histories;
    og.seed = o.seed + 1000003ULL * static_cast<std::uint64_t>(g);
    grouped.kernels.push_back(physics::simulate_point_kernel(
        physics::group_spectrum(spec.spectrum, grouped.groups, g), water, og));
    if (progress) progress(0.9 * (g + 1) / grouped.groups.groups());
  }
  const physics::PointKernel k = grouped.total();
  report.kernel_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  report.histories_per_second = static_cast<double>(o.histories) / report.kernel_seconds;
  report.escaped = k.escaped;
  if (progress) progress(0.9);
  physics::ConeKernel cone = physics::collapse_kernel(k, spec.zenith_bands);
  physics::fit_two_exponentials(cone);
  for (double sigma : physics::band_relative_sigma(k, cone))
    report.worst_band_sigma = std::max(report.worst_band_sigma, sigma);

  // Pencil kernel on cylindrical shells (0.25 mm .. 30 cm) and 2.5 mm slabs to 30 cm.
  std::vector<double> pr, pz;
  for (double r = 0.025; r < 30; r *= 1.08) pr.push_back(r);
  pr.push_back(30);
  for (int i = 0; i <= 120; ++i) pz.push_back(0.25 * i);
  const physics::PencilKernel pencil =
      physics::pencil_kernel(grouped.kernels, grouped.groups, spec.spectrum, water, pr, pz);

  HeadModel head = spec.head;
  if (spec.target_model) {
    const physics::OffAxisSpectra oa =
        physics::thick_target_off_axis(*spec.target_model, spec.off_axis_radius_mm, spec.sad_mm);
    head.off_axis.clear();
    head.off_axis_spectrum.clear();
    for (std::size_t i = 0; i < oa.radius_mm.size(); ++i) {
      head.off_axis.emplace_back(oa.radius_mm[i], oa.energy_fluence[i]);
      head.off_axis_spectrum.push_back(oa.spectra[i].fluence);
    }
  }
  MuCalibration cal = calibrate_mu(pencil);
  // The reference field's axis fluence (focal spot, head scatter) and its electron
  // contamination at d_max take their share of the 1 cGy/MU.
  const double axis_fluence = aperture_fluence(reference_field_aperture(), head, 0.5).sample(0, 0);
  const double electron_share =
      head.electron_surface_fraction * std::exp(-cal.dmax_cm / head.electron_depth_cm);
  cal.energy_fluence_per_mu *= (1 - electron_share) / axis_fluence;
  report.dmax_cm = cal.dmax_cm;
  report.energy_fluence_per_mu = cal.energy_fluence_per_mu;
  report.reference_axis_fluence = axis_fluence;
  report.electron_share_at_dmax = electron_share;

  AtomicOutput output(out);
  {
    H5File f = H5File::create(output);
    f.write_attr("/", "srtdose_version", std::string(SRTDOSE_VERSION));
    f.write_attr("/", "machine", spec.name);
    f.write_attr("/", "description", spec.description);
    f.write_attr("/", "spec_file", spec.file.string());
    f.write_attr("/", "source", spec.source);
    f.write_attr("/", "sad_mm", spec.sad_mm);
    const physics::Spectrum& s = spec.spectrum;
    f.write_array("/spectrum/bin_top_mev", s.bin_top_mev, {s.bin_top_mev.size()});
    f.write_array("/spectrum/fluence", s.fluence, {s.fluence.size()});
    f.write_attr("/spectrum/fluence", "citation", s.citation);
    f.write_attr("/spectrum/fluence", "bin_min_mev", s.bin_min_mev);
    write_attenuation(f);
    const std::size_t nc = static_cast<std::size_t>(k.binning.cones),
                      ns = static_cast<std::size_t>(k.binning.shells());
    f.write_array("/kernel/point/radius_edges_cm", k.binning.radius_edges_cm, {ns});
    f.write_array("/kernel/point/primary", k.primary, {nc, ns});
    f.write_array("/kernel/point/scatter", k.scatter, {nc, ns});
    f.write_array("/kernel/point/primary_sigma", k.primary_sigma, {nc, ns});
    f.write_array("/kernel/point/scatter_sigma", k.scatter_sigma, {nc, ns});
    f.write_attr("/kernel/point/primary", "histories", static_cast<std::int64_t>(k.histories));
    f.write_attr("/kernel/point/primary", "seed", static_cast<std::int64_t>(spec.kernel_seed));
    f.write_attr("/kernel/point/primary", "escaped_fraction", k.escaped);
    f.write_attr("/kernel/point/primary", "cones", static_cast<std::int64_t>(nc));
    write_group_kernels(f, grouped);
    const std::size_t nb = static_cast<std::size_t>(cone.bands()),
                      nr = static_cast<std::size_t>(cone.radii());
    f.write_array("/kernel/collapsed/zenith_edges_rad", cone.zenith_edges_rad, {nb + 1});
    f.write_array("/kernel/collapsed/radius_cm", cone.radius_cm, {nr});
    f.write_array("/kernel/collapsed/cumulative_primary", cone.cumulative_primary, {nb, nr});
    f.write_array("/kernel/collapsed/cumulative_scatter", cone.cumulative_scatter, {nb, nr});
    std::vector<double> fits;
    for (const auto& fit : cone.fits)
      fits.insert(fits.end(), {fit.a_amp, fit.a_per_cm, fit.b_amp, fit.b_per_cm});
    f.write_array("/kernel/collapsed/two_exponential_fit", fits, {nb, 4});
    f.write_attr("/kernel/collapsed/two_exponential_fit", "columns",
                 std::vector<std::string>{"A", "a_per_cm", "B", "b_per_cm"});
    f.write_attr("/kernel/collapsed/cumulative_primary", "worst_band_relative_sigma",
                 report.worst_band_sigma);
    f.write_array("/kernel/pencil/radius_edges_cm", pencil.radius_edges_cm,
                  {pencil.radius_edges_cm.size()});
    f.write_array("/kernel/pencil/depth_edges_cm", pencil.depth_edges_cm,
                  {pencil.depth_edges_cm.size()});
    f.write_array(
        "/kernel/pencil/energy", pencil.energy,
        {static_cast<std::size_t>(pencil.slabs()), static_cast<std::size_t>(pencil.shells())});
    f.write_attr("/kernel/pencil/energy", "units",
                 std::string("fraction of the incident energy per shell and slab"));
    write_head(f, head, spec.head_citation);
    f.create_group("/calibration");
    f.write_attr("/calibration", "reference",
                 std::string("1 cGy/MU at d_max, 10 x 10 cm, SSD 100 cm, water"));
    f.write_attr("/calibration", "dmax_cm", cal.dmax_cm);
    f.write_attr("/calibration", "dose_gy_per_mev_cm2", cal.dose_gy_per_fluence);
    f.write_attr("/calibration", "energy_fluence_mev_cm2_per_mu", cal.energy_fluence_per_mu);
    f.close();
  }
  output.commit();
  if (progress) progress(1.0);
  return report;
}

physics::Spectrum read_spectrum(const H5File& f) {
  physics::Spectrum s;
  std::vector<std::size_t> d;
  s.name = f.read_attr_string("/", "machine");
  s.bin_top_mev = f.read_array("/spectrum/bin_top_mev", d);
  s.fluence = f.read_array("/spectrum/fluence", d);
  s.bin_min_mev = f.read_attr_double("/spectrum/fluence", "bin_min_mev");
  s.citation = f.read_attr_string("/spectrum/fluence", "citation");
  if (s.bin_top_mev.size() != s.fluence.size() || s.fluence.empty())
    throw IoError(f.path().string() + ": /spectrum is inconsistent");
  return s;
}

HeadModel read_head_model(const H5File& f) {
  HeadModel h = HeadModel::ideal(f.read_attr_double("/", "sad_mm"));
  if (!f.exists("/head")) return h;  // files of srtdose <= 0.3: ideal head
  const char* g = "/head";
  h.focal_spot_sigma_mm = f.read_attr_double(g, "focal_spot_sigma_mm");
  h.extra_focal_weight = f.read_attr_double(g, "extra_focal_weight");
  h.extra_focal_sigma_mm = f.read_attr_double(g, "extra_focal_sigma_mm");
  h.extra_focal_distance_mm = f.read_attr_double(g, "extra_focal_distance_mm");
  h.jaw_y_distance_mm = f.read_attr_double(g, "jaw_y_distance_mm");
  h.jaw_x_distance_mm = f.read_attr_double(g, "jaw_x_distance_mm");
  h.mlc_distance_mm = f.read_attr_double(g, "mlc_distance_mm");
  h.cone_distance_mm = f.read_attr_double(g, "cone_distance_mm");
  h.jaw_transmission = f.read_attr_double(g, "jaw_transmission");
  h.mlc_transmission = f.read_attr_double(g, "mlc_transmission");
  h.cone_transmission = f.read_attr_double(g, "cone_transmission");
  h.leaf_end_offset_mm = f.read_attr_double(g, "leaf_end_offset_mm");
  h.tongue_groove_mm = f.read_attr_double(g, "tongue_groove_mm");
  h.electron_surface_fraction = f.read_attr_double(g, "electron_surface_fraction");
  h.electron_depth_cm = f.read_attr_double(g, "electron_depth_cm");
  h.electron_sigma_mm = f.read_attr_double(g, "electron_sigma_mm");
  if (!f.exists("/head/off_axis/radius_mm")) return h;
  std::vector<std::size_t> d;
  const std::vector<double> r = f.read_array("/head/off_axis/radius_mm", d);
  const std::vector<double> factor = f.read_array("/head/off_axis/energy_fluence", d);
  if (factor.size() != r.size())
    throw IoError(f.path().string() + ": /head/off_axis is inconsistent");
  for (std::size_t i = 0; i < r.size(); ++i) h.off_axis.emplace_back(r[i], factor[i]);
  if (!f.exists("/head/off_axis/photon_fluence")) return h;
  const std::vector<double> spectra = f.read_array("/head/off_axis/photon_fluence", d);
  if (d.size() != 2 || d[0] != r.size())
    throw IoError(f.path().string() + ": /head/off_axis/photon_fluence is inconsistent");
  for (std::size_t i = 0; i < d[0]; ++i)
    h.off_axis_spectrum.emplace_back(spectra.begin() + i * d[1], spectra.begin() + (i + 1) * d[1]);
  return h;
}

physics::PointKernel read_point_kernel(const H5File& f) {
  physics::PointKernel k;
  std::vector<std::size_t> d;
  k.binning.radius_edges_cm = f.read_array("/kernel/point/radius_edges_cm", d);
  k.primary = f.read_array("/kernel/point/primary", d);
  if (d.size() != 2 || d[1] != k.binning.radius_edges_cm.size())
    throw IoError(f.path().string() + ": /kernel/point has inconsistent shapes");
  k.binning.cones = static_cast<int>(d[0]);
  k.scatter = f.read_array("/kernel/point/scatter", d);
  if (k.scatter.size() != k.primary.size())
    throw IoError(f.path().string() + ": /kernel/point has inconsistent shapes");
  k.primary_sigma = f.read_array("/kernel/point/primary_sigma", d);
  k.scatter_sigma = f.read_array("/kernel/point/scatter_sigma", d);
  if (k.primary_sigma.size() != k.primary.size() || k.scatter_sigma.size() != k.primary.size())
    throw IoError(f.path().string() + ": /kernel/point sigmas have inconsistent shapes");
  k.histories = f.read_attr_int("/kernel/point/primary", "histories");
  return k;
}

physics::PointKernel GroupKernels::total() const {
  physics::PointKernel t = kernels.front();
  t.histories = 0;
  t.escaped = 0;
  t.mean_energy_mev = 0;
  for (std::size_t i = 0; i < t.primary.size(); ++i)
    t.primary[i] = t.scatter[i] = t.primary_sigma[i] = t.scatter_sigma[i] = 0;
  for (std::size_t g = 0; g < kernels.size(); ++g) {
    const physics::PointKernel& k = kernels[g];
    const double w = terma_share[g];
    for (std::size_t i = 0; i < t.primary.size(); ++i) {
      t.primary[i] += w * k.primary[i];
      t.scatter[i] += w * k.scatter[i];
      t.primary_sigma[i] += w * w * k.primary_sigma[i] * k.primary_sigma[i];
      t.scatter_sigma[i] += w * w * k.scatter_sigma[i] * k.scatter_sigma[i];
    }
    t.histories += k.histories;
    t.escaped += w * k.escaped;
    t.mean_energy_mev += w * k.mean_energy_mev;
  }
  for (std::size_t i = 0; i < t.primary.size(); ++i) {
    t.primary_sigma[i] = std::sqrt(t.primary_sigma[i]);
    t.scatter_sigma[i] = std::sqrt(t.scatter_sigma[i]);
  }
  return t;
}

void write_group_kernels(H5File& f, const GroupKernels& gk) {
  const std::size_t ng = gk.kernels.size();
  std::vector<double> first(gk.groups.first_bin.begin(), gk.groups.first_bin.end());
  f.write_array("/kernel/groups/first_bin", first, {first.size()});
  f.write_array("/kernel/groups/terma_share", gk.terma_share, {ng});
  for (std::size_t g = 0; g < ng; ++g) {
    const physics::PointKernel& k = gk.kernels[g];
    const std::string p = "/kernel/groups/" + std::to_string(g);
    const std::size_t nc = static_cast<std::size_t>(k.binning.cones),
                      ns = static_cast<std::size_t>(k.binning.shells());
    f.write_array(p + "/primary", k.primary, {nc, ns});
    f.write_array(p + "/scatter", k.scatter, {nc, ns});
    f.write_array(p + "/primary_sigma", k.primary_sigma, {nc, ns});
    f.write_array(p + "/scatter_sigma", k.scatter_sigma, {nc, ns});
    f.write_attr(p + "/primary", "histories", static_cast<std::int64_t>(k.histories));
    f.write_attr(p + "/primary", "escaped_fraction", k.escaped);
  }
}

GroupKernels read_group_kernels(const H5File& f) {
  GroupKernels gk;
  const physics::PointKernel total = read_point_kernel(f);
  const std::size_t bins = read_spectrum(f).fluence.size();
  if (!f.exists("/kernel/groups")) {
    // A machine file made before energy groups: one group, the polyenergetic kernel.
    gk.groups.first_bin = {0, static_cast<int>(bins)};
    gk.terma_share = {1.0};
    gk.kernels = {total};
    return gk;
  }
  std::vector<std::size_t> d;
  for (double b : f.read_array("/kernel/groups/first_bin", d))
    gk.groups.first_bin.push_back(static_cast<int>(b));
  gk.terma_share = f.read_array("/kernel/groups/terma_share", d);
  const int ng = gk.groups.groups();
  if (ng < 1 || ng > physics::kMaxEnergyGroups || gk.groups.first_bin.front() != 0 ||
      gk.groups.first_bin.back() != static_cast<int>(bins) ||
      !std::is_sorted(gk.groups.first_bin.begin(), gk.groups.first_bin.end()) ||
      gk.terma_share.size() != static_cast<std::size_t>(ng))
    throw IoError(f.path().string() + ": /kernel/groups is inconsistent");
  for (int g = 0; g < ng; ++g) {
    const std::string p = "/kernel/groups/" + std::to_string(g);
    physics::PointKernel k = total;
    k.primary = f.read_array(p + "/primary", d);
    k.scatter = f.read_array(p + "/scatter", d);
    k.primary_sigma = f.read_array(p + "/primary_sigma", d);
    k.scatter_sigma = f.read_array(p + "/scatter_sigma", d);
    for (const auto* v : {&k.primary, &k.scatter, &k.primary_sigma, &k.scatter_sigma})
      if (v->size() != total.primary.size())
        throw IoError(f.path().string() + ": " + p + " has inconsistent shapes");
    k.histories = f.read_attr_int(p + "/primary", "histories");
    k.escaped = f.read_attr_double(p + "/primary", "escaped_fraction");
    gk.kernels.push_back(std::move(k));
  }
  return gk;
}

physics::ConeKernel read_cone_kernel(const H5File& f) {
  physics::ConeKernel c;
  std::vector<std::size_t> d;
  c.zenith_edges_rad = f.read_array("/kernel/collapsed/zenith_edges_rad", d);
  c.radius_cm = f.read_array("/kernel/collapsed/radius_cm", d);
  c.cumulative_primary = f.read_array("/kernel/collapsed/cumulative_primary", d);
  if (d.size() != 2 || d[0] + 1 != c.zenith_edges_rad.size() || d[1] != c.radius_cm.size())
    throw IoError(f.path().string() + ": /kernel/collapsed has inconsistent shapes");
  c.cumulative_scatter = f.read_array("/kernel/collapsed/cumulative_scatter", d);
  const std::vector<double> fits = f.read_array("/kernel/collapsed/two_exponential_fit", d);
  for (std::size_t i = 0; i + 3 < fits.size(); i += 4)
    c.fits.push_back({fits[i], fits[i + 1], fits[i + 2], fits[i + 3]});
  return c;
}

physics::ConeKernel read_cone_kernel(const std::filesystem::path& file) {
  return read_cone_kernel(H5File::open_read(file));
}

physics::PencilKernel read_pencil_kernel(const H5File& f) {
  physics::PencilKernel p;
  std::vector<std::size_t> d;
  p.radius_edges_cm = f.read_array("/kernel/pencil/radius_edges_cm", d);
  p.depth_edges_cm = f.read_array("/kernel/pencil/depth_edges_cm", d);
  p.energy = f.read_array("/kernel/pencil/energy", d);
  if (d.size() != 2 || d[0] + 1 != p.depth_edges_cm.size() || d[1] != p.radius_edges_cm.size())
    throw IoError(f.path().string() + ": /kernel/pencil has inconsistent shapes");
  return p;
}

}  // namespace srtdose
