#include "host/core/device_choice.h"

#include "host/core/error.h"
#include "kernels/device_info.h"

namespace srtdose {

Device device_by_name(std::string_view name, const std::string& where) {
  if (name == "cpu") return Device::Cpu;
  if (name == "cuda") return Device::Cuda;
  if (name == "auto") return Device::Auto;
  throw InputError(where + ": unknown device \"" + std::string(name) + "\" (cpu, cuda or auto)");
}

std::string_view to_string(Device d) {
  switch (d) {
    case Device::Cpu:
      return "cpu";
    case Device::Cuda:
      return "cuda";
    case Device::Auto:
      return "auto";
  }
  return "?";
}

Device resolve_device(Device requested) {
  if (requested == Device::Cpu) return Device::Cpu;
  const bool usable = !cuda::devices().empty();
  if (requested == Device::Auto) return usable ? Device::Cuda : Device::Cpu;
  if (!usable) {
    throw DeviceError("--device cuda: no usable CUDA device (" + cuda::unavailable_reason() +
                      "); use --device cpu or auto");
  }
  return Device::Cuda;
}

}  // namespace srtdose
