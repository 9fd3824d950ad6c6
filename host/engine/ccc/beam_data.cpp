#include "host/engine/ccc/beam_data.h"

#include "host/core/error.h"
#include "host/io/hdf5_file.h"
#include "host/machine/machine_file.h"
#include "host/physics/photon_cross_sections.h"

namespace srtdose {

CccBeamData CccBeamData::from_machine_file(const std::filesystem::path& file, int zenith_bands) {
  const H5File f = H5File::open_read(file);
  CccBeamData d;
  std::vector<std::size_t> dims;
  const std::vector<double> top = f.read_array("/spectrum/bin_top_mev", dims);
  const std::vector<double> fluence = f.read_array("/spectrum/fluence", dims);
  const double lo = f.read_attr_double("/spectrum/fluence", "bin_min_mev");
  if (top.size() != fluence.size() || top.empty())
    throw IoError(file.string() + ": /spectrum is inconsistent");
  double total = 0;
  for (std::size_t i = 0; i < top.size(); ++i) {
    const double e = std::max(0.011, 0.5 * ((i == 0 ? lo : top[i - 1]) + top[i]));
    d.energy_mev.push_back(e);
    d.energy_fraction.push_back(fluence[i] * e);
    total += fluence[i] * e;
  }
  for (double& w : d.energy_fraction) w /= total;
  for (const Material& m : materials())
    for (double e : d.energy_mev) {
      const physics::MassCoefficients c = physics::mass_coefficients(m.id, e);
      d.mu_rho[static_cast<std::size_t>(m.id)].push_back(c.incoherent + c.photoelectric + c.pair);
    }
  if (zenith_bands > 0) {
    physics::PointKernel k;
    k.binning.radius_edges_cm = f.read_array("/kernel/point/radius_edges_cm", dims);
    k.primary = f.read_array("/kernel/point/primary", dims);
    if (dims.size() != 2 || dims[1] != k.binning.radius_edges_cm.size())
      throw IoError(file.string() + ": /kernel/point has inconsistent shapes");
    k.binning.cones = static_cast<int>(dims[0]);
    k.scatter = f.read_array("/kernel/point/scatter", dims);
    d.kernel = physics::collapse_kernel(k, zenith_bands);
  } else {
    d.kernel = read_cone_kernel(file);
  }
  d.energy_fluence_per_mu = f.read_attr_double("/calibration", "energy_fluence_mev_cm2_per_mu");
  d.head = HeadModel::ideal(f.read_attr_double("/", "sad_mm"));
  return d;
}

}  // namespace srtdose
