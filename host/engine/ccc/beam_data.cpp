#include "host/engine/ccc/beam_data.h"

#include "host/core/error.h"
#include "host/io/hdf5_file.h"
#include "host/machine/machine_file.h"
#include "host/physics/photon_cross_sections.h"

namespace srtdose {

CccBeamData CccBeamData::from_machine_file(const std::filesystem::path& file, int zenith_bands) {
  const H5File f = H5File::open_read(file);
  CccBeamData d;
  const physics::Spectrum spectrum = read_spectrum(f);
  double total = 0;
  for (std::size_t i = 0; i < spectrum.fluence.size(); ++i) {
    const double e = std::max(0.011, spectrum.bin_mid(i));
    d.energy_mev.push_back(e);
    d.energy_fraction.push_back(spectrum.fluence[i] * e);
    total += spectrum.fluence[i] * e;
  }
  for (double& w : d.energy_fraction) w /= total;
  for (const Material& m : materials())
    for (double e : d.energy_mev) {
      const physics::MassCoefficients c = physics::attenuation_coefficients(m.id, e);
      d.mu_rho[static_cast<std::size_t>(m.id)].push_back(c.incoherent + c.photoelectric + c.pair);
    }
  d.kernel = zenith_bands > 0 ? physics::collapse_kernel(read_point_kernel(f), zenith_bands)
                              : read_cone_kernel(f);
  d.exp_kernel = physics::fit_exponential_kernel(d.kernel);
  const GroupKernels grouped = read_group_kernels(f);
  d.groups = grouped.groups;
  for (const physics::PointKernel& k : grouped.kernels) {
    d.group_kernels.push_back(physics::collapse_kernel(k, d.kernel.bands()));
    d.group_exp_kernels.push_back(physics::fit_exponential_kernel(d.group_kernels.back()));
  }
  d.energy_fluence_per_mu = f.read_attr_double("/calibration", "energy_fluence_mev_cm2_per_mu");
  d.head = read_head_model(f);
  for (const std::vector<double>& photons : d.head.off_axis_spectrum) {
    if (photons.size() != d.energy_mev.size())
      throw IoError(file.string() + ": /head/off_axis/photon_fluence has the wrong number of bins");
    std::vector<double> w(photons.size());
    double sum = 0;
    for (std::size_t b = 0; b < w.size(); ++b) sum += w[b] = photons[b] * d.energy_mev[b];
    for (double& x : w) x /= sum;
    d.off_axis_energy_fraction.push_back(std::move(w));
  }
  return d;
}

}  // namespace srtdose
