// Host twin of kernels/ccc_lattice.cu for builds without CUDA.
#include "host/core/error.h"
#include "kernels/ccc_lattice_launch.h"

namespace srtdose::cuda {

struct CccLatticeDevice::Impl {};

CccLatticeDevice::CccLatticeDevice(const GridView&, const float*, const TiltTable&, int, int) {
  throw DeviceError(
      "srtdose was built without CUDA (SRTDOSE_CUDA=OFF or no nvcc): use --device cpu");
}
CccLatticeDevice::~CccLatticeDevice() = default;
CccLatticeDevice::CccLatticeDevice(CccLatticeDevice&&) noexcept = default;
CccLatticeDevice& CccLatticeDevice::operator=(CccLatticeDevice&&) noexcept = default;

void CccLatticeDevice::transport(const std::vector<const float*>&, const float*,
                                 const std::vector<LatticeDirection>&, double*) {
  throw DeviceError("srtdose was built without CUDA: use --device cpu");
}

}  // namespace srtdose::cuda
