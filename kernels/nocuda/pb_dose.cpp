// Host twin of kernels/pb_dose.cu for builds without CUDA.
#include "host/core/error.h"
#include "kernels/pb_dose_launch.h"

namespace srtdose::cuda {

struct PbDevice::Impl {};

PbDevice::PbDevice(const GridView&, const float*, const float*, const PbTablesView&,
                   const PbSofteningView&) {
  throw DeviceError(
      "srtdose was built without CUDA (SRTDOSE_CUDA=OFF or no nvcc): use --device cpu");
}
PbDevice::~PbDevice() = default;
PbDevice::PbDevice(PbDevice&&) noexcept = default;
PbDevice& PbDevice::operator=(PbDevice&&) noexcept = default;

void PbDevice::add_segment(const PbSegmentView&, const PbLatticeView&, int, double, double) {
  throw DeviceError("srtdose was built without CUDA: use --device cpu");
}
void PbDevice::take_dose(float*) {
  throw DeviceError("srtdose was built without CUDA: use --device cpu");
}
std::vector<DijRow> PbDevice::dij_rows(const PbSegmentView&, const std::vector<double>&,
                                       const std::vector<double>&, double, double, double) {
  throw DeviceError("srtdose was built without CUDA: use --device cpu");
}

}  // namespace srtdose::cuda
